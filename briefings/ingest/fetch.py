"""Fetching a URL (urllib, bounded in time and size) and the small HTML helpers that web and feed content needs.

Nothing here knows about Documents: `fetch` returns raw bytes plus what the server said about them, or raises
`FetchError` with one line for the user. `readers.read` turns that into Documents or a Problem.
"""
from __future__ import annotations

import html
import re
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser

USER_AGENT = "briefbot/0.1"
_ACCEPT = "application/rss+xml, application/atom+xml, text/html;q=0.9, application/xml;q=0.8, text/*;q=0.7, */*;q=0.1"
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL could not be fetched; the message is one line meant for the user."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    kind: str  # "feed" | "html" | "txt" | "json"
    charset: str | None  # as declared by the server


def fetch(url: str, *, max_bytes: int, timeout: float) -> Fetched:
    """GET `url` with a User-Agent, a per-read timeout, an overall deadline and a size cap."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"response too large: {_mb(int(length))} > {_mb(max_bytes)} limit from {url} "
                                 "(set BRIEFBOT_MAX_FILE_MB)")
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"response too large: more than {_mb(max_bytes)} from {url} "
                                     "(set BRIEFBOT_MAX_FILE_MB)")
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout:g} s fetching {url}")
                chunks.append(chunk)
            data = b"".join(chunks)
            content_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
            charset = response.headers.get_content_charset()
            final = response.geturl() or url
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason} from {url}".replace("  ", " ")) from None
    except urllib.error.URLError as exc:
        raise FetchError(_network_reason(exc.reason, url, timeout)) from None
    except (TimeoutError, socket.timeout):
        raise FetchError(f"timed out after {timeout:g} s fetching {url}") from None
    except (OSError, ValueError) as exc:  # connection reset mid-body, bad URL, http.client errors
        raise FetchError(f"cannot fetch {url}: {exc}") from None
    return Fetched(url=final, data=data, kind=content_kind(content_type, data), charset=charset)


def _network_reason(reason: object, url: str, timeout: float) -> str:
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve host of {url} (DNS lookup failed); check the address and the network"
    if isinstance(reason, ConnectionRefusedError):
        return f"connection refused by {url}; is the server running?"
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s fetching {url}"
    return f"cannot fetch {url}: {reason}"


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size % 1048576 else f"{size // 1048576} MB"


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.S | re.I)


def content_kind(content_type: str, data: bytes) -> str:
    """Decide how to parse a response: the declared type first, then a look at the first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if content_type in _FEED_TYPES or _FEED_START.match(head):
        return "html" if _HTML_START.match(head) else "feed"
    if content_type in ("text/html", "application/xhtml+xml") or _HTML_START.match(head):
        return "html"
    if content_type in ("application/json", "application/ld+json"):
        return "json"
    if content_type in ("application/x-ndjson", "application/jsonl"):
        return "jsonl"
    return "txt"


# ---- HTML helpers (feed entries, JSON bodies with markup, charset and language declarations) ----

_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
          "table", "section", "article", "header", "footer", "figure", "figcaption", "pre", "hr", "dd", "dt"}
_SKIP = {"script", "style", "noscript", "template", "head"}
_TAG = re.compile(r"</?(?:p|div|br|a|span|h[1-6]|li|ul|ol|em|strong|b|i|img|blockquote|figure|table)\b[^>]*>", re.I)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """HTML fragment -> plain text with one blank line between paragraphs; scripts and styles dropped."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text[:5000]))


def html_lang(markup: str) -> str | None:
    """The page's declared language: <html lang="en-GB"> -> "en-GB"."""
    match = re.search(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", markup[:5000], re.I)
    return match.group(1) if match else None


_META = re.compile(r"<meta\b[^>]*>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DATE_NAMES = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
               "dc.date.issued", "dc.date", "dcterms.created", "parsely-pub-date", "sailthru.date", "date")
_LD_DATE = re.compile(r"\"datePublished\"\s*:\s*\"([^\"]+)\"")


def html_published(markup: str) -> str | None:
    """The publication time a page declares in its <head> meta tags or JSON-LD, with time and zone when given.

    trafilatura (htmldate) prefers a date found in the URL and drops the time; this keeps "08:30+03:00"."""
    found: dict[str, str] = {}
    for tag in _META.findall(markup[:200_000]):
        attrs = {k.lower(): a or b for k, a, b in _ATTR.findall(tag)}
        name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if name in _DATE_NAMES and attrs.get("content"):
            found.setdefault(name, attrs["content"])
    best = next((found[n] for n in _DATE_NAMES if n in found), None)
    if best is None and (match := _LD_DATE.search(markup)):
        best = match.group(1)
    return best


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page or XML document declares about itself, if any."""
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", head, re.I) or re.search(
        rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", head, re.I)
    return html.unescape(match.group(1).decode("ascii", "replace")) if match else None


_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.M), r) for p, r in (
    (r"^[ \t]*```.*$", ""),  # code fences (content kept)
    (r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$", ""),  # horizontal rules
    (r"^[ \t]{0,3}(?:=+|-+)[ \t]*$", ""),  # setext heading underlines
    (r"!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)", ""),  # images (spans bounded: linear on "[[[[" lines)
    (r"\[([^\]\n]{1,500})\]\([^)\n]{0,2000}\)", r"\1"),  # links keep their text
    (r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", r"\1"),  # ATX headings
    (r"^[ \t]{0,3}>[ \t]?", ""),  # block quotes
    (r"^[ \t]{0,3}[-*+][ \t]+", ""),  # bullets (numbers kept: they may carry meaning)
    (r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1", r"\2"),  # strong (bounded: linear on "**a **a …")
    (r"(?<![\w*])\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*(?![\w*])", r"\1"),  # emphasis with *
    (r"(?<![\w_])_(?=\S)([^_\n]{1,500}?)(?<=\S)_(?![\w_])", r"\1"),  # emphasis with _ (not snake_case)
    (r"`([^`\n]{1,500})`", r"\1"),  # inline code
    (r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1"),  # backslash escapes
))


def clean_markdown(text: str) -> str:
    """Markdown -> readable text: markers removed, paragraph breaks kept, words untouched."""
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
