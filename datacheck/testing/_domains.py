"""Value domains: what one column's non-null values are drawn from.

A domain draws a value two ways, giving the same kind of values: :meth:`Domain.strategy`
(hypothesis, shrinkable; the Vietnamese domains reuse :mod:`datacheck.vn.strategies` and
regular expressions ``hypothesis.strategies.from_regex``) and :meth:`Domain.sample` (a seeded
``random.Random``, for the rows beyond what hypothesis can draw in one example). A domain
proposes values; whether a value passes every check of its column is decided by the checks
themselves (see :mod:`datacheck.testing._verify`).

Examples
--------
>>> import random
>>> Choice(("Nam", "Nữ")).sample(random.Random(0))
'Nữ'
>>> len(CccdDomain(1950, 2000).sample(random.Random(0)))
12
"""

from __future__ import annotations

import functools
import random
import string
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from hypothesis import strategies as st

from datacheck.testing._regex import sample_regex
from datacheck.vn import strategies as vn
from datacheck.vn.admin_units import units
from datacheck.vn.identifiers import (
    CCCD_PROVINCES,
    MOBILE_PREFIXES,
    PLATE_LETTERS,
    PLATE_PROVINCES,
    PLATE_SPECIAL_SERIES,
    mst_check_digit,
)

__all__ = [
    "AddressDomain",
    "BhxhDomain",
    "BhytDomain",
    "Booleans",
    "CccdDomain",
    "Choice",
    "Dates",
    "Datetimes",
    "Domain",
    "Floats",
    "Integers",
    "MstDomain",
    "NamesDomain",
    "PhoneDomain",
    "PlainText",
    "PlateDomain",
    "RegexDomain",
    "WordsDomain",
    "cccd_for_year",
]

ToneStyle = Literal["old", "new"]

_DIGITS = string.digits


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(_DIGITS) for _ in range(count))


class Domain:
    """Where a column's non-null values come from.

    ``cost`` estimates what one hypothesis draw uses of an example's data budget, so the
    generator knows how many rows hypothesis can draw before the rest come from a seeded
    ``random.Random``.
    """

    cost: int = 4

    def strategy(self) -> st.SearchStrategy[Any]:
        """A hypothesis strategy of values."""
        raise NotImplementedError

    def sample(self, rng: random.Random) -> Any:
        """One value drawn with ``rng``."""
        raise NotImplementedError

    def size(self) -> int | None:
        """How many distinct values there are, if few (``None``: plenty)."""
        return None


@dataclass(frozen=True)
class Choice(Domain):
    """One of a fixed list of values (in_set, catalogues, unit codes, reference keys)."""

    values: tuple[Any, ...]
    cost: int = 2

    def strategy(self) -> st.SearchStrategy[Any]:
        """``sampled_from`` the values (shrinks towards the first)."""
        return _sampled(self.values)

    def sample(self, rng: random.Random) -> Any:
        """A value picked uniformly."""
        return rng.choice(self.values)

    def size(self) -> int | None:
        """The number of values."""
        return len(self.values)


@functools.cache
def _sampled_cached(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


def _sampled(values: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    try:
        return _sampled_cached(values)
    except TypeError:  # unhashable values
        return st.sampled_from(values)


@dataclass(frozen=True)
class Integers(Domain):
    """Integers in ``[low, high]``."""

    low: int
    high: int
    cost: int = 4

    def strategy(self) -> st.SearchStrategy[Any]:
        """``st.integers`` in the range."""
        return st.integers(self.low, self.high)

    def sample(self, rng: random.Random) -> Any:
        """A uniform integer, or one of the bounds (edges are where bugs live)."""
        if rng.random() < 0.05:
            return rng.choice((self.low, self.high))
        return rng.randint(self.low, self.high)

    def size(self) -> int | None:
        """The number of integers in the range, if small."""
        count = self.high - self.low + 1
        return count if count < 10_000 else None


@dataclass(frozen=True)
class Floats(Domain):
    """Finite floats in ``[low, high]``."""

    low: float
    high: float
    cost: int = 9

    def strategy(self) -> st.SearchStrategy[Any]:
        """``st.floats`` in the range, no NaN or infinity."""
        return st.floats(self.low, self.high, allow_nan=False, allow_infinity=False)

    def sample(self, rng: random.Random) -> Any:
        """A uniform float."""
        return rng.uniform(self.low, self.high)


@dataclass(frozen=True)
class Booleans(Domain):
    """True or False."""

    cost: int = 1

    def strategy(self) -> st.SearchStrategy[Any]:
        """``st.booleans``."""
        return st.booleans()

    def sample(self, rng: random.Random) -> Any:
        """A fair coin."""
        return rng.random() < 0.5

    def size(self) -> int | None:
        """Two."""
        return 2


@dataclass(frozen=True)
class Dates(Domain):
    """Dates in ``[low, high]``."""

    low: date
    high: date
    cost: int = 6

    def strategy(self) -> st.SearchStrategy[Any]:
        """``st.dates`` in the range."""
        return st.dates(self.low, self.high)

    def sample(self, rng: random.Random) -> Any:
        """A uniform date, or one of the bounds."""
        if rng.random() < 0.05:
            return rng.choice((self.low, self.high))
        return self.low + timedelta(days=rng.randint(0, (self.high - self.low).days))

    def size(self) -> int | None:
        """The number of days, if few."""
        days = (self.high - self.low).days + 1
        return days if days < 10_000 else None


@dataclass(frozen=True)
class Datetimes(Domain):
    """Date-times in ``[low, high]`` (naive: wall-clock time; ``zone``: aware in it).

    ``step`` is the column's precision (a millisecond column cannot hold microseconds).
    """

    low: datetime
    high: datetime
    zone: Any = None
    step: timedelta = timedelta(microseconds=1)
    cost: int = 10

    def _finish(self, value: datetime) -> datetime:
        if self.step > timedelta(microseconds=1):
            excess = (value - datetime.min) % self.step
            value -= excess
            if value < self.low:
                value += self.step
        return value if self.zone is None else value.replace(tzinfo=self.zone)

    def strategy(self) -> st.SearchStrategy[Any]:
        """``st.datetimes`` in the range."""
        return st.datetimes(self.low, self.high).map(self._finish)

    def sample(self, rng: random.Random) -> Any:
        """A uniform date-time, or one of the bounds."""
        if rng.random() < 0.05:
            return self._finish(rng.choice((self.low, self.high)))
        span = int((self.high - self.low) / timedelta(microseconds=1))
        return self._finish(self.low + timedelta(microseconds=rng.randint(0, span)))


@dataclass(frozen=True)
class PlainText(Domain):
    """Any text (columns no check reads as text): hypothesis draws arbitrary Unicode."""

    max_size: int = 12
    cost: int = 14

    def strategy(self) -> st.SearchStrategy[Any]:
        """``st.text`` without surrogates (Arrow strings are UTF-8)."""
        return st.text(st.characters(codec="utf-8"), max_size=self.max_size)

    def sample(self, rng: random.Random) -> Any:
        """Letters (Vietnamese ones too), digits, spaces and punctuation."""
        pool = string.ascii_letters + string.digits + "  -_./ăâđêôơưĐ" + "áàảãạếềểễệốồổỗộ"
        return "".join(rng.choice(pool) for _ in range(rng.randint(0, self.max_size)))


@functools.cache
def _words(style: ToneStyle) -> tuple[str, ...]:
    return vn.vietnamese_syllables(style)


@dataclass(frozen=True)
class WordsDomain(Domain):
    """Clean Vietnamese text: 1-4 syllables, the first capitalised, NFC, single spaces."""

    style: ToneStyle = "old"
    cost: int = 8

    def _join(self, words: list[str]) -> str:
        text = " ".join(words)
        return text[:1].upper() + text[1:]

    def strategy(self) -> st.SearchStrategy[Any]:
        """Lists of syllables joined by spaces."""
        return st.lists(st.sampled_from(_words(self.style)), min_size=1, max_size=4).map(self._join)

    def sample(self, rng: random.Random) -> Any:
        """Syllables picked uniformly."""
        words = _words(self.style)
        return self._join([rng.choice(words) for _ in range(rng.randint(1, 4))])


@dataclass(frozen=True)
class NamesDomain(Domain):
    """Person names (Kinh and minority), NFC, capitalised (``name_vn`` passes them).

    ``style`` writes every final *oa/oe/uy* in one tone-mark style (``tone_style_consistent``).
    """

    style: ToneStyle | None = None
    cost: int = 6

    def strategy(self) -> st.SearchStrategy[Any]:
        """:func:`datacheck.vn.strategies.person_names`."""
        if self.style is None:
            return vn.person_names()
        style = self.style
        return vn.person_names(style).map(lambda n: vn.to_tone_style(n, style))

    def sample(self, rng: random.Random) -> Any:
        """A family name, up to two middle names and a given name, or a minority name."""
        if rng.random() < 0.1:
            name = rng.choice(vn.MINORITY_NAMES)
        else:
            middles = [rng.choice(vn.MIDDLE_NAMES) for _ in range(rng.randint(0, 2))]
            parts = [rng.choice(vn.FAMILY_NAMES), *middles, rng.choice(vn.GIVEN_NAMES)]
            name = " ".join(parts)
        return name if self.style is None else vn.to_tone_style(name, self.style)


@functools.cache
def _places_2025() -> tuple[str, ...]:
    frame = units().filter(vintage="2025")
    provinces = dict(
        zip(
            frame.filter(level="province")["code"],
            frame.filter(level="province")["name"],
            strict=True,
        )
    )
    communes = frame.filter(level="commune")
    return tuple(
        f"{name}, {provinces[parent]}"
        for name, parent in zip(communes["name"], communes["parent"], strict=True)
    )


@dataclass(frozen=True)
class AddressDomain(Domain):
    """Addresses of the 2025 list, no district level (``address_2025`` of the VN strategies)."""

    cost: int = 8

    def strategy(self) -> st.SearchStrategy[Any]:
        """The VN address strategy."""
        return vn.address_2025()

    def sample(self, rng: random.Random) -> Any:
        """A house number and street, then a commune and province of the 2025 list."""
        street = rng.choice(vn.STREETS)
        if rng.random() < 0.7:
            street = f"{rng.randint(1, 999)} {street}"
        return f"{street}, {rng.choice(_places_2025())}"


@dataclass(frozen=True)
class RegexDomain(Domain):
    """Strings fully matching a regular expression (``from_regex(fullmatch=True)``)."""

    pattern: str
    cost: int = 30

    def strategy(self) -> st.SearchStrategy[Any]:
        """``st.from_regex`` without surrogates (Arrow strings are UTF-8)."""
        return st.from_regex(self.pattern, fullmatch=True, alphabet=st.characters(codec="utf-8"))

    def sample(self, rng: random.Random) -> Any:
        """The :mod:`datacheck.testing._regex` sampler."""
        return sample_regex(self.pattern, rng)


def cccd_for_year(rng: random.Random, year: int, male: bool) -> str:
    """A personal id of a person born in ``year`` of the given sex (random province).

    Examples
    --------
    >>> cccd_for_year(random.Random(0), 1999, male=False)[3:6]
    '199'
    """
    century, yy = divmod(year - 1900, 100)
    digit = 2 * century + (0 if male else 1)
    return f"{rng.choice(_PROVINCES)}{digit}{yy:02d}{_digits(rng, 6)}"


_PROVINCES: tuple[str, ...] = tuple(sorted(CCCD_PROVINCES))


@dataclass(frozen=True)
class CccdDomain(Domain):
    """Personal ids (CCCD) of people born in ``[min_year, max_year]``, province codes only."""

    min_year: int = 1900
    max_year: int = 2025
    cost: int = 14

    def strategy(self) -> st.SearchStrategy[Any]:
        """:func:`datacheck.vn.strategies.cccd`."""
        return vn.cccd(min_year=self.min_year, max_year=self.max_year)

    def sample(self, rng: random.Random) -> Any:
        """A random birth year and sex in range."""
        return cccd_for_year(
            rng, rng.randint(self.min_year, self.max_year), male=rng.random() < 0.5
        )


@dataclass(frozen=True)
class MstDomain(Domain):
    """Tax codes with a valid check digit; ``branch`` adds a ``-NNN`` (or ``NNN``) suffix."""

    branch: Literal["none", "hyphen", "plain"] = "none"
    cost: int = 14

    def strategy(self) -> st.SearchStrategy[Any]:
        """:func:`datacheck.vn.strategies.mst`."""
        return vn.mst(branch=self.branch)

    def sample(self, rng: random.Random) -> Any:
        """Nine random digits and their check digit (skipping prefixes without one)."""
        while True:
            nine = _digits(rng, 9)
            check = mst_check_digit(nine)
            if check is not None:
                break
        code = f"{nine}{check}"
        if self.branch == "none":
            return code
        joiner = "-" if self.branch == "hyphen" else ""
        return f"{code}{joiner}{rng.randint(1, 999):03d}"


@dataclass(frozen=True)
class PhoneDomain(Domain):
    """Phone numbers: mobile numbers of ``prefixes`` (``0``-form), landlines if allowed.

    ``forms`` are the leading parts drawn (``0``, ``84``, ``+84``).
    """

    prefixes: tuple[str, ...] = MOBILE_PREFIXES
    landline: bool = False
    forms: tuple[str, ...] = ("0", "84", "+84")
    cost: int = 12

    def strategy(self) -> st.SearchStrategy[Any]:
        """:func:`datacheck.vn.strategies.phone_vn` (or the same shape for other prefixes)."""
        if self.prefixes == MOBILE_PREFIXES and self.forms == ("0", "84", "+84"):
            return vn.phone_vn(kind="any" if self.landline else "mobile")
        digits = st.text(alphabet=_DIGITS, min_size=7, max_size=7)
        mobile = st.builds(lambda p, d: f"{p[1:]}{d}", st.sampled_from(self.prefixes), digits)
        national = mobile
        if self.landline:
            rest = st.text(alphabet=_DIGITS, min_size=9, max_size=9)
            national = mobile | rest.map(lambda d: f"2{d}")
        return st.builds(lambda f, n: f"{f}{n}", st.sampled_from(self.forms), national)

    def sample(self, rng: random.Random) -> Any:
        """A form, then a mobile (or landline) national number."""
        form = rng.choice(self.forms)
        if self.landline and rng.random() < 0.2:
            return f"{form}2{_digits(rng, 9)}"
        return f"{form}{rng.choice(self.prefixes)[1:]}{_digits(rng, 7)}"


@dataclass(frozen=True)
class PlateDomain(Domain):
    """Domestic plates (printed forms), localities from ``provinces``."""

    provinces: tuple[str, ...] = PLATE_PROVINCES
    cost: int = 12

    def strategy(self) -> st.SearchStrategy[Any]:
        """:func:`datacheck.vn.strategies.plate_vn` with the locality replaced if restricted."""
        plates = vn.plate_vn()
        if self.provinces == PLATE_PROVINCES:
            return plates
        return st.tuples(plates, st.sampled_from(self.provinces)).map(lambda t: t[1] + t[0][2:])

    def sample(self, rng: random.Random) -> Any:
        """A car (``30A-123.45``) or motorbike (``29-B1 123.45``) plate."""
        locality = rng.choice(self.provinces)
        number = _digits(rng, rng.choice((4, 5)))
        if len(number) == 5 and rng.random() < 0.5:
            number = f"{number[:3]}.{number[3:]}"
        if rng.random() < 0.5:
            series = rng.choice(
                [rng.choice(PLATE_LETTERS), "LD", "KT", rng.choice(PLATE_SPECIAL_SERIES)]
            )
            return f"{locality}{series}-{number}"
        series = rng.choice(
            [
                f"{rng.choice(PLATE_LETTERS)}{rng.randint(1, 9)}",
                f"{rng.choice(PLATE_LETTERS)}{rng.choice(PLATE_LETTERS)}",
                f"MĐ{rng.randint(1, 9)}",
            ]
        )
        return f"{locality}{rng.choice(('-', ''))}{series}{rng.choice((' ', '-'))}{number}"


@dataclass(frozen=True)
class BhxhDomain(Domain):
    """Social insurance codes: 10 ASCII digits."""

    cost: int = 11

    def strategy(self) -> st.SearchStrategy[Any]:
        """:func:`datacheck.vn.strategies.bhxh_code`."""
        return vn.bhxh_code()

    def sample(self, rng: random.Random) -> Any:
        """Ten random digits."""
        return _digits(rng, 10)


@dataclass(frozen=True)
class BhytDomain(Domain):
    """Health insurance card codes (ending in ``code`` when given)."""

    cost: int = 16

    def strategy(self) -> st.SearchStrategy[Any]:
        """:func:`datacheck.vn.strategies.bhyt_card`."""
        return vn.bhyt_card()

    def sample(self, rng: random.Random) -> Any:
        """A card with a random social insurance code."""
        return bhyt_for(rng, _digits(rng, 10))


def bhyt_for(rng: random.Random, code: str) -> str:
    """A health insurance card code ending in ``code``.

    Examples
    --------
    >>> bhyt_for(random.Random(0), "0123456789")[-10:]
    '0123456789'
    """
    group = "".join(rng.choice(string.ascii_uppercase) for _ in range(2))
    return f"{group}{rng.randint(1, 5)}{_digits(rng, 2)}{code}"
