r"""Draw strings that match a regular expression from a :class:`random.Random`.

The hypothesis side of :mod:`datacheck.testing` uses ``hypothesis.strategies.from_regex``;
rows beyond what hypothesis can draw in one example come from a seeded ``random.Random``
(see :mod:`datacheck.testing._generate`), and this module is their ``from_regex``. It walks
the pattern as Python's own parser reads it: literals, classes, categories (ASCII digits,
letters, a space), alternation, groups, repetition (unbounded repeats stop after a few
extra items), anchors. Lookarounds and backreferences — which the Rust engine that runs
``pattern`` checks does not support either — are refused.

Examples
--------
>>> import random
>>> sample_regex(r"^0[35789][0-9]{8}$", random.Random(1))
'0541777631'
>>> sample_regex(r"^(AB|CD)-\d{2}$", random.Random(2))
'AB-15'
"""

from __future__ import annotations

import functools
import importlib
import random
import string
from typing import Any

__all__ = ["UnsupportedPatternError", "parse_regex", "sample_regex"]

_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

_EXTRA_REPEATS = 4
# characters drawn for ".", negated classes and categories: ASCII, Vietnamese letters, space
_POOL = (
    string.ascii_letters
    + string.digits
    + " -_.,/:'"
    + "ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": string.digits,
    "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_DIGIT": string.ascii_letters + " -_.",
    "CATEGORY_NOT_WORD": " -.,/:",
    "CATEGORY_NOT_SPACE": string.ascii_letters + string.digits,
}


class UnsupportedPatternError(ValueError):
    """The pattern uses syntax this sampler (or Python's parser) cannot draw from."""


@functools.cache
def parse_regex(pattern: str) -> Any:
    """Python's parse tree of ``pattern``, or :class:`UnsupportedPattern`.

    Examples
    --------
    >>> parse_regex(r"(?<=a)b")
    Traceback (most recent call last):
    ...
    datacheck.testing._regex.UnsupportedPatternError: lookarounds are not supported
    """
    try:
        tree = _parser.parse(pattern)
    except Exception as error:  # noqa: BLE001  (re.error and friends)
        msg = f"Python cannot parse the pattern: {error}"
        raise UnsupportedPatternError(msg) from None
    _reject_unsupported(tree)
    return tree


def _reject_unsupported(tree: Any) -> None:
    for op, av in tree:
        name = str(op)
        if name in {"ASSERT", "ASSERT_NOT"}:
            msg = "lookarounds are not supported"
            raise UnsupportedPatternError(msg)
        if name in {"GROUPREF", "GROUPREF_EXISTS"}:
            msg = "backreferences are not supported"
            raise UnsupportedPatternError(msg)
        if name == "BRANCH":
            for alternative in av[1]:
                _reject_unsupported(alternative)
        elif name == "SUBPATTERN":
            _reject_unsupported(av[3])
        elif name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            _reject_unsupported(av[2])
        elif name == "ATOMIC_GROUP":
            _reject_unsupported(av)


def sample_regex(pattern: str, rng: random.Random) -> str:
    """A string that fully matches ``pattern`` (anchors are satisfied by construction).

    Raises
    ------
    UnsupportedPatternError
        For lookarounds, backreferences or syntax Python's parser rejects.
    """
    return "".join(_emit(parse_regex(pattern), rng))


def _emit(tree: Any, rng: random.Random) -> list[str]:
    out: list[str] = []
    for op, av in tree:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(av))
        elif name == "NOT_LITERAL":
            out.append(rng.choice([c for c in _POOL if ord(c) != av]))
        elif name == "ANY":
            out.append(rng.choice(_POOL))
        elif name == "IN":
            out.append(_class(av, rng))
        elif name == "BRANCH":
            out.extend(_emit(rng.choice(av[1]), rng))
        elif name == "SUBPATTERN":
            out.extend(_emit(av[3], rng))
        elif name == "ATOMIC_GROUP":
            out.extend(_emit(av, rng))
        elif name in {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}:
            low, high, item = av
            top = low + _EXTRA_REPEATS if high == _constants.MAXREPEAT else high
            for _ in range(rng.randint(low, max(low, top))):
                out.extend(_emit(item, rng))
        elif name == "AT":
            continue
        else:  # pragma: no cover - parse_regex refuses the rest
            msg = f"unsupported regular expression element {name}"
            raise UnsupportedPatternError(msg)
    return out


def _class_members(items: Any) -> tuple[bool, list[str], list[tuple[int, int]]]:
    negate = False
    chars: list[str] = []
    ranges: list[tuple[int, int]] = []
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            chars.append(chr(av))
        elif name == "RANGE":
            ranges.append((av[0], av[1]))
        elif name == "CATEGORY":
            chars.extend(_CATEGORY_CHARS.get(str(av), ""))
    return negate, chars, ranges


def _class(items: Any, rng: random.Random) -> str:
    negate, chars, ranges = _class_members(items)
    if negate:
        inside = set(chars)
        options = [
            c
            for c in _POOL
            if c not in inside
            and not any(lo <= ord(c) <= hi for lo, hi in ranges)
            and not _in_categories(items, c)
        ]
        return rng.choice(options or ["\u2603"])
    total = len(chars) + sum(hi - lo + 1 for lo, hi in ranges)
    pick = rng.randrange(total)
    if pick < len(chars):
        return chars[pick]
    pick -= len(chars)
    for lo, hi in ranges:
        if pick <= hi - lo:
            return chr(lo + pick)
        pick -= hi - lo + 1
    return chars[0]  # pragma: no cover


def _in_categories(items: Any, char: str) -> bool:
    for op, av in items:
        if str(op) != "CATEGORY":
            continue
        category = str(av)
        if category == "CATEGORY_DIGIT" and char.isdigit():
            return True
        if category == "CATEGORY_WORD" and (char.isalnum() or char == "_"):
            return True
        if category == "CATEGORY_SPACE" and char.isspace():
            return True
        if category == "CATEGORY_NOT_DIGIT" and not char.isdigit():
            return True
        if category == "CATEGORY_NOT_WORD" and not (char.isalnum() or char == "_"):
            return True
        if category == "CATEGORY_NOT_SPACE" and not char.isspace():
            return True
    return False
