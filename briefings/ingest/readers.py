"""Reading what the user named — files, directories, globs, URLs — into `Document`s, or `Problem`s saying why not.

`read` never raises for bad input: each failure is one `Problem` line naming the source. Multi-record inputs
(JSON lists, JSON Lines, feeds) yield one Problem per bad record and go on with the rest.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from briefings.ingest.fetch import FetchError, content_kind, declared_charset, fetch
from briefings.ingest.formats import TEXT_PARSERS, Document, Problem, parse_feed

__all__ = ["Document", "Problem", "expand", "read", "DEFAULT_MAX_BYTES", "max_bytes_from_env", "SUPPORTED"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Extension -> parser kind. The first spelling of each kind is the one shown to users.
SUPPORTED: dict[str, str] = {
    ".txt": "txt", ".md": "md", ".html": "html", ".json": "json", ".jsonl": "jsonl", ".xml": "feed",
    ".rss": "feed", ".atom": "feed", ".text": "txt", ".markdown": "md", ".htm": "html", ".xhtml": "html",
    ".ndjson": "jsonl",
}
_SHOWN = " ".join(list(SUPPORTED)[:8])
_MAGIC: tuple[tuple[bytes, str], ...] = (  # so the user hears "PDF document", not "invalid UTF-8"
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"%PDF-", "PDF document"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"), (b"\xfd7zXZ\x00", "xz archive"), (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old MS Office document"),
    (b"\x7fELF", "ELF executable"), (b"SQLite format 3\x00", "SQLite database"), (b"OggS", "Ogg media"),
)


def max_bytes_from_env(environ: dict[str, str] | os._Environ[str] = os.environ) -> int:
    """The size limit in bytes from BRIEFBOT_MAX_FILE_MB (default 20 MB); bad values fall back to the default."""
    try:
        megabytes = float(environ.get("BRIEFBOT_MAX_FILE_MB", ""))
    except ValueError:
        return DEFAULT_MAX_BYTES
    return int(megabytes * 1024 * 1024) if megabytes > 0 else DEFAULT_MAX_BYTES


def _is_url(text: str) -> bool:
    return "://" in text and text.split("://", 1)[0].isalpha()


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand(inputs: Iterable[str | Path]) -> list[str]:
    """Inputs -> sources: directories recursed (sorted; supported extensions; hidden entries skipped), globs
    expanded; URLs, plain files and missing paths pass through so that `read` reports on them.
    A directory without supported files passes through itself, so `read` can say so."""
    out: list[str] = []
    for item in inputs:
        text = str(item)
        path = Path(text)
        if not text.strip() or _is_url(text) or path.is_file():
            out.append(text)
        elif path.is_dir():
            found = sorted(
                (p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED and p.is_file() and not _hidden(p, path)),
                key=lambda p: p.relative_to(path).parts,
            )
            out.extend([str(p) for p in found] or [text])
        elif glob.has_magic(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            out.extend(expand(matches) if matches else [text])
        else:
            out.append(text)
    return list(dict.fromkeys(out))  # the same file named twice is read once


def read(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 20.0) -> Iterator[Document | Problem]:
    """Documents (or Problems) from one source: a file path, a directory, a glob, or an http(s) URL."""
    source = str(source)
    try:
        if not source.strip():
            yield Problem(source, "empty path: name a file, a directory or a URL")
        elif _is_url(source):
            yield from _read_url(source, max_bytes, timeout)
        else:
            yield from _read_path(source, max_bytes)
    except PermissionError:  # raised by is_dir()/rglob() inside unreadable directories
        yield Problem(source, "permission denied; check the permissions of the file and its folders")
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop a batch; say what broke
        yield Problem(source, f"could not be read ({type(exc).__name__}: {exc}); please report this as a bug")


def _read_url(url: str, max_bytes: int, timeout: float) -> Iterator[Document | Problem]:
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        yield Problem(url, f"unsupported URL scheme {scheme}://; use http:// or https://")
        return
    try:
        got = fetch(url, max_bytes=max_bytes, timeout=timeout)
    except FetchError as exc:
        yield Problem(url, str(exc))
        return
    yield from parse_bytes(got.data, got.kind, url, noun="response", charset=got.charset, defaults={"url": got.url})


def _read_path(source: str, max_bytes: int) -> Iterator[Document | Problem]:
    path = Path(source)
    if path.is_dir():
        sources = expand([path])
        if sources == [source]:
            yield Problem(source, f"directory has no supported files ({_SHOWN})")
            return
        for child in sources:
            yield from read(child, max_bytes=max_bytes)  # each file gets its own safety net
        return
    if not path.exists() and glob.has_magic(source) and expand([source]) != [source]:
        for child in expand([source]):
            yield from read(child, max_bytes=max_bytes)
        return
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None and path.exists() and path.suffix:
        yield Problem(source, f"unsupported file type {path.suffix.lower()}; use {_SHOWN}")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Problem(source, f"file too large: {_mb(size)} > {_mb(max_bytes)} limit (set BRIEFBOT_MAX_FILE_MB)")
            return
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        hint = " (no files match the pattern)" if glob.has_magic(source) else ""
        yield Problem(source, f"no such file or directory{hint}")
        return
    except PermissionError:
        yield Problem(source, "permission denied; check the file's permissions")
        return
    except IsADirectoryError:
        yield Problem(source, "is a directory")
        return
    except OSError as exc:
        yield Problem(source, f"cannot read file: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:  # grew between stat and read
        yield Problem(source, f"file too large: more than {_mb(max_bytes)} limit (set BRIEFBOT_MAX_FILE_MB)")
        return
    yield from parse_bytes(data, kind or _sniff_kind(data), source)


def _sniff_kind(data: bytes) -> str:
    """A file without an extension: decide by its first bytes, as for a URL without a content type."""
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    if head[:1] in (b"{", b"["):
        return "jsonl" if data.lstrip().startswith(b"{") and b"}\n{" in data.replace(b"\r\n", b"\n") else "json"
    return content_kind("", data)


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size % 1048576 else f"{size // 1048576} MB"


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


def _declared(data: bytes, name: str | None) -> str | None:
    if not name or name.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig"):
        return None
    try:
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None


def parse_bytes(data: bytes, kind: str, source: str, *, noun: str = "file", charset: str | None = None,
                defaults: dict[str, Any] | None = None) -> Iterator[Document | Problem]:
    """Check and decode `data`, then parse it as `kind` ("txt", "md", "html", "json", "jsonl" or "feed")."""
    if kind == "feed":  # feedparser honours the XML encoding declaration itself
        reason = None if data.strip() else (f"empty {noun}" if not data else f"empty {noun} (only whitespace)")
        reason = reason or sniff_binary(data, noun)
        yield from [Problem(source, reason)] if reason else parse_feed(data, source)
        return
    try:
        text = decode(data, noun, charset, markup=kind == "html")
    except ValueError as exc:
        yield Problem(source, str(exc))
        return
    yield from TEXT_PARSERS[kind](text, source, defaults)
