"""The readiness gate: the leader's readiness reflection and soil index, before a journey."""

import datetime as dt
from dataclasses import dataclass

from genuinecare.mirror.access import own_assessments
from genuinecare.mirror.actions import stored_answers
from genuinecare.mirror.models import Assessment
from genuinecare.mirror.report import PieceResult, Report, Stage, build_report
from genuinecare.people.models import Person

RISKS_QUESTION = "risks_open"


@dataclass(frozen=True)
class Readiness:
    """What the gate shows; ``complete`` says whether a journey may start from it."""

    assessment: Assessment | None
    reflection: PieceResult | None
    stage: Stage | None
    risks_named: str

    @property
    def reflection_complete(self) -> bool:
        """Every readiness dimension (style, culture, risks, expectations) was answered."""
        return self.reflection is not None and all(
            row.score is not None for row in self.reflection.dimensions
        )

    @property
    def complete(self) -> bool:
        return self.reflection_complete and self.stage is not None

    def frozen(self) -> dict[str, object]:
        """The gate as the journey keeps it, whatever later attempts say."""
        if self.assessment is None or self.assessment.submitted_at is None:
            return {}
        return {
            "assessment": self.assessment.pk,
            "date": self.assessment.submitted_at.date().isoformat(),
            "readiness": self.reflection.score if self.reflection else None,
            "dimensions": {
                row.title: row.score
                for row in (self.reflection.dimensions if self.reflection else [])
            },
            "soil_index": self.stage.index if self.stage else None,
            "stage": self.stage.name if self.stage else None,
        }


def readiness_of(leader: Person, *, language: str, as_of: dt.datetime | None = None) -> Readiness:
    """The gate from the leader's latest submitted self-assessment that has a reflection.

    ``as_of`` looks only at the attempts submitted by then.
    """
    attempts = (
        own_assessments(leader).filter(submitted_at__isnull=False).order_by("-submitted_at", "-pk")
    )
    if as_of is not None:
        attempts = attempts.filter(submitted_at__lte=as_of)
    latest: Report | None = None
    for assessment in attempts[:10]:
        report = build_report(assessment, language=language, private=True)
        if report.readiness is not None:
            latest = report
            break
    if latest is None:
        first = attempts.first()
        stage = build_report(first, language=language, private=False).stage if first else None
        return Readiness(first, None, stage, "")
    return Readiness(
        latest.assessment, latest.readiness, latest.stage, risks_text(latest.assessment)
    )


def risks_text(assessment: Assessment) -> str:
    """The leader's answer to the reflection's open question on risks and pitfalls, if any."""
    _vectors, texts = stored_answers(assessment)
    return next((t[RISKS_QUESTION].strip() for t in texts.values() if RISKS_QUESTION in t), "")
