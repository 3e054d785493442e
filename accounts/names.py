"""People's names as others see them: one normal form, nothing invisible, no borrowed office.

A name is shown beside speeches and replies, so it must not be able to pass for someone else: NFKC
folds full-width letters and compatibility look-alikes into one form; format characters (zero-width spaces
and joiners, bidi overrides and isolates), controls and the invisible filler letters are removed.
Self-chosen names may not claim an office ("张主席"): offices and titles are set by staff.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Letters that render as nothing (Hangul fillers, braille blank), which NFKC keeps.
INVISIBLE_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
# The words an office is spoken of with; staff add more in the admin (ReservedNameWord).
DEFAULT_OFFICE_WORDS = ["主席", "副主席", "委员", "主任", "部长", "书记", "市长", "省长", "县长", "厅长", "局长",
                        "秘书长", "政协", "人大", "常委", "领导", "官方", "管理员"]


HIDDEN_CATEGORIES = {"Cf", "Cc", "Co", "Cs", "Cn"}  # format (zero-width, bidi), control, private, unassigned


# Full-width punctuation is how Chinese is written (，：（）); NFKC would turn it into ASCII. Kept as is.
CJK_PUNCTUATION = {chr(c) for c in [*range(0xFF01, 0xFF10), *range(0xFF1A, 0xFF21), *range(0xFF3B, 0xFF41),
                                    *range(0xFF5B, 0xFF66)]}


def _fold(text: str) -> str:
    return "".join(c if c in CJK_PUNCTUATION else unicodedata.normalize("NFKC", c)
                   for c in unicodedata.normalize("NFC", text))


def normalize_name(text: str) -> str:
    """NFKC (full-width letters and digits, compatibility look-alikes folded; Chinese punctuation kept),
    without format, control or invisible characters, spaces collapsed."""
    kept = []
    for char in _fold(text or ""):
        if char.isspace():
            kept.append(" ")
        elif char not in INVISIBLE_LETTERS and unicodedata.category(char) not in HIDDEN_CATEGORIES:
            kept.append(char)
    return re.sub(r" {2,}", " ", "".join(kept)).strip()


def office_words() -> list[str]:
    from .models import ReservedNameWord

    return [normalize_name(w) for w in ReservedNameWord.objects.values_list("word", flat=True)]


def office_claimed(name: str) -> str | None:
    """The office word a self-chosen name contains, if any (spaces between its letters do not hide it)."""
    squeezed = normalize_name(name).replace(" ", "").casefold()
    return next((word for word in office_words() if word and word.casefold() in squeezed), None)


def validate_self_chosen_name(name: str) -> None:
    if word := office_claimed(name):
        raise ValidationError(
            _("A name you choose yourself cannot contain “%(word)s”: offices and titles are set by committee "
              "staff. Please use your own name."), code="office_word", params={"word": word})
