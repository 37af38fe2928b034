"""Reading what the user named — files, directories, globs, URLs — into `Document`s, or `Problem`s saying why not.

`read` never raises for bad input: each failure is one `Problem` line naming the source. Multi-record inputs
(JSON lists, JSON Lines, feeds) yield one Problem per bad record and go on with the rest.
"""
from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from briefings.ingest.decoding import decode, decode_lines, sniff_binary
from briefings.ingest.fetch import FetchError, content_kind, fetch
from briefings.ingest.feedparse import parse_feed
from briefings.ingest.formats import TEXT_PARSERS, Document, Problem

__all__ = ["Document", "Problem", "expand", "plan", "read", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_CHARS",
           "max_bytes_from_env", "max_chars_from_env", "SUPPORTED"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Characters of text per article (record). The longest news features run to ~60,000; past this a "record" is a
# dump or an attack. Extraction is linear but slow on dense text (measured worst case ~60 KB/s: about 3 s for
# 200,000 characters of back-to-back place names or casualty phrases; docs/hostile-input.md).
DEFAULT_MAX_CHARS = 200_000
_MARKUP_PER_CHAR = 20  # an HTML page may carry this much markup per character of text before it is refused
# Extension -> parser kind. The first spelling of each kind is the one shown to users.
SUPPORTED: dict[str, str] = {
    ".txt": "txt", ".md": "md", ".html": "html", ".json": "json", ".jsonl": "jsonl", ".xml": "feed",
    ".rss": "feed", ".atom": "feed", ".text": "txt", ".markdown": "md", ".htm": "html", ".xhtml": "html",
    ".ndjson": "jsonl",
}
_SHOWN = " ".join(list(SUPPORTED)[:8])


def max_bytes_from_env(environ: dict[str, str] | os._Environ[str] = os.environ) -> int:
    """The size limit in bytes from BRIEFBOT_MAX_FILE_MB (default 20 MB); bad values fall back to the default."""
    try:
        megabytes = float(environ.get("BRIEFBOT_MAX_FILE_MB", ""))
    except ValueError:
        return DEFAULT_MAX_BYTES
    return int(megabytes * 1024 * 1024) if megabytes > 0 else DEFAULT_MAX_BYTES


def max_chars_from_env(environ: dict[str, str] | os._Environ[str] = os.environ) -> int:
    """The text limit per article from BRIEFBOT_MAX_ARTICLE_CHARS (default 200,000); bad values: the default."""
    value = environ.get("BRIEFBOT_MAX_ARTICLE_CHARS", "").replace("_", "").replace(",", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_CHARS


def _is_url(text: str) -> bool:
    return "://" in text and text.split("://", 1)[0].isalpha()


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


# Files that sit beside reports but are about them: a folder walk skips them (and names them); naming one
# explicitly still reads it. Matched on the whole name before the extension, or that name plus -, _ or . suffixes.
NOT_REPORTS = ("README", "EXPECTED", "CHANGELOG", "CHANGES", "LICENSE", "LICENCE", "COPYING", "CONTRIBUTING",
               "AUTHORS", "NOTICE", "TODO", "CODE_OF_CONDUCT", "SECURITY", "INSTALL")


def _not_a_report(path: Path) -> bool:
    stem = path.name.split(".", 1)[0].upper()
    return any(stem == n or stem.startswith((n + "-", n + "_")) for n in NOT_REPORTS)


def expand(inputs: Iterable[str | Path]) -> list[str]:
    """Inputs -> sources (see `plan`)."""
    return plan(inputs)[0]


def plan(inputs: Iterable[str | Path]) -> tuple[list[str], list[Problem]]:
    """Inputs -> (sources, files a folder walk skipped with why). Directories are recursed (sorted; supported
    extensions; hidden entries, documents such as README.md or EXPECTED.md and special files skipped), globs
    expanded; URLs, plain files and missing paths pass through so that `read` reports on them.
    A directory without supported files passes through itself, so `read` can say so."""
    out: list[str] = []
    skipped: list[Problem] = []
    for item in inputs:
        text = str(item)
        path = Path(text)
        if not text.strip() or _is_url(text) or path.is_file():
            out.append(text)
        elif path.is_dir():
            before, other_types = len(skipped), 0
            found: list[str] = []
            for p in sorted(path.rglob("*"), key=lambda p: p.relative_to(path).parts):
                if _hidden(p, path) or p.is_dir():
                    continue
                if p.suffix.lower() not in SUPPORTED:  # said, not silently left out (issue 15)
                    skipped.append(Problem(str(p), f"not a report file type ({' '.join(sorted(SUPPORTED))}); "
                                                   "name the file to ingest it anyway"))
                    other_types += 1
                elif not p.exists():
                    skipped.append(Problem(str(p), "a broken symbolic link"))
                elif not p.is_file():
                    skipped.append(Problem(str(p), "not a regular file (a pipe, socket or device)"))
                elif _not_a_report(p):
                    skipped.append(Problem(str(p), "a document about the folder (README, EXPECTED, "
                                                   "LICENSE...), not a report; name the file to ingest it anyway"))
                else:
                    found.append(str(p))
            if not found and len(skipped) - other_types == before:  # no report at all: `read` says so, once
                del skipped[before:]
                found = [text]
            out.extend(found)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            if matches:
                more, also = plan(matches)
                out.extend(more)
                skipped.extend(also)
            else:
                out.append(text)
        else:
            out.append(text)
    return list(dict.fromkeys(out)), skipped  # the same file named twice is read once


def read(source: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 20.0,
         max_chars: int | None = None) -> Iterator[Document | Problem]:
    """Documents (or Problems) from one source: a file path, a directory, a glob, or an http(s) URL.

    Every record ends as a Document or a Problem: a parser failure after some records yields one Problem for
    the rest of the input, never silence; an article longer than `max_chars` characters is refused."""
    source = str(source)
    limit = max_chars or max_chars_from_env()
    results = 0
    try:
        if not source.strip():
            yield Problem(source, "empty path: name a file, a directory or a URL")
        elif _is_url(source):
            for item in _read_url(source, max_bytes, timeout, limit):
                results += 1
                yield _bounded(item, limit)
        else:
            for item in _read_path(source, max_bytes, limit):
                results += 1
                yield _bounded(item, limit)
    except PermissionError:  # raised by is_dir()/rglob() inside unreadable directories
        yield Problem(source, "permission denied; check the permissions of the file and its folders")
    except RecursionError:
        yield Problem(source, "nested too deeply to read (thousands of levels); this is not an article")
    except Exception as exc:  # noqa: BLE001 - one input's surprise must not stop a batch; say what broke
        rest = f" after its first {results} records" if results else ""
        yield Problem(source, f"could not be read{rest} ({type(exc).__name__}: {str(exc)[:200]}); "
                              "check that the file is what its extension says")


def _bounded(item: Document | Problem, limit: int) -> Document | Problem:
    if isinstance(item, Document) and len(item.text) > limit:
        return Problem(item.source, _too_long(len(item.text), limit))
    return item


def _too_long(chars: int, limit: int) -> str:
    return (f"article too long: {chars:,} characters of text > {limit:,} limit per article; split it into "
            "articles or set BRIEFBOT_MAX_ARTICLE_CHARS")


def _read_url(url: str, max_bytes: int, timeout: float, limit: int) -> Iterator[Document | Problem]:
    scheme = url.split("://", 1)[0].lower()
    if scheme not in ("http", "https"):
        yield Problem(url, f"unsupported URL scheme {scheme}://; use http:// or https://")
        return
    try:
        got = fetch(url, max_bytes=max_bytes, timeout=timeout)
    except FetchError as exc:
        yield Problem(url, str(exc))
        return
    yield from parse_bytes(got.data, got.kind, url, noun="response", charset=got.charset, defaults={"url": got.url},
                           max_chars=limit)


def _read_path(source: str, max_bytes: int, limit: int) -> Iterator[Document | Problem]:
    path = Path(source)
    if path.is_dir():
        sources, skipped = plan([path])
        yield from skipped
        if sources == [source] or not (sources or skipped):
            yield Problem(source, f"directory has no supported files ({_SHOWN})")
            return
        for child in sources:
            yield from read(child, max_bytes=max_bytes, max_chars=limit)  # each file gets its own safety net
        return
    if not path.exists() and glob.has_magic(source) and expand([source]) != [source]:
        for child in expand([source]):
            yield from read(child, max_bytes=max_bytes, max_chars=limit)
        return
    kind = SUPPORTED.get(path.suffix.lower())
    if kind is None and path.exists() and path.suffix:
        yield Problem(source, f"unsupported file type {path.suffix.lower()}; use {_SHOWN}")
        return
    try:
        data = _read_regular(path, max_bytes)
    except _Refused as exc:
        yield Problem(source, str(exc))
        return
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
    yield from parse_bytes(data, kind or _sniff_kind(data), source, max_chars=limit)


class _Refused(Exception):
    """The path is not a regular file of acceptable size; the message is the Problem's reason."""


_SPECIAL = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, opened without blocking so that a FIFO or a device is refused at once."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = next((name for test, name in _SPECIAL if test(info.st_mode)), "not a regular file")
            raise _Refused(f"not a regular file ({what}); save the content to a file and ingest that")
        if info.st_size > max_bytes:
            raise _Refused(f"file too large: {_mb(info.st_size)} > {_mb(max_bytes)} limit (set BRIEFBOT_MAX_FILE_MB)")
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(max_bytes + 1)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > max_bytes:  # grew between stat and read
        raise _Refused(f"file too large: more than {_mb(max_bytes)} limit (set BRIEFBOT_MAX_FILE_MB)")
    return data


def _sniff_kind(data: bytes) -> str:
    """A file without an extension: decide by its first bytes, as for a URL without a content type."""
    head = data[:64].lstrip(b"\xef\xbb\xbf").lstrip()
    if head[:1] in (b"{", b"["):
        return "jsonl" if data.lstrip().startswith(b"{") and b"}\n{" in data.replace(b"\r\n", b"\n") else "json"
    return content_kind("", data)


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size % 1048576 else f"{size // 1048576} MB"


def parse_bytes(data: bytes, kind: str, source: str, *, noun: str = "file", charset: str | None = None,
                defaults: dict[str, Any] | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document | Problem]:
    """Check and decode `data`, then parse it as `kind` ("txt", "md", "html", "json", "jsonl" or "feed").

    A text or Markdown file is one article: when it is over the limit it is refused before any parsing, and an
    HTML page with more than _MARKUP_PER_CHAR times the limit in markup likewise (parsing it costs time and memory)."""
    if kind == "feed":  # feedparser honours the XML encoding declaration itself
        reason = None if data.strip() else (f"empty {noun}" if not data else f"empty {noun} (only whitespace)")
        reason = reason or sniff_binary(data, noun)
        yield from [Problem(source, reason)] if reason else parse_feed(data, source)
        return
    try:
        text = decode_lines(data, noun) if kind == "jsonl" else decode(data, noun, charset, markup=kind == "html")
    except ValueError as exc:
        yield Problem(source, str(exc))
        return
    if kind in ("txt", "md") and len(text) > max_chars + 10_000:  # a header or front matter may add a little
        yield Problem(source, _too_long(len(text), max_chars))
        return
    if kind == "html" and len(text) > max_chars * _MARKUP_PER_CHAR:
        yield Problem(source, f"HTML page too large: {len(text):,} characters > {max_chars * _MARKUP_PER_CHAR:,} "
                              "(20 times the article limit); save the article's text, or set BRIEFBOT_MAX_ARTICLE_CHARS")
        return
    yield from TEXT_PARSERS[kind](text, source, defaults)
