"""Numeral parsing for Chinese reports: Arabic, full-width and Chinese numerals.

Reports mix "６３５．８万吨", "1,200亿元", "三十余场", "百分之十一点八" and
"四分之一" in one paragraph. The metrics extractor finds where a figure is;
this module says what it is worth. Every function is pure and never raises on
odd input: an unparseable numeral is ``None`` so that the caller can reject
the candidate instead of guessing.
"""

from __future__ import annotations

import re

__all__ = [
    "CN_BIG_UNITS",
    "CN_DIGITS",
    "CN_SMALL_UNITS",
    "MAGNITUDES",
    "fold_width",
    "magnitude_value",
    "parse_arabic",
    "parse_chinese",
    "parse_fraction",
    "parse_number",
    "parse_percent_cn",
]

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

# Multipliers written after a number ("3.5万", "82.7万亿"). Longest first so
# that "万亿" is one magnitude, not 万 followed by 亿.
MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "十亿": 1e9,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "亿": 1e8,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
    "十": 1e1,
}

# Full-width forms that normalisation folds; folding them again here keeps the
# parser usable on raw text. The table maps one character to one character so
# that offsets never move.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20

# No real figure is written with more Chinese numeral characters than this;
# longer runs are decoration or attacks, and parsing them is wasted work.
_MAX_CN_CHARS = 32

_ARABIC_RE = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?|\.[0-9]+")


def fold_width(text: str) -> str:
    """Fold full-width ASCII forms (０-９, ．, ％, Ａ-Ｚ ...) to half-width, 1:1.

    Why: gold files and raw archives keep "６３５．８万吨"; folding one code
    point to one code point lets callers reuse offsets unchanged.
    """
    return text.translate(_WIDTH_TABLE)


def parse_arabic(text: str) -> float | None:
    """Value of an Arabic numeral, with thousands separators and full-width digits.

    ``"6,860"`` → 6860.0, ``"６３５．８"`` → 635.8; anything else → ``None``.
    """
    folded = fold_width(text).strip().replace("·", ".")
    if not folded or not _ARABIC_RE.fullmatch(folded):
        return None
    try:
        return float(folded.replace(",", ""))
    except ValueError:
        return None


def _parse_section(text: str) -> int | None:
    """Value of a numeral below 10 000 ("三千零五", "十二", "二百"), or None."""
    if not text:
        return 0
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # "三五": two digits in a row is a range or a code
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[ch]
            if unit >= last_unit:
                return None  # "十百": units must fall
            total += (digit if digit is not None else 1) * unit
            digit = None
            last_unit = unit
        else:
            return None
    if digit is not None:
        total += digit
    return total


def _digit_string(text: str) -> int | None:
    """ "二〇二三" → 2023: digits read one by one (years, codes)."""
    if len(text) < 2 or any(ch not in CN_DIGITS or ch == "两" for ch in text):
        return None
    return int("".join(str(CN_DIGITS[ch]) for ch in text))


def _parse_integer(text: str) -> int | None:
    """Chinese integer with 万/亿 groups ("一千二百万", "三亿五千万", "万亿")."""
    if not text:
        return None
    as_digits = _digit_string(text)
    if as_digits is not None and any(ch in "〇零" for ch in text):
        return as_digits
    for big_char, big in (("亿", CN_BIG_UNITS["亿"]), ("万", CN_BIG_UNITS["万"])):
        idx = text.rfind(big_char) if big_char == "万" else text.find(big_char)
        if idx < 0:
            continue
        head, tail = text[:idx], text[idx + 1 :]
        head_value = _parse_integer(head) if head else 1
        tail_value = _parse_integer(tail) if tail else 0
        if head_value is None or tail_value is None:
            return None
        if tail and tail_value >= big:
            return None
        # "万亿": the head may itself carry 万 ("一万亿" = 1e12).
        return head_value * big + tail_value
    return _parse_section(text)


def parse_chinese(text: str) -> float | None:
    """Value of a Chinese numeral; ``None`` when it is not a well-formed number.

    Handles "三十" (30), "一千二百" (1200), "十二" (12), "两" (2), "十一点八"
    (11.8), "一千二百万" (1.2e7), "万亿" (1e12), "二〇二三" (2023), "半" (0.5).
    Rejects digit runs such as "三五" or "一二三", which are ranges or codes.
    """
    if not text or len(text) > _MAX_CN_CHARS:
        return None
    if text == "半":
        return 0.5
    integer_part, sep, fraction_part = text.partition("点")
    value = _parse_integer(integer_part)
    if value is None:
        return None
    if not sep:
        return float(value)
    if not fraction_part or any(ch not in CN_DIGITS or ch == "两" for ch in fraction_part):
        return None
    decimals = "".join(str(CN_DIGITS[ch]) for ch in fraction_part)
    return float(f"{value}.{decimals}")


def parse_fraction(text: str) -> float | None:
    """ "三分之一" → 0.333…, "百分之五" → 0.05 (as a fraction, not a percentage)."""
    denominator, sep, numerator = text.partition("分之")
    if not sep:
        return None
    den = parse_chinese(denominator) or parse_arabic(denominator)
    num = parse_chinese(numerator)
    if num is None:
        num = parse_arabic(numerator)
    if not den or num is None:
        return None
    return num / den


def parse_percent_cn(text: str) -> float | None:
    """ "百分之十一点八" → 11.8 (the percentage, unit %)."""
    if not text.startswith("百分之"):
        return None
    rest = text[3:]
    value = parse_chinese(rest)
    if value is None:
        value = parse_arabic(rest)
    return value


def magnitude_value(word: str) -> float | None:
    """Multiplier of a magnitude word ("万" → 1e4, "万亿" → 1e12), else None."""
    return MAGNITUDES.get(word)


def parse_number(text: str) -> float | None:
    """Best-effort value of any numeral string used in reports.

    Accepts Arabic with an optional magnitude suffix ("1.2万", "82.7万亿",
    "6,860万"), Chinese numerals, "百分之…", "…分之…" and "一半".
    """
    text = fold_width(text).strip()
    if not text:
        return None
    if text == "一半":
        return 0.5
    if text.startswith("百分之"):
        return parse_percent_cn(text)
    if "分之" in text:
        return parse_fraction(text)
    arabic = _ARABIC_RE.match(text)
    if arabic:
        base = parse_arabic(arabic.group())
        rest = text[arabic.end() :]
        if base is None:
            return None
        if not rest:
            return base
        multiplier = 1.0
        while rest:
            for word, factor in MAGNITUDES.items():
                if rest.startswith(word):
                    multiplier *= factor
                    rest = rest[len(word) :]
                    break
            else:
                return None
        return base * multiplier
    return parse_chinese(text)
