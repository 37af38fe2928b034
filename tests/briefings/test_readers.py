"""Reading inputs: every format, URLs over loopback, and every kind of bad input as one clear Problem line."""
from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefings.ingest.formats import parse_date
from briefings.ingest.readers import Document, Problem, expand, max_bytes_from_env, read

UTC = timezone.utc


def one(source: str | Path, **kw: object) -> Document | Problem:
    results = list(read(str(source), **kw))  # type: ignore[arg-type]
    assert len(results) == 1, results
    return results[0]


def doc(source: str | Path, **kw: object) -> Document:
    result = one(source, **kw)
    assert isinstance(result, Document), result
    return result


def problem(source: str | Path, **kw: object) -> Problem:
    result = one(source, **kw)
    assert isinstance(result, Problem), result
    assert result.source == str(source)
    assert "\n" not in result.reason
    return result


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# ---------------------------------------------------------------- .txt: the seeds, with and without header

def test_seed_header_gives_metadata_and_clean_body(seeds_dir: Path) -> None:
    jpost = doc(seeds_dir / "000_jpost_2024-04-20.txt")
    assert jpost.url == "https://www.jpost.com/breaking-news/article-797969"
    assert jpost.outlet == "The Jerusalem Post"
    assert jpost.published == datetime(2024, 4, 20, tzinfo=UTC)
    assert jpost.language == "en"
    assert jpost.title is None
    assert jpost.text.startswith("One was killed and six were wounded")
    assert "outlet:" not in jpost.text and "---" not in jpost.text
    rudaw = doc(seeds_dir / "002_rudaw_2019-12-29.txt")
    assert (rudaw.author, rudaw.outlet, rudaw.published) == ("Shahla Omar", "Rudaw", datetime(2019, 12, 29, tzinfo=UTC))


def test_seed_raw_form_has_same_text_and_no_metadata(seeds_dir: Path, raw_seeds_dir: Path) -> None:
    for raw in sorted(raw_seeds_dir.glob("*.txt")):
        headed = next(seeds_dir.glob(raw.name[:4] + "*.txt"))
        plain, full = doc(raw), doc(headed)
        assert plain.text == full.text
        assert (plain.outlet, plain.published, plain.url, plain.language) == (None, None, None, None)
        assert plain.source == str(raw)


def test_txt_header_only_when_every_line_before_the_rule_is_key_value(tmp_path: Path) -> None:
    prose = "Note: the figures below are preliminary\nOfficials said three people died.\n---\nMore text."
    assert doc(write(tmp_path / "a.txt", prose)).text == prose
    not_at_top = "Officials said three people died.\nurl: https://x.example/a\n---\nMore."
    assert doc(write(tmp_path / "b.txt", not_at_top)).published is None
    unknown_keys_only = "Update: three died\nWarning: graphic\n---\nBody text."  # no known key: prose
    assert doc(write(tmp_path / "c.txt", unknown_keys_only)).text.startswith("Update:")
    mixed = "outlet: Wire\nslug: x-1\r\npublished: 20 April 2024\r\n---\r\n\r\nBody  line one.  \r\nLine two.\r\n"
    d = doc(write(tmp_path / "d.txt", mixed))
    assert (d.outlet, d.published, d.text) == ("Wire", datetime(2024, 4, 20, tzinfo=UTC), "Body  line one.\nLine two.")


def test_txt_with_header_and_no_body_is_a_problem(tmp_path: Path) -> None:
    p = problem(write(tmp_path / "h.txt", "outlet: Wire\npublished: 2024-04-20\n---\n\n"))
    assert "no article text" in p.reason


def test_unparseable_header_date_keeps_the_article(tmp_path: Path) -> None:
    d = doc(write(tmp_path / "d.txt", "published: last Friday-ish\noutlet: X\n---\nThree were killed."))
    assert d.published is None and d.outlet == "X" and d.text == "Three were killed."


@pytest.mark.parametrize("value, expected", [
    ("2024-04-20", datetime(2024, 4, 20, tzinfo=UTC)),
    ("2024-04-20T10:00:00Z", datetime(2024, 4, 20, 10, tzinfo=UTC)),
    ("2024-04-20 10:00", datetime(2024, 4, 20, 10, tzinfo=UTC)),
    ("2024-04-20T10:00:00+03:00", datetime(2024, 4, 20, 7, tzinfo=UTC)),
    ("Sat, 20 Apr 2024 10:00:00 GMT", datetime(2024, 4, 20, 10, tzinfo=UTC)),
    ("Sat, 20 Apr 2024 10:00:00 +0300", datetime(2024, 4, 20, 7, tzinfo=UTC)),
    ("April 20, 2024", datetime(2024, 4, 20, tzinfo=UTC)),
    ("20 April 2024", datetime(2024, 4, 20, tzinfo=UTC)),
    ("Saturday, 20 Apr 2024", datetime(2024, 4, 20, tzinfo=UTC)),
    ("29-12-2019", datetime(2019, 12, 29, tzinfo=UTC)),
    ("12-01-2024", datetime(2024, 1, 12, tzinfo=UTC)),  # day first, always
    ("29/12/2019", datetime(2019, 12, 29, tzinfo=UTC)),
    ("Updated: January 24, 2024, 6:34 AM", datetime(2024, 1, 24, 6, 34, tzinfo=UTC)),
    (1713607200, datetime(2024, 4, 20, 10, tzinfo=UTC)),
])
def test_dates_in_common_shapes(value: object, expected: datetime) -> None:
    got = parse_date(value)
    assert got == expected and got is not None and got.tzinfo is not None


@pytest.mark.parametrize("value", ["yesterday", "last Friday", "April 2024", "soon", "", None, "31-02-2024",
                                   "0000-00-00"])
def test_unparseable_dates_are_none(value: object) -> None:
    assert parse_date(value) is None


# ---------------------------------------------------------------- .md

def test_markdown_front_matter_and_clean_body(tmp_path: Path) -> None:
    md = (
        "---\ntitle: \"Blast at Kalsu base\"\noutlet: Example Wire\npublished: 2024-04-20\nlang: en\n"
        "url: https://wire.example/kalsu\ntags: [iraq]\n---\n\n# Blast at Kalsu base\n\n"
        "One **PMF member** was killed and *eight* were wounded, a _military statement_ said.\n\n"
        "## Background\n\n- The base hosts [PMF](https://en.wikipedia.org/wiki/PMF) units.\n"
        "- Field al_sakhar_id kept.\n\n> \"We are investigating,\" the PMF said.\n"
    )
    d = doc(write(tmp_path / "kalsu.md", md))
    assert (d.title, d.outlet, d.language) == ("Blast at Kalsu base", "Example Wire", "en")
    assert d.url == "https://wire.example/kalsu"
    assert d.published == datetime(2024, 4, 20, tzinfo=UTC)
    assert d.text.split("\n\n") == [
        "Blast at Kalsu base",
        "One PMF member was killed and eight were wounded, a military statement said.",
        "Background",
        "The base hosts PMF units.\nField al_sakhar_id kept.",
        "\"We are investigating,\" the PMF said.",
    ]


def test_markdown_without_front_matter_and_with_broken_yaml(tmp_path: Path) -> None:
    plain = doc(write(tmp_path / "plain.md", "Three people were killed.\n\n---\n\nA second part."))
    assert plain.text == "Three people were killed.\n\nA second part." and plain.published is None
    broken = problem(write(tmp_path / "broken.md", "---\ntitle: [unclosed\noutlet: X\n---\nBody."))
    assert "malformed YAML front matter" in broken.reason and "---" in broken.reason


# ---------------------------------------------------------------- .html

PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Blast at military base south of Baghdad | Example News</title>
<link rel="canonical" href="https://news.example.com/world/2024/04/20/blast-at-base">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-04-20T08:30:00+03:00">
<meta name="author" content="Jane Roe">
<script>var tracking = "do not extract me";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Blast at military base south of Baghdad</h1>
<p>One member of the Popular Mobilisation Forces was killed and eight were wounded in an explosion at a
military base 50 km south of Baghdad, a military statement said on Saturday.</p>
<p>Two sources at a hospital in the nearby city of Hilla said one fighter was killed and six were wounded.
The cause of the blast was not immediately clear.</p>
<p>A US official said there had been no US military activity in Iraq on Friday night.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/x">Transfer news live</a></li></ul></aside>
<footer><p>Copyright 2019 Example News. All rights reserved.</p></footer>
</body></html>"""


def test_html_article_page(tmp_path: Path) -> None:
    d = doc(write(tmp_path / "page.html", PAGE))
    assert "eight were wounded in an explosion" in d.text
    assert "no US military activity" in d.text
    assert "do not extract me" not in d.text and "Copyright" not in d.text and "Transfer news" not in d.text
    assert d.title == "Blast at military base south of Baghdad"
    assert d.url == "https://news.example.com/world/2024/04/20/blast-at-base"
    assert d.outlet == "Example News" and d.author == "Jane Roe" and d.language == "en-GB"
    assert d.published == datetime(2024, 4, 20, 5, 30, tzinfo=UTC)


def test_html_with_declared_legacy_charset_is_decoded(tmp_path: Path) -> None:
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("Jane Roe", "José Roe")
    d = doc(write(tmp_path / "legacy.htm", page.encode("cp1252")))
    assert d.author == "José Roe"


def test_html_without_article_text_is_a_problem(tmp_path: Path) -> None:
    p = problem(write(tmp_path / "empty.html", "<html><head><title>x</title></head><body><div></div></body></html>"))
    assert p.reason == "no article text found in HTML"


# ---------------------------------------------------------------- .json / .jsonl

def test_json_single_object_with_alias_fields(tmp_path: Path) -> None:
    record = {"body": "Three people were killed.", "headline": "Three killed", "link": "https://www.wire.example/a",
              "date": "20 April 2024", "lang": "en", "source": {"id": "wire", "name": "The Wire"}}
    d = doc(write(tmp_path / "one.json", json.dumps(record)))
    assert (d.text, d.title, d.url, d.outlet, d.language) == ("Three people were killed.", "Three killed",
                                                            "https://www.wire.example/a", "The Wire", "en")
    assert d.published == datetime(2024, 4, 20, tzinfo=UTC) and d.source == str(tmp_path / "one.json")


def test_json_list_with_one_bad_record(tmp_path: Path) -> None:
    records = [
        {"text": "First report.", "url": "https://www.example.org/1", "published_at": "2024-04-20T10:00:00Z"},
        {"title": "no body here"},
        {"content": "<p>Third report.</p><p>Second paragraph.</p>", "site": "Site"},
    ]
    path = write(tmp_path / "many.json", json.dumps(records))
    first, bad, third = list(read(str(path)))
    assert isinstance(first, Document) and first.source == f"{path}#1" and first.outlet == "example.org"
    assert isinstance(bad, Problem) and bad.source == f"{path}#2" and "record has no 'text' field" in bad.reason
    assert isinstance(third, Document) and third.text == "Third report.\n\nSecond paragraph."


def test_jsonl_bad_record_and_bad_line_do_not_stop_the_rest(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "One."}), "", json.dumps({"title": "x"}), "{not json", json.dumps(["a"]),
             json.dumps({"text": "Six.", "language": "ar"})]
    path = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    results = list(read(str(path)))
    assert [type(r).__name__ for r in results] == ["Document", "Problem", "Problem", "Problem", "Document"]
    assert results[1].source == f"{path}#3"
    assert "record has no 'text' field" in results[1].reason  # type: ignore[union-attr]
    assert results[2].source == f"{path}#4" and "invalid JSON" in results[2].reason  # type: ignore[union-attr]
    assert "not an object" in results[3].reason  # type: ignore[union-attr]
    assert results[4].source == f"{path}#6" and results[4].language == "ar"  # type: ignore[union-attr]


def test_invalid_json_file(tmp_path: Path) -> None:
    p = problem(write(tmp_path / "bad.json", '{"text": "x",\n  oops}'))
    assert p.reason.startswith("invalid JSON") and "line 2" in p.reason


# ---------------------------------------------------------------- feeds

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Iraq Wire</title><link>https://wire.example/</link><description>News</description><language>en-us</language>
<item><title>Blast at Kalsu base</title><link>https://wire.example/kalsu</link>
<pubDate>Sat, 20 Apr 2024 10:00:00 +0300</pubDate><author>desk@wire.example (Desk)</author>
<description>&lt;p&gt;One was killed &amp;amp; eight wounded.&lt;/p&gt;
&lt;p&gt;The PMF is investigating.&lt;/p&gt;</description>
</item>
<item><title>No body</title><link>https://wire.example/empty</link></item>
<item><title>Plain</title><link>https://wire.example/plain</link><description>Plain text summary.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<title>Atom Desk</title><id>urn:x</id><updated>2024-01-24T07:00:00Z</updated>
<entry><title>US strikes sites in Iraq</title><link href="https://atom.example/strikes"/><id>urn:1</id>
<updated>2024-01-24T06:34:00Z</updated><author><name>Bob</name></author>
<content type="html">&lt;p&gt;US forces struck three sites.&lt;/p&gt;
&lt;p&gt;No casualties were reported.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_file_one_document_per_entry(tmp_path: Path) -> None:
    path = write(tmp_path / "wire.rss", RSS)
    first, empty, plain = list(read(str(path)))
    assert isinstance(first, Document)
    assert first.text == "One was killed & eight wounded.\n\nThe PMF is investigating."
    assert (first.title, first.outlet, first.language) == ("Blast at Kalsu base", "Iraq Wire", "en-us")
    assert first.url == "https://wire.example/kalsu"
    assert first.published == datetime(2024, 4, 20, 7, tzinfo=UTC) and first.source == f"{path}#1"
    assert isinstance(empty, Problem) and empty.source == f"{path}#2" and "no content or summary" in empty.reason
    assert isinstance(plain, Document) and plain.text == "Plain text summary." and plain.published is None


def test_atom_file(tmp_path: Path) -> None:
    d = doc(write(tmp_path / "desk.atom", ATOM))
    assert d.text == "US forces struck three sites.\n\nNo casualties were reported."
    assert (d.outlet, d.author, d.url, d.language) == ("Atom Desk", "Bob", "https://atom.example/strikes", "en")
    assert d.published == datetime(2024, 1, 24, 6, 34, tzinfo=UTC) and d.source == f"{tmp_path / 'desk.atom'}#1"


def test_malformed_feed_is_one_problem(tmp_path: Path) -> None:
    p = problem(write(tmp_path / "broken.xml", "<?xml version='1.0'?>\n<rss><channel><title>x</channel>"))
    assert p.reason.startswith("malformed feed XML:") and "line 2" in p.reason


def test_lenient_feed_with_entries_still_reads(tmp_path: Path) -> None:
    sloppy = RSS.replace("</channel></rss>", "</channel>")  # unclosed root: bozo, but entries are there
    results = list(read(str(write(tmp_path / "sloppy.xml", sloppy))))
    assert sum(isinstance(r, Document) for r in results) == 2


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    p = problem(write(tmp_path / "sitemap.xml", "<?xml version='1.0'?><urlset><url><loc>x</loc></url></urlset>"))
    assert "no feed entries" in p.reason


# ---------------------------------------------------------------- URLs over loopback

class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes, float]] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        status, ctype, body, delay = self.routes.get(self.path, (404, "text/plain", b"not found", 0.0))
        time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Seen-UA", self.headers.get("User-Agent", ""))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(var, raising=False)
    seen: list[str] = []

    class Handler(_Handler):
        routes = {
            "/article": (200, "text/html; charset=utf-8", PAGE.encode(), 0.0),
            "/nocanonical": (200, "text/html", PAGE.replace('<link rel="canonical"', "<link").encode(), 0.0),
            "/feed": (200, "application/rss+xml", RSS.encode(), 0.0),
            "/feed-as-html": (200, "text/html", ATOM.encode(), 0.0),
            "/plain": (200, "text/plain; charset=utf-8", b"outlet: Loop\n---\nFive were wounded.", 0.0),
            "/slow": (200, "text/plain", b"late", 1.5),
            "/big": (200, "text/plain", b"x" * 3000, 0.0),
            "/png": (200, "application/octet-stream", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, 0.0),
        }

        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.headers.get("User-Agent", ""))
            super().do_GET()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield base
    httpd.shutdown()
    httpd.server_close()
    assert all(ua == "briefbot/0.1" for ua in seen)


def test_url_serving_html(server: str) -> None:
    d = doc(f"{server}/article")
    assert "eight were wounded" in d.text and d.source == f"{server}/article"
    assert d.url == "https://news.example.com/world/2024/04/20/blast-at-base" and d.outlet == "Example News"
    fallback = doc(f"{server}/nocanonical")
    assert fallback.url == f"{server}/nocanonical"


def test_url_serving_feeds_by_type_and_by_sniffing(server: str) -> None:
    results = list(read(f"{server}/feed"))
    assert [type(r).__name__ for r in results] == ["Document", "Problem", "Document"]
    assert results[0].source == f"{server}/feed#1" and results[0].outlet == "Iraq Wire"
    atom = doc(f"{server}/feed-as-html")  # mislabelled as HTML: the content says Atom
    assert atom.outlet == "Atom Desk"


def test_url_serving_plain_text(server: str) -> None:
    d = doc(f"{server}/plain")
    assert (d.text, d.outlet, d.url) == ("Five were wounded.", "Loop", f"{server}/plain")


def test_url_errors_are_one_line_each(server: str) -> None:
    assert problem(f"{server}/missing").reason == f"HTTP 404 Not Found from {server}/missing"
    assert "timed out after 0.3 s" in problem(f"{server}/slow", timeout=0.3).reason
    assert "response too large" in problem(f"{server}/big", max_bytes=1000).reason
    assert problem(f"{server}/png").reason == "binary response (PNG image), not an article"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert "connection refused" in problem(f"http://127.0.0.1:{port}/x").reason
    assert "unsupported URL scheme ftp://" in problem("ftp://example.com/a.txt").reason


# ---------------------------------------------------------------- bad inputs

@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file (only whitespace)"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image), not an article"),
    ("paper.md", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (PDF document), not an article"),
    ("bundle.json", b"PK\x03\x04\x14\x00\x06\x00", "binary file (ZIP archive or Office document), not an article"),
    ("dump.jsonl", b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "binary file (gzip archive), not an article"),
    ("nul.txt", b"Three were killed\x00\x00\x01 more", "binary file (contains NUL bytes), not an article"),
    ("latin1.txt", "Three were killed near Kalsu. Caf\u00e9".encode("latin-1"),
     "not UTF-8 text (invalid byte 0xe9 at offset 33); re-save as UTF-8"),
    ("feed.rss", b"", "empty file"),
    ("feed.xml", b"\x1f\x8b\x08\x00", "binary file (gzip archive), not an article"),
])
def test_bad_file_contents(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = write(tmp_path / name, content)
    p = problem(path)
    assert p.reason == reason
    assert str(p) == f"{path}: {reason}"


def test_utf8_bom_and_utf16_bom_are_fine(tmp_path: Path) -> None:
    assert doc(write(tmp_path / "bom.txt", b"\xef\xbb\xbfoutlet: X\n---\nBody.")).outlet == "X"
    utf16 = write(tmp_path / "u16.txt", "outlet: Y\n---\nCaf\u00e9 body.".encode("utf-16"))
    assert doc(utf16).text == "Caf\u00e9 body."


def test_file_too_large_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(int(52.4 * 1024 * 1024))  # sparse: instant, no 50 MB written
    opened: list[Path] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kw: object):  # type: ignore[no-untyped-def]
        opened.append(self)
        return real_open(self, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    p = problem(path)
    assert p.reason == "file too large: 52.4 MB > 20 MB limit (set BRIEFBOT_MAX_FILE_MB)"
    assert opened == []
    assert "1.5 MB limit" in problem(path, max_bytes=int(1.5 * 1024 * 1024)).reason


def test_max_bytes_from_env() -> None:
    assert max_bytes_from_env({"BRIEFBOT_MAX_FILE_MB": "5"}) == 5 * 1024 * 1024
    assert max_bytes_from_env({}) == max_bytes_from_env({"BRIEFBOT_MAX_FILE_MB": "lots"}) == 20 * 1024 * 1024


def test_missing_path_unsupported_type_and_empty_directory(tmp_path: Path) -> None:
    assert problem(tmp_path / "nope.txt").reason == "no such file or directory"
    assert problem(tmp_path / "nope" / "*.txt").reason == "no such file or directory (no files match the pattern)"
    docx = write(tmp_path / "report.docx", b"PK\x03\x04")
    assert problem(docx).reason == "unsupported file type .docx; use .txt .md .html .json .jsonl .xml .rss .atom"
    empty = tmp_path / "empty"
    write(empty / "notes.docx", b"x")
    write(empty / ".hidden.txt", "Hidden text.")
    assert expand([empty]) == [str(empty)]
    assert problem(empty).reason.startswith("directory has no supported files (.txt .md")


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.txt", "Three were killed.")
    if os.geteuid() == 0:  # root reads anything: make the open fail the way it would for a normal user
        real_open = os.open

        def deny(name: object, *args: object, **kw: object) -> int:
            if str(name) == str(path):
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", deny)
    else:
        path.chmod(0)
    assert problem(path).reason == "permission denied; check the file's permissions"


# ---------------------------------------------------------------- expand / directories / globs

def test_expand_directories_globs_urls_and_missing(tmp_path: Path) -> None:
    root = tmp_path / "in"
    b = write(root / "b.md", "# B\n\nText b.")
    a = write(root / "a.txt", "Text a.")
    c = write(root / "sub" / "c.json", '{"text": "Text c."}')
    write(root / "sub" / "skip.docx", b"x")
    write(root / ".git" / "config.txt", "hidden dir")
    write(root / ".draft.txt", "hidden file")
    url = "https://example.com/feed.xml"
    got = expand([root, str(tmp_path / "in" / "*.md"), url, tmp_path / "missing.txt", str(a)])
    assert got == [str(a), str(b), str(c), url, str(tmp_path / "missing.txt")]
    texts = [d.text for d in read(str(root)) if isinstance(d, Document)]
    assert texts == ["Text a.", "B\n\nText b.", "Text c."]
    assert expand([str(root / "**" / "*.json")]) == [str(c)]


def test_read_never_raises_on_strange_sources(tmp_path: Path) -> None:
    for source in ["", "http://", "::::", str(tmp_path / "dir-that-is-missing") + "/"]:
        results = list(read(source))
        assert results and all(isinstance(r, Problem) for r in results), (source, results)


def test_published_is_timezone_aware_everywhere(tmp_path: Path) -> None:
    d = doc(write(tmp_path / "n.json", json.dumps({"text": "x y z", "published": "2024-04-20T10:00:00+03:00"})))
    assert d.published is not None and d.published.utcoffset() == timedelta(hours=3)
