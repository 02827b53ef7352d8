"""Chinese text helpers: pinyin sort keys so lists sort the way offices expect (啊 … 左)."""

from pypinyin import Style, lazy_pinyin


def pinyin_key(text: str) -> str:
    """'张家港市' → 'zhang jia gang shi'; ASCII passes through. Stored, so the database can sort on it."""
    return " ".join(lazy_pinyin(text or "", style=Style.NORMAL, errors="default")).lower()[:200]


def pinyin_initials(text: str) -> str:
    """'张家港市' → 'zjgs', for search by initials."""
    return "".join(lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default")).lower()[:60]
