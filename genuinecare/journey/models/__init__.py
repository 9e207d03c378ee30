"""The journey's tables, one module per part."""

from genuinecare.journey.models.plan import (
    CheckIn,
    ChecklistItem,
    Comment,
    Dependency,
    Focus,
    Journey,
    LibraryAction,
    Step,
)
from genuinecare.journey.models.proof import JourneyNudge, PulseAnswer, PulseInvitation, TeamPulse
from genuinecare.journey.models.roof import (
    BusinessResult,
    Expectation,
    Experiment,
    Reading,
    Risk,
    Shielding,
)
from genuinecare.journey.models.team import Proposal, TeamWindow, Vote

__all__ = [
    "BusinessResult",
    "CheckIn",
    "ChecklistItem",
    "Comment",
    "Dependency",
    "Expectation",
    "Experiment",
    "Focus",
    "Journey",
    "JourneyNudge",
    "LibraryAction",
    "Proposal",
    "PulseAnswer",
    "PulseInvitation",
    "Reading",
    "Risk",
    "Shielding",
    "Step",
    "TeamPulse",
    "TeamWindow",
    "Vote",
]
