"""Where choices come from: hypothesis draws, or a seeded ``random.Random``.

The generator makes every choice through a :class:`Source`. The first rows of a frame (as
many as one hypothesis example can hold) use :class:`HypothesisSource`, so hypothesis can
replay and shrink them; further rows use :class:`RandomSource`, seeded by one hypothesis
draw, so frames of thousands of rows stay deterministic under a hypothesis seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from datacheck.testing._domains import Domain

__all__ = ["HypothesisSource", "RandomSource", "Source"]

T = TypeVar("T")


class Source:
    """The choices the generator makes."""

    def draw(self, domain: Domain) -> Any:
        """A value of ``domain``."""
        raise NotImplementedError

    def either(self, strategy: st.SearchStrategy[T], sampler: Callable[[random.Random], T]) -> T:
        """A value of ``strategy`` (hypothesis) or of ``sampler`` (random)."""
        raise NotImplementedError

    def pick(self, values: Sequence[T]) -> T:
        """One of ``values`` (shrinks towards the first)."""
        raise NotImplementedError

    def integer(self, low: int, high: int) -> int:
        """An integer in ``[low, high]`` (shrinks towards ``low``)."""
        raise NotImplementedError

    def chance(self, probability: float) -> bool:
        """True with about ``probability`` (shrinks towards False)."""
        raise NotImplementedError


_STRATEGIES: dict[Domain, st.SearchStrategy[Any]] = {}


def strategy_of(domain: Domain) -> st.SearchStrategy[Any]:
    """The domain's strategy, cached (building ``from_regex`` or ``dates`` is not free)."""
    try:
        found = _STRATEGIES.get(domain)
    except TypeError:  # a domain holding unhashable values
        return domain.strategy()
    if found is None:
        if len(_STRATEGIES) > 4096:
            _STRATEGIES.clear()
        found = _STRATEGIES[domain] = domain.strategy()
    return found


class HypothesisSource(Source):
    """Choices drawn by hypothesis (replayable, shrinkable)."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def draw(self, domain: Domain) -> Any:
        """Draw from the domain's strategy (built once per domain)."""
        return self._draw(strategy_of(domain))

    def either(self, strategy: st.SearchStrategy[T], sampler: Callable[[random.Random], T]) -> T:
        """Draw from ``strategy``."""
        del sampler
        return self._draw(strategy)

    def pick(self, values: Sequence[T]) -> T:
        """``sampled_from`` the values."""
        if len(values) == 1:
            return values[0]
        return values[self._draw(st.integers(0, len(values) - 1))]

    def integer(self, low: int, high: int) -> int:
        """``st.integers``."""
        return low if low == high else self._draw(st.integers(low, high))

    def chance(self, probability: float) -> bool:
        """One integer in ``[0, 999]`` compared with the probability."""
        if probability <= 0:
            return False
        if probability >= 1:
            return True
        return bool(self._draw(st.integers(0, 999)) >= 1000 - round(probability * 1000))


class RandomSource(Source):
    """Choices made by a seeded ``random.Random`` (fast; not shrunk)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def draw(self, domain: Domain) -> Any:
        """Sample the domain."""
        return domain.sample(self.rng)

    def either(self, strategy: st.SearchStrategy[T], sampler: Callable[[random.Random], T]) -> T:
        """Call ``sampler``."""
        del strategy
        return sampler(self.rng)

    def pick(self, values: Sequence[T]) -> T:
        """``random.choice``."""
        return self.rng.choice(values)

    def integer(self, low: int, high: int) -> int:
        """``random.randint``."""
        return self.rng.randint(low, high)

    def chance(self, probability: float) -> bool:
        """``random.random() < probability``."""
        return self.rng.random() < probability
