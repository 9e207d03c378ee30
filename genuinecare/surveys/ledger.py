"""The release ledger scope of a wave: every figure of the wave is a release in it."""

from genuinecare.releases.store import Scope
from genuinecare.surveys.models import Wave


def wave_scope(wave: Wave) -> Scope:
    """The ledger of one wave's responses (see ``surveys.guard`` and ``releases.store``)."""
    return Scope(wave.organisation_id, f"wave:{wave.pk}")
