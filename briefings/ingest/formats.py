"""Per-format parsers: bytes or text in, `Document`/`Problem` values out. Nothing here touches disk or network."""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import yaml

from briefings.ingest.fetch import clean_markdown, html_lang, html_published, html_to_text, looks_like_html
from briefings.ingest.jsonscan import array_items
from briefings.ingest.pubdate import parse_date
from briefings.ingest.sanitize import bound_lines, safe, safe_opt

__all__ = ["Document", "Problem", "TEXT_PARSERS", "guarded", "make_document", "parse_date"]


@dataclass(frozen=True)
class Document:
    text: str  # article body, normalised to \n line endings, stripped
    title: str | None
    url: str | None
    outlet: str | None  # header/front matter/feed title/domain; None when unknown
    published: datetime | None  # timezone-aware (UTC if the input had no zone); None when unknown
    language: str | None
    source: str  # what the user named: a path, a URL, or "feed.xml#3" for the 3rd record
    author: str | None = None

    def __post_init__(self) -> None:  # never a NUL or lone surrogate, however the Document was built
        for name in ("text", "source"):
            object.__setattr__(self, name, safe(getattr(self, name)))
        for name in ("title", "url", "outlet", "language", "author"):
            object.__setattr__(self, name, safe_opt(getattr(self, name)))


@dataclass(frozen=True)
class Problem:
    source: str
    reason: str  # one line: what is wrong and, where possible, what to do

    def __post_init__(self) -> None:  # printable and storable whatever the file name or input held
        object.__setattr__(self, "source", safe(self.source))
        object.__setattr__(self, "reason", " ".join(safe(self.reason).split()))

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


Result = Document | Problem
Meta = dict[str, Any]

_KEYS = {  # accepted field names -> Document field, for headers, front matter and JSON records
    "url": "url", "link": "url", "outlet": "outlet", "source": "outlet", "site": "outlet",
    "published": "published", "date": "published", "published_at": "published", "publishedat": "published",
    "pubdate": "published", "language": "language",
    "lang": "language", "title": "title", "headline": "title", "author": "author", "byline": "author",
}
_TEXT_KEYS = ("text", "body", "content")
_HEADER_LINE = re.compile(r"^[A-Za-z_-]+:(?: .*)?$")


def clean_text(text: str) -> str:
    """\\n line endings, no trailing spaces on lines, no leading/trailing blank lines, no NUL or lone
    surrogate, no line with more than sanitize.MAX_RUN characters without a sentence end."""
    text = bound_lines(safe(text).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _str(value: Any, limit: int = 1000) -> str | None:
    """A metadata value as one clean line of at most `limit` characters, or None."""
    text = None if value is None or isinstance(value, (dict, list)) else " ".join(safe(str(value)).split())
    return text[:limit] or None if text else None


def host_of(url: str | None) -> str | None:
    """The host name of `url`, or None (also when it does not parse)."""
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:  # "http://[::1": not a URL
        return None


def make_document(text: str, meta: Meta, source: str) -> Document:
    """Build a Document from canonical metadata keys; the outlet falls back to the URL's domain.

    Values that no column can hold are dropped, not stored cut: a URL that does not parse or is longer than
    1000 characters, a language tag longer than 16. Titles are cut at 500 characters."""
    url = _str(meta.get("url"), 10_000)
    host = host_of(url)
    if url and (len(url) > 1000 or (host is None and "://" in url)):
        url = None
    language = _str(meta.get("language"))
    outlet = _str(meta.get("outlet"), 200) or ((host or "").removeprefix("www.")[:200] if url else None)
    return Document(
        text=clean_text(text), title=_str(meta.get("title"), 500), url=url, outlet=outlet or None,
        published=parse_date(meta.get("published")), language=language if language and len(language) <= 16 else None,
        source=source[:1000], author=_str(meta.get("author"), 200),
    )


def _canonical(fields: dict[Any, Any]) -> Meta:
    """Map accepted aliases to Document fields; the first alias present wins."""
    meta: Meta = {}
    for key, value in fields.items():
        if isinstance(value, dict):  # {"source": {"id": "reuters", "name": "Reuters"}} as NewsAPI sends
            value = value.get("name") or value.get("title")
        field = _KEYS.get(str(key).strip().lower().replace("-", "_"))
        if field and meta.get(field) in (None, "") and value not in (None, ""):
            meta[field] = value
    return meta


def parse_txt(text: str, source: str, defaults: Meta | None = None) -> Iterator[Result]:
    """Plain text with an optional `key: value` header block ended by a `---` line."""
    text = clean_text(text)
    meta = dict(defaults or {})
    lines = text.split("\n")
    if "---" in lines:
        cut = lines.index("---")
        head = lines[:cut]
        if head and all(_HEADER_LINE.match(line) for line in head):
            fields = dict(line.split(":", 1) for line in head)
            found = _canonical({k: v.strip() for k, v in fields.items()})
            if found:  # at least one known key: otherwise it is prose that happens to contain colons
                meta.update(found)
                text = "\n".join(lines[cut + 1:])
    yield _document_or_empty(text, meta, source)


def _document_or_empty(text: str, meta: Meta, source: str) -> Result:
    if not text.strip():
        return Problem(source, "no article text (only a header)")
    return make_document(text, meta, source)


def parse_md(text: str, source: str, defaults: Meta | None = None) -> Iterator[Result]:
    """Markdown with optional YAML front matter; markup reduced so sentences read cleanly."""
    text = clean_text(text)
    meta = dict(defaults or {})
    match = re.match(r"---\n(.*?)\n(?:---|\.\.\.)(?:\n|$)", text, re.S)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except RecursionError:
            yield Problem(source, f"YAML front matter nested too deeply; {_FLAT}")
            return
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
            yield Problem(source, f"malformed YAML front matter{where}: {problem}; fix it or remove the --- block")
            return
        if isinstance(loaded, dict):
            meta.update(_canonical(loaded))
            text = text[match.end():]
    yield _document_or_empty(clean_markdown(text), meta, source)


def parse_html(text: str, source: str, defaults: Meta | None = None) -> Iterator[Result]:
    """An article page, through trafilatura (main text + metadata). The canonical link wins as url."""
    try:
        from trafilatura import bare_extraction
    except ImportError as exc:  # e.g. lxml without lxml_html_clean
        yield Problem(source, f"cannot read HTML: trafilatura failed to import ({exc})")
        return
    extracted = bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True,
                                "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    body = getattr(extracted, "text", None) or ""
    if not body.strip():
        yield Problem(source, "no article text found in HTML")
        return
    meta = dict(defaults or {})
    found = {"title": extracted.title, "url": extracted.url, "outlet": extracted.sitename,
             "published": html_published(text) or extracted.date, "author": extracted.author,
             "language": html_lang(text) or extracted.language}
    meta.update({k: v for k, v in found.items() if v})
    yield make_document(body, meta, source)


def _records(value: Any) -> list[Any] | None:
    """A JSON list of records, or the list under a wrapper key like {"articles": [...]}."""
    if isinstance(value, dict) and not any(k in value for k in _TEXT_KEYS):
        lists = [v for k, v in value.items() if k in ("articles", "items", "entries", "data", "records")]
        value = lists[0] if len(lists) == 1 else value
    return value if isinstance(value, list) else None


def parse_json(text: str, source: str, defaults: Meta | None = None) -> Iterator[Result]:
    """One object, a list of objects, or {"articles": [...]}: one Document or Problem per record."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Problem(source, f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return
    except RecursionError:  # one deep record must not lose the others: parse a list's records one by one
        items = array_items(text)
        if not items:
            yield Problem(source, f"JSON nested too deeply; {_FLAT}")
        for number, item in enumerate(items or (), 1):
            yield from _one_json(item, f"{source}#{number}")
        return
    records = _records(value)
    if records is None:
        yield _record(value, source)
        return
    if not records:
        yield Problem(source, "JSON list has no records")
    for number, record in enumerate(records, 1):
        yield _record(record, f"{source}#{number}")


def parse_jsonl(text: str, source: str, defaults: Meta | None = None) -> Iterator[Result]:
    """One JSON object per line; record numbers are line numbers, so the user can find them."""
    records = 0
    for number, line in enumerate(text.lstrip("\ufeff").split("\n"), 1):  # \n only: the numbers editors show
        if not line.strip():
            continue
        records += 1
        if (bad := _UNDECODED.search(line)) is not None:  # readers decode JSON Lines with surrogateescape
            yield Problem(f"{source}#{number}", f"not UTF-8 text (invalid byte 0x{ord(bad.group()) - 0xDC00:02x} "
                                                f"at column {bad.start() + 1}); re-save as UTF-8")
            continue
        if "\x00" in line:
            yield Problem(f"{source}#{number}", "a NUL byte in the line; not JSON text")
            continue
        yield from _one_json(line, f"{source}#{number}")
    if not records:
        yield Problem(source, "no records: only blank lines")


def _one_json(text: str, source: str) -> Iterator[Result]:
    """One record's JSON text -> its Document or Problem."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Problem(source, f"invalid JSON: {exc.msg} (column {exc.colno})")
        return
    except RecursionError:
        yield Problem(source, f"JSON nested too deeply; {_FLAT}")
        return
    yield _record(value, source)


_UNDECODED = re.compile("[\udc80-\udcff]")
_FLAT = "an article record is one flat object with a 'text' field"


def guarded(build: Callable[..., Result]) -> Callable[..., Result]:
    """One record's builder that answers a Problem instead of raising: a record never hides the others."""
    def guarded(value: Any, source: str, *args: Any) -> Result:
        try:
            return build(value, source, *args)
        except RecursionError:
            return Problem(source, f"record nested too deeply; {_FLAT}")
        except Exception as exc:  # noqa: BLE001 - any other surprise is still this record's, named as such
            return Problem(source, f"record could not be read ({type(exc).__name__}: {str(exc)[:200]})")
    return guarded


@guarded
def _record(value: Any, source: str) -> Result:
    if not isinstance(value, dict):
        return Problem(source, f"record is a JSON {type(value).__name__}, not an object")
    body = next((value[k] for k in _TEXT_KEYS if value.get(k) not in (None, "")), None)
    if body is None:
        return Problem(source, "record has no 'text' field (also accepted: 'body', 'content')")
    if not isinstance(body, str) or not body.strip():
        return Problem(source, "record's text is empty or not a string")
    if looks_like_html(body):
        body = html_to_text(body)
    return make_document(body, _canonical(value), source)


TEXT_PARSERS = {"txt": parse_txt, "md": parse_md, "html": parse_html, "json": parse_json, "jsonl": parse_jsonl}
