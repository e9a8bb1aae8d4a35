"""The scoring model: check status, check → dimension → dataset → national scores, bands.

* Check score = ``100 × pass_rate``; a check with nothing evaluated is ``not_applicable``.
* Dimension score = weighted mean of its applicable checks (``weight``, × 3 if critical).
* Dataset score = weighted mean of the dimensions present (suite weights, default equal).
* National score = weighted mean of the databases' scores.
* Bands: ≥ 95 *Đạt*, 80–95 *Cần cải thiện*, < 80 *Chưa đạt* (configurable).

Status compares pass rates with thresholds exactly (as fractions), so a threshold of 0.99
passes exactly 99 of 100, never 98.999… .

Examples
--------
>>> status(evaluated=100, failed=1, threshold=0.99, warn=None)
'pass'
>>> status(evaluated=100, failed=2, threshold=0.99, warn=0.95)
'warn'
>>> weighted_mean([(100.0, 1.0), (50.0, 3.0)])
62.5
>>> Bands().band(96.0).label("vi")
'Đạt'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from datacheck.errors import Lang

__all__ = ["Band", "Bands", "Status", "check_score", "pass_rate", "status", "weighted_mean"]

Status = Literal["pass", "warn", "fail", "not_applicable", "error"]


class Band(StrEnum):
    """The band a score falls in."""

    MEETS = "meets"
    NEEDS_IMPROVEMENT = "needs_improvement"
    FAILS = "fails"

    def label(self, lang: Lang = "vi") -> str:
        """Display label in ``lang``."""
        labels = {
            "meets": ("Đạt", "Meets"),
            "needs_improvement": ("Cần cải thiện", "Needs improvement"),
            "fails": ("Chưa đạt", "Fails"),
        }
        vi, en = labels[self.value]
        return vi if lang == "vi" else en


@dataclass(frozen=True)
class Bands:
    """Score bands: ``score >= meets`` meets, ``>= improve`` needs improvement, else fails.

    Examples
    --------
    >>> Bands(meets=90, improve=70).band(75.0)
    <Band.NEEDS_IMPROVEMENT: 'needs_improvement'>
    """

    meets: float = 95.0
    improve: float = 80.0

    def __post_init__(self) -> None:
        if not 0 <= self.improve <= self.meets <= 100:
            msg = (
                "bands must satisfy 0 <= improve <= meets <= 100, "
                f"found improve={self.improve}, meets={self.meets}"
            )
            raise ValueError(msg)

    def band(self, score: float | None) -> Band | None:
        """The band of ``score`` (``None`` for no score)."""
        if score is None:
            return None
        if score >= self.meets:
            return Band.MEETS
        if score >= self.improve:
            return Band.NEEDS_IMPROVEMENT
        return Band.FAILS


def pass_rate(evaluated: int, failed: int) -> float | None:
    """``(evaluated − failed) / evaluated``, or ``None`` when nothing was evaluated.

    Examples
    --------
    >>> pass_rate(4, 1)
    0.75
    >>> pass_rate(0, 0) is None
    True
    """
    if evaluated <= 0:
        return None
    return (evaluated - failed) / evaluated


def check_score(evaluated: int, failed: int) -> float | None:
    """``100 × pass_rate`` or ``None`` when not applicable."""
    if evaluated <= 0:
        return None
    return float(Fraction(100 * (evaluated - failed), evaluated))


def status(evaluated: int, failed: int, threshold: float, warn: float | None) -> Status:
    """The status of a check from its counts, threshold and warn band (exact comparison)."""
    if evaluated <= 0:
        return "not_applicable"
    passed = Fraction(evaluated - failed, evaluated)
    if passed >= Fraction(str(threshold)):
        return "pass"
    if warn is not None and passed >= Fraction(str(warn)):
        return "warn"
    return "fail"


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Weighted mean of ``(value, weight)`` pairs; ``None`` if the weights sum to zero.

    The result is clamped into the range of the values, so rounding can never push a
    mean of scores outside ``[0, 100]``.
    """
    items = [(Fraction(v), Fraction(w)) for v, w in pairs if w > 0]
    total = sum(w for _, w in items)
    if not items or total <= 0:
        return None
    mean = float(sum(v * w for v, w in items) / total)
    low, high = float(min(v for v, _ in items)), float(max(v for v, _ in items))
    return min(max(mean, low), high)
