"""The article body: a list of blocks stored as JSON, edited as structured text.

Stored form (``Article.body``)::

    [{"kind": "paragraph", "text": "..."},
     {"kind": "subheading", "text": "..."},
     {"kind": "caption", "text": "...", "credit": "أ.ف.ب", "archive": false}]

Editing form (the admin textarea): paragraphs separated by blank lines, a
subheading on a line starting with ``## ``, a photo caption on a line starting
with ``!! `` and ending in its credit in parentheses. Plain text only: templates
escape everything, so nothing an editor types can run on a public page.
"""

from __future__ import annotations

import re

KINDS = ("paragraph", "subheading", "caption")
SUBHEADING_MARK = "## "
CAPTION_MARK = "!! "
_CREDIT = re.compile(r"\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")
_ARCHIVE = "أرشيفية"
_ARCHIVE_SEPARATORS = re.compile(r"\s*[-–ـ/،,]\s*")


class BodyError(ValueError):
    """The body text or block list is malformed; the message says where."""


def caption_credit_text(block: dict) -> str:
    """The credit as printed in parentheses, archive flag included."""
    credit = block.get("credit") or ""
    if block.get("archive"):
        return f"{_ARCHIVE} - {credit}" if credit else _ARCHIVE
    return credit


def split_credit(text: str) -> tuple[str, str, bool]:
    """Split «caption (أرشيفية - أ.ف.ب)» into (caption, credit, is_archive)."""
    match = _CREDIT.search(text)
    if not match:
        return text.strip(), "", False
    inner = match.group(1).strip()
    parts = [p for p in _ARCHIVE_SEPARATORS.split(inner) if p]
    archive = _ARCHIVE in parts
    credit = " - ".join(p for p in parts if p != _ARCHIVE)
    return text[: match.start()].strip(), credit, archive


def blocks_to_text(blocks: list[dict]) -> str:
    """Render stored blocks into the editing form."""
    chunks = []
    for block in blocks or []:
        kind, text = block.get("kind"), block.get("text", "")
        if kind == "subheading":
            chunks.append(SUBHEADING_MARK + text)
        elif kind == "caption":
            credit = caption_credit_text(block)
            chunks.append(CAPTION_MARK + text + (f" ({credit})" if credit else ""))
        else:
            chunks.append(text)
    return "\n\n".join(chunks)


def text_to_blocks(text: str) -> list[dict]:
    """Parse the editing form back into blocks.

    Each non-empty line outside a paragraph is its own block; consecutive plain
    lines join into one paragraph (so a pasted paragraph with hard wraps stays one).
    """
    blocks: list[dict] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            blocks.append({"kind": "paragraph", "text": " ".join(paragraph)})
            paragraph.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith(SUBHEADING_MARK.strip()) and line.lstrip("#").strip():
            flush()
            blocks.append({"kind": "subheading", "text": line.lstrip("#").strip()})
        elif line.startswith(CAPTION_MARK.strip()) and line.lstrip("!").strip():
            flush()
            caption, credit, archive = split_credit(line.lstrip("!").strip())
            blocks.append(
                {"kind": "caption", "text": caption, "credit": credit, "archive": archive}
            )
        else:
            paragraph.append(line)
    flush()
    return blocks


def validate_blocks(blocks) -> list[dict]:
    """Check the stored shape; raise BodyError naming the first bad block."""
    if not isinstance(blocks, list):
        raise BodyError("النص يجب أن يكون قائمة فقرات.")
    for index, block in enumerate(blocks, start=1):
        if not isinstance(block, dict) or block.get("kind") not in KINDS:
            raise BodyError(f"الفقرة {index}: نوع غير معروف.")
        if not isinstance(block.get("text"), str) or not block["text"].strip():
            raise BodyError(f"الفقرة {index}: نص فارغ.")
    return blocks


def plain_text(blocks: list[dict], kinds=("paragraph", "subheading", "caption")) -> str:
    """All text of the body as one string (search, excerpts, entity extraction)."""
    return "\n".join(b.get("text", "") for b in blocks or [] if b.get("kind") in kinds)
