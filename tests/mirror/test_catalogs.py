"""An organisation's own catalogs for puzzle pieces 4 and 5: upload, validation, choice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from genuinecare.catalog.models import CatalogVersion
from genuinecare.mirror.actions import questionnaire_of
from genuinecare.mirror.models import Assessment
from tests.conftest import Cast, ClientResponse
from tests.mirror.conftest import page_data

pytestmark = pytest.mark.django_db

PIECE4 = """
id = "piece4_acme"
version = 1
piece = "piece4"
title.en = "Piece 4: listening"
title.de = "Teil 4: Zuhören"
description.en = "How we collect what customers tell us."
description.de = "Wie wir sammeln, was Kundinnen und Kunden uns sagen."

[[dimensions]]
id = "listening_posts"
scored = true
title.en = "Listening posts"
title.de = "Horchposten"
description.en = "Customer feedback is collected in one place."
description.de = "Kundenrückmeldungen werden an einem Ort gesammelt."
[[dimensions.suggestions]]
en = "Name one owner for customer feedback."
de = "Benennen Sie eine verantwortliche Person für Kundenrückmeldungen."
[[dimensions.suggestions]]
en = "Read last month's feedback with your team."
de = "Lesen Sie die Rückmeldungen des letzten Monats mit Ihrem Team."
[[dimensions.suggestions]]
en = "Answer one piece of feedback in person."
de = "Beantworten Sie eine Rückmeldung persönlich."
"""
ITEM = """
[[items]]
id = "posts_{n}"
dimension = "listening_posts"
scale = "agree5"
reverse = false
audience = "employees"
self.en = "I know where customer feedback number {n} is kept."
self.de = "Ich weiß, wo Kundenrückmeldung Nummer {n} liegt."
others.en = "I know where customer feedback number {n} is kept, too."
others.de = "Auch ich weiß, wo Kundenrückmeldung Nummer {n} liegt."
"""
VALID = PIECE4 + "".join(ITEM.format(n=n) for n in (1, 2, 3))


def upload(cast: Cast, text: str, name: str = "piece4.toml") -> ClientResponse:
    client = cast.client_for(cast.admin)
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/toml")
    return client.post(reverse("mirror:catalogs", kwargs={"org": "acme"}), {"file": file})


def test_admin_uploads_a_piece_4_catalog_that_leaders_then_choose(cast: Cast) -> None:
    response = upload(cast, VALID)

    assert response.status_code == 302
    version = CatalogVersion.objects.get(catalog_id="piece4_acme")
    assert (version.organisation, version.version, version.piece) == (
        cast.organisation,
        1,
        "piece4",
    )
    leader = cast.client_for(cast.leader)
    start = reverse("mirror:start", kwargs={"org": "acme"})
    assert "Piece 4: listening" in leader.get(start).content.decode()
    leader.post(start, {"catalogs": ["care", "piece4_acme"]})
    assessment = Assessment.objects.get(person=cast.leader)
    assert [p.catalog_version for p in assessment.parts.order_by("position")][1] == version
    # another organisation does not see it
    outsider = cast.client_for(cast.outsider)
    page = outsider.get(reverse("mirror:start", kwargs={"org": "globex"})).content.decode()
    assert "Piece 4: listening" not in page


def test_uploading_the_same_file_again_changes_nothing(cast: Cast) -> None:
    upload(cast, VALID)
    response = upload(cast, VALID)

    assert response.status_code == 302
    assert CatalogVersion.objects.filter(catalog_id="piece4_acme").count() == 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            VALID.replace('title.de = "Horchposten"\n', ""),
            "piece4.toml: dimension &#x27;listening_posts&#x27;: title.de is missing or empty",
        ),
        (
            PIECE4 + ITEM.format(n=1),
            "piece4.toml: dimension &#x27;listening_posts&#x27;: a scored dimension needs at "
            "least 3 agree5 items per audience; audience &#x27;employees&#x27; has 1",
        ),
        (
            VALID.replace('piece = "piece4"', 'piece = "care"'),
            "piece4.toml: catalog &#x27;piece4_acme&#x27;: "
            "set piece to piece4 or piece5; got care.",
        ),
        (
            VALID.replace('id = "piece4_acme"', 'id = "care"'),
            "piece4.toml: catalog &#x27;care&#x27;: this id belongs to a shipped catalog",
        ),
        ("id = ", "piece4.toml: not valid TOML"),
    ],
)
def test_a_broken_upload_is_refused_with_a_precise_message(
    cast: Cast, text: str, problem: str
) -> None:
    response = upload(cast, text)

    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not CatalogVersion.objects.filter(organisation=cast.organisation).exists()


def test_changed_wording_needs_a_higher_version(cast: Cast) -> None:
    upload(cast, VALID)
    changed = VALID.replace("Listening posts", "Listening stations")

    refused = upload(cast, changed)
    accepted = upload(cast, changed.replace("version = 1", "version = 2"))

    assert "raise version to 2" in refused.content.decode()
    assert accepted.status_code == 302
    assert list(
        CatalogVersion.objects.filter(catalog_id="piece4_acme")
        .order_by("version")
        .values_list("version", flat=True)
    ) == [1, 2]


def test_only_admins_upload(cast: Cast) -> None:
    address = reverse("mirror:catalogs", kwargs={"org": "acme"})

    assert cast.client_for(cast.leader).get(address).status_code == 404
    page = cast.client_for(cast.admin).get(address).content.decode()
    assert "<h1>Catalogs for pieces 4 and 5</h1>" in page
    assert 'type="file"' in page


def test_answers_to_an_organisation_catalog_are_scored(cast: Cast) -> None:
    upload(cast, VALID)
    leader = cast.client_for(cast.leader)
    leader.post(reverse("mirror:start", kwargs={"org": "acme"}), {"catalogs": ["piece4_acme"]})
    assessment = Assessment.objects.get(person=cast.leader)
    data = page_data(questionnaire_of(assessment), 1, lambda item: 5)
    leader.post(reverse("mirror:submit", kwargs={"org": "acme", "pk": assessment.pk}), data)

    report = leader.get(assessment.get_absolute_url()).content.decode()
    assert "Piece 4: listening · 100" in report
