"""Replace sensitive spans: the only place text is changed (masking never detects).

KEEP_LENGTH puts one × (U+00D7) per character and keeps newlines, so every
offset of the document stays valid (scorers and review pages rely on it).
Leftover markup (MARKUP: <br/>, ##paidbegin##) is no content: it is blanked with
zero-width spaces (KEEP_LENGTH; the normaliser drops them as it drops markup, so the
masked text reads as the original did without its markup) or taken out (FIXED) rather
than masked: a run of × before 公司 would read as a masked name (×××××公司领导), and
spaces before a name as a byline (××××     张建国), both reported again.
FIXED, LABEL and NUMBERED change the length; NUMBERED gives the same entity the
same tag everywhere ([单位1]) and records the originals in a vault so the
text can be restored with :func:`unmask`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from baogao.findings import Finding
from baogao.redact.policy import MaskStyle

MASK_CHAR = "×"
#: What leftover markup becomes in KEEP_LENGTH: a zero-width space per character.
BLANK = "\u200b"
FIXED_MASK = "×××"
TAGS = {
    "PERSON": "姓名",
    "ORG": "单位",
    "LOCATION": "地点",
    "PHONE": "电话",
    "EMAIL": "邮箱",
    "ID_NUMBER": "证件号",
    "URL": "网址",
    "FIGURE": "数据",
    "PARTIAL_MASK": "单位",
    "DENY": "屏蔽",
    "MARKUP": "标记",
}
_TAG = re.compile(r"\[(?:" + "|".join(sorted(set(TAGS.values()))) + r")[0-9]*\]")


@dataclass(frozen=True)
class Replacement:
    """One replaced span: offsets into the input text and what stood there."""

    start: int
    end: int
    label: str
    original: str
    replacement: str


@dataclass(frozen=True)
class MaskResult:
    """The masked text and the replacements made, in text order."""

    text: str
    replacements: tuple[Replacement, ...]


def _spans(text: str, findings: Iterable[Finding]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, label) spans: overlapping findings are merged."""
    out: list[tuple[int, int, str]] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        start, end = max(0, f.start), min(len(text), f.end)
        if start >= end:
            continue
        if out and start < out[-1][1]:
            s, e, label = out[-1]
            out[-1] = (s, max(e, end), label)
        else:
            out.append((start, end, f.label))
    return out


def _keep_length(original: str) -> str:
    return "".join(ch if ch == "\n" else MASK_CHAR for ch in original)


def _tag(
    label: str, original: str, style: MaskStyle, numbers: dict[tuple[str, str], int], vault: dict | None
) -> str:
    name = TAGS.get(label, label)
    if style is MaskStyle.LABEL:
        return f"[{name}]"
    key = (name, original)
    if key not in numbers:
        numbers[key] = sum(1 for k in numbers if k[0] == name) + 1
    tag = f"[{name}{numbers[key]}]"
    if vault is not None:
        vault[tag] = original
    return tag


def mask_text(
    text: str,
    findings: Iterable[Finding],
    *,
    style: MaskStyle = MaskStyle.KEEP_LENGTH,
    vault: dict | None = None,
) -> MaskResult:
    """Mask ``findings`` in ``text``; nothing outside them changes.

    Args:
        text: the text the findings' offsets index.
        findings: spans to mask (any labels; overlaps are merged).
        style: replacement style.
        vault: filled with tag → original for NUMBERED (pass a dict to keep it);
            tags already in it keep their numbers, so several documents can share one.
    """
    style = MaskStyle(style)
    numbers: dict[tuple[str, str], int] = {}
    if vault:
        for tag, original in vault.items():
            m = re.fullmatch(r"\[(.+?)([0-9]+)\]", tag)
            if m:
                numbers[(m.group(1), original)] = int(m.group(2))
    parts: list[str] = []
    replacements: list[Replacement] = []
    pos = 0
    for start, end, label in _spans(text, findings):
        original = text[start:end]
        if label == "MARKUP" and style in (MaskStyle.KEEP_LENGTH, MaskStyle.FIXED):
            new = "".join(ch if ch == "\n" else BLANK for ch in original) if style is MaskStyle.KEEP_LENGTH else ""
        elif style is MaskStyle.KEEP_LENGTH:
            new = _keep_length(original)
        elif style is MaskStyle.FIXED:
            new = FIXED_MASK
        elif _TAG.fullmatch(original):
            new = original  # already a tag: masking twice is masking once
        else:
            new = _tag(label, original, style, numbers, vault)
        parts += [text[pos:start], new]
        pos = end
        if new != original:
            replacements.append(Replacement(start, end, label, original, new))
    parts.append(text[pos:])
    return MaskResult("".join(parts), tuple(replacements))


def unmask(text: str, vault: dict) -> str:
    """Restore NUMBERED tags from ``vault`` (tags not in the vault are left as they are)."""
    return _TAG.sub(lambda m: str(vault.get(m.group(), m.group())), text)


class StringReplacer:
    """Replaces the masked strings wherever a file holds them, longest first, leftmost, no overlaps.

    What ``mask`` replaced in a document's text (``MaskResult.replacements``: original →
    replacement) is replaced again in the file it came from (a Word file's XML, a page's
    markup). A span across lines or cells is replaced piece by piece, and a span holding
    blanks also as its pieces of two chars or more (a page may lay the blanks out otherwise).
    """

    def __init__(self, replacements: Mapping[str, str]) -> None:
        import ahocorasick_rs

        pieces: dict[str, str] = {}
        for original, replacement in replacements.items():
            if not original:
                continue
            if "\n" in original or "\t" in original:
                # a span across lines or cells: each piece on its own (a run never holds a break)
                for piece in original.replace("\t", "\n").split("\n"):
                    if piece.strip():
                        pieces.setdefault(piece, MASK_CHAR * len(piece))
                continue
            pieces[original] = replacement
            if " " in original or "\u3000" in original:
                for piece in original.split():
                    if len(piece) >= 2:
                        pieces.setdefault(piece, MASK_CHAR * len(piece))
        self.pieces = pieces
        self._ac = (
            ahocorasick_rs.AhoCorasick(list(pieces), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if pieces
            else None
        )

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        if self._ac is None or not text:
            return []
        return [(s, e, self.pieces[text[s:e]]) for _, s, e in self._ac.find_matches_as_indexes(text)]

    def replace(self, text: str) -> str:
        out, at = [], 0
        for s, e, new in self.spans(text):
            out += [text[at:s], new]
            at = e
        return "".join(out) + text[at:] if out else text
