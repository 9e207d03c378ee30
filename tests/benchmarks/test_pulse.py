from io import StringIO

from django.core.management import call_command

from genuinecare.people.models import Organisation
from genuinecare.surveys.models import Response, Wave


def test_benchmark_runs_on_tiny_sizes_and_cleans_up(db: None) -> None:
    out = StringIO()
    call_command("benchmark_pulse", responses=30, items=5, units=6, submissions=0, stdout=out)
    text = out.getvalue()
    assert "built 30 responses x 5 items in 6 units" in text
    assert "queries per submission: " in text
    assert "full heat map" in text and "raw CSV" in text
    assert (Organisation.objects.count(), Wave.objects.count(), Response.objects.count()) == (
        0,
        0,
        0,
    )
