"""Bytes -> text for ingest: refuse binary formats by their magic numbers, decode strictly (UTF-8, UTF-16 with a
byte-order mark, or a charset the input declares), and decode JSON Lines line by line so one bad line spoils only
itself. Raises ValueError with a one-line reason for the user."""
from __future__ import annotations

from briefings.ingest.fetch import declared_charset

__all__ = ["decode", "decode_lines", "sniff_binary"]

_MAGIC: tuple[tuple[bytes, str], ...] = (  # so the user hears "PDF document", not "invalid UTF-8"
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"%PDF-", "PDF document"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"), (b"\xfd7zXZ\x00", "xz archive"), (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old MS Office document"),
    (b"\x7fELF", "ELF executable"), (b"SQLite format 3\x00", "SQLite database"), (b"OggS", "Ogg media"),
)


def sniff_binary(data: bytes, noun: str = "file") -> str | None:
    """A Problem reason when `data` is not text (a known magic number, or NUL bytes), else None."""
    head = data[:16]
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return f"binary {noun} ({name}), not an article"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return f"binary {noun} (WebP image), not an article"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte-order mark: NULs are expected
    if b"\x00" in data[:65536]:
        return f"binary {noun} (contains NUL bytes), not an article"
    return None


def decode(data: bytes, noun: str = "file", charset: str | None = None, markup: bool = False) -> str:
    """Bytes -> text, strictly: UTF-8 (BOM allowed), UTF-16 with BOM, or a charset the input itself declares
    (`charset` from an HTTP header; <meta charset> when `markup`). Never guesses latin-1. Raises ValueError."""
    if not data.strip():
        raise ValueError(f"empty {noun}" if not data else f"empty {noun} (only whitespace)")
    binary = sniff_binary(data, noun)
    if binary:
        raise ValueError(binary)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not valid UTF-16 text (bad data at offset {exc.start}); re-save as UTF-8") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            declared = _declared(data, charset or (declared_charset(data[:4096]) if markup else None))
            if declared is None:
                offset = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
                raise ValueError(f"not UTF-8 text (invalid byte 0x{data[offset]:02x} at offset {offset}); "
                                 "re-save as UTF-8") from None
            text = declared
    if not text.strip():
        raise ValueError(f"empty {noun} (only whitespace)")
    return text


def decode_lines(data: bytes, noun: str) -> str:
    """JSON Lines: a bad byte or a NUL spoils its own line only (parse_jsonl names it), not the other records."""
    if not data.strip():
        raise ValueError(f"empty {noun}" if not data else f"empty {noun} (only whitespace)")
    binary = sniff_binary(data.replace(b"\x00", b""), noun)  # a known binary format is still refused whole
    if binary:
        raise ValueError(binary)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode(data, noun)
    return data.decode("utf-8-sig", "surrogateescape")


def _declared(data: bytes, name: str | None) -> str | None:
    if not name or name.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        return None
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None
