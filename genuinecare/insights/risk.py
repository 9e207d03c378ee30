"""A risk's score and band: likelihood × impact, each from 1 to 5.

Pure Python, no Django. The products of two numbers from 1 to 5 are 1–6, 8–10, 12, 15, 16,
20 and 25; the bands cut them where a 5×5 risk matrix usually changes colour:

* low: 1–4 (watch it),
* medium: 5–9 (treat it in the normal course of work),
* high: 10–16 (treat it now, with an owner and a date),
* critical: 20–25 (the leader's own business before anything else).
"""

from typing import Literal

LOWEST, HIGHEST = 1, 5

type Band = Literal["low", "medium", "high", "critical"]

BANDS: tuple[tuple[int, Band], ...] = ((4, "low"), (9, "medium"), (16, "high"), (25, "critical"))


def valid_level(level: int, *, name: str = "level") -> int:
    """Return ``level`` if it lies in 1–5; raise ValueError otherwise."""
    if isinstance(level, bool) or not isinstance(level, int):
        raise ValueError(f"{name} must be an integer from 1 to 5, got {level!r}")
    if not LOWEST <= level <= HIGHEST:
        raise ValueError(f"{name} must be from 1 to 5, got {level}")
    return level


def score(likelihood: int, impact: int) -> int:
    """Likelihood × impact, from 1 to 25."""
    return valid_level(likelihood, name="likelihood") * valid_level(impact, name="impact")


def band(value: int) -> Band:
    """The band of a score from 1 to 25."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 25:
        raise ValueError(f"a risk score lies from 1 to 25, got {value!r}")
    return next(name for upper, name in BANDS if value <= upper)
