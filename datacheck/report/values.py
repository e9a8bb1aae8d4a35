r"""How a text value of a sample is shown: quoted, with what the eye cannot see made visible.

Samples illustrate defects that are often invisible: a double or trailing space, a
non-breaking space, a zero-width character, a name typed in decomposed Unicode (NFD). Shown
raw, ``"Nguyễn Văn An"`` and its NFD twin look the same. Here text is quoted (so spaces at
the ends show), characters that print as nothing or as a plain space are escaped
(``\u00a0``, ``\u200b``), and a value that is not in NFC form is marked.

Examples
--------
>>> show_text("An\u00a0Bình ")
'"An\\u00a0Bình "'
>>> import unicodedata
>>> show_text(unicodedata.normalize("NFD", "Nữ"), "en").endswith('" (not NFC)')
True
"""

from __future__ import annotations

import json
import unicodedata
from typing import Final

from datacheck.errors import Lang
from datacheck.i18n import t

__all__ = ["show_text"]

_HIDDEN: Final = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs", "Co", "Cs", "Cn"})
"""Unicode categories that print as nothing, or as something that looks like a space."""


def _visible(char: str) -> str:
    if char == " " or unicodedata.category(char) not in _HIDDEN:
        return char
    return json.dumps(char)[1:-1]  # \u00a0, or a surrogate pair: the quoted text stays JSON


def show_text(text: str, lang: Lang = "vi") -> str:
    r"""``text`` quoted, hidden characters escaped, and marked when it is not NFC.

    Parameters
    ----------
    text
        A sample value (masked or not).
    lang
        ``"vi"`` or ``"en"``, for the NFC mark.

    Examples
    --------
    >>> show_text("0912\u200b345678")
    '"0912\\u200b345678"'
    >>> show_text('say "hi"\n')
    '"say \\"hi\\"\\n"'
    """
    quoted = json.dumps(text, ensure_ascii=False)
    shown = "".join(_visible(char) for char in quoted)
    if unicodedata.is_normalized("NFC", text):
        return shown
    return f"{shown} ({t('value.not_nfc', lang)})"
