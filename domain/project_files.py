"""What a project accepts as attachments: a pitch deck (one PDF) and up to twelve stills, known
by what their bytes are rather than by the name or type the upload claims."""

from __future__ import annotations

from typing import Any

from domain.errors import Invalid

MAX_STILLS = 12
PITCH_DECK_MAX_BYTES = 20 * 1024 * 1024
STILL_MAX_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
STILL_TYPES = frozenset({PNG, JPEG, WEBP})


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are (by their magic bytes), among those we accept."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    return None


def file_record(filename: str, content_type: str, size: int, sha256: str) -> dict[str, Any]:
    """An attachment as the project keeps it: the log names the file by its hash."""
    return {"filename": filename, "content_type": content_type, "size": size, "sha256": sha256}


def check_pitch_deck(content_type: str, size: int) -> None:
    if content_type != PDF:
        raise Invalid("the pitch deck must be a PDF", field="content_type")
    if not 0 < size <= PITCH_DECK_MAX_BYTES:
        raise Invalid("the pitch deck must be at most 20 MB", field="size")


def check_still(content_type: str, size: int) -> None:
    if content_type not in STILL_TYPES:
        raise Invalid("a still must be a PNG, JPEG or WebP image", field="content_type")
    if not 0 < size <= STILL_MAX_BYTES:
        raise Invalid("a still must be at most 10 MB", field="size")
