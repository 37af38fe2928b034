"""A generator of hostile inputs for ingest, and a release check that ingests thousands of them.

Each generated file comes with the number of outcomes it must produce (one per record: a JSON Lines file with
seven lines gives seven outcomes, whatever those lines hold), or None when only "at least one" can be said
(random bytes may or may not decode). The invariants the tests and the release check assert:
every record ends stored, duplicate, revision, carrier or rejected (nothing lost); no reason says "internal error"
or "report this as a bug"; every reason is one line; no stored text holds NUL or a lone surrogate.

Release check (docs/hostile-input.md): `python tests/briefings/hostile.py --count 10000 --out /tmp/hostile`
"""
from __future__ import annotations

import json
import os
import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

Case = tuple[str, bytes, "int | None"]  # file name, content, outcomes expected (None: at least one)

_WORDS = ("militia", "drone", "strike", "killed", "wounded", "near", "village", "officials", "said", "the", "army",
          "denied", "rockets", "hit", "depot", "at", "least", "two", "dozens", "civilians", "on", "Tuesday")
_PLACES = ("Mosul", "Hilla", "Kirkuk", "Aleppo", "Homs", "Basra", "Tikrit", "Erbil", "Raqqa", "Sanaa")
_ODD = ("\x00", "\ud800", "\udfff", "\u202e", "\ufeff", "\u200b", "\x1b[31m", "\r", "\x85", "\u2028", "\U0001F4A5",
        "<!channel>", "<!here>", "@everyone", "@here", "<@U024BE7LH>", "<#C1234>", "*bold*", "`code`", "&amp;")
_MENTIONS = "Alert <!channel> and <!here>, @everyone @here <@U024BE7LH> <@&123> <#C0123>"


@dataclass(frozen=True)
class Generated:
    path: Path
    expected: int | None


def sentence(rng: random.Random) -> str:
    place = rng.choice(_PLACES)
    n = rng.randint(1, 40)
    return (f"{rng.choice(['A drone', 'Rockets', 'A car bomb', 'Shelling'])} killed {n} people near {place} on "
            f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, {rng.choice(['police', 'officials', 'a hospital source'])} "
            f"said. " + " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 25))) + ".")


def article(rng: random.Random, odd: bool = False) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(2, 6))]
    if odd:
        parts.insert(rng.randrange(len(parts) + 1), "".join(rng.choice(_ODD) for _ in range(rng.randint(1, 6))))
    return "\n\n".join(parts)


def _odd_value(rng: random.Random) -> object:
    return rng.choice([None, "", "99999-99-99", "2024-02-30", "yesterday", 1e308, -1, 10**400, float("nan"),
                       float("inf"), True, [], {"a": 1}, "\ud800", "x" * 3000, "http://[::1", "javascript:alert(1)",
                       "2024-04-20T10:00:00+25:00", "Mon, 32 Apr 2024", 1713600000000, "0000-00-00"])


def _json_record(rng: random.Random) -> object:
    kind = rng.randrange(12)
    if kind == 0:
        return rng.choice([1, "text", None, [1, 2], True])  # not an object
    if kind == 1:
        return {"title": "no text here"}
    if kind == 2:
        return {"text": _deep(rng.randint(2000, 5000))}  # nested past the parser's limit
    if kind == 3:
        return {"text": rng.choice([123, ["a"], {"b": 1}, "   "])}
    record: dict[str, object] = {"text": article(rng, odd=rng.random() < 0.5)}
    for key in rng.sample(["title", "url", "outlet", "published", "language", "author", "date", "source"], 4):
        record[key] = _odd_value(rng) if rng.random() < 0.5 else sentence(rng)[:60]
    return record


class _Raw(str):
    """JSON text placed as is (json.dumps cannot write nesting this deep)."""


def _deep(depth: int) -> _Raw:
    return _Raw("[" * depth + "]" * depth)


def _dumps(value: object) -> str:
    if isinstance(value, _Raw):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))}: {_dumps(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)  # NaN and Infinity as Python writes them: Python's reader accepts them


def jsonl(rng: random.Random) -> Case:
    lines = [_dumps(_json_record(rng)) for _ in range(rng.randint(1, 12))]
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(["{not json", "[1, 2", '{"text": "unterminated', "\x00"]))
    blank = rng.random() < 0.3
    body = ("\n\n" if blank else "\n").join(lines)
    return "mixed.jsonl", body.encode("utf-8", "surrogatepass"), len(lines)


def json_list(rng: random.Random) -> Case:
    records = [_json_record(rng) for _ in range(rng.randint(1, 8))]
    wrapped = "[" + ", ".join(_dumps(r) for r in records) + "]"
    expected: int | None = len(records)
    if rng.random() < 0.5:  # a deep record in a wrapped list spoils the whole document: only "at least one"
        wrapped, expected = '{"articles": ' + wrapped + "}", None if "[[[[" in wrapped else expected
    return "list.json", wrapped.encode("utf-8", "surrogatepass"), expected


def deep_json(rng: random.Random) -> Case:
    depth = rng.choice([1000, 10_000, 100_000])
    return "deep.json", (("{\"a\": " * depth) + "1" + "}" * depth).encode(), 1


def random_bytes(rng: random.Random) -> Case:
    name = rng.choice(["noise.txt", "noise", "noise.json", "noise.md", "noise.html", "noise.xml", "noise.jsonl"])
    return name, bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 3000))), None


def bad_utf8(rng: random.Random) -> Case:
    text = article(rng).encode()
    cut = rng.randrange(len(text))
    return "latin.txt", text[:cut] + rng.choice([b"\xff", b"\xc3", b"\xe9t\xe9", b"\xed\xa0\x80"]) + text[cut:], 1


def text_file(rng: random.Random) -> Case:
    body = article(rng, odd=True).replace("\x00", "")  # a NUL in a file means binary: see nul_text
    header = f"outlet: {rng.choice(['Wire', _MENTIONS, 'x' * 400])}\npublished: {_odd_value(rng)}\n---\n"
    return "report.txt", (header + body).encode("utf-8", "surrogatepass"), 1


def nul_text(rng: random.Random) -> Case:
    return "nul.txt", article(rng).encode() + b"\x00\x00", 1


def markdown(rng: random.Random) -> Case:
    front = rng.choice(["---\ntitle: [unclosed\n---\n", "---\n" + "- " * 50 + "[" * 3000 + "\n---\n",
                        "---\ntitle: ok\npublished: 2024-04-20\n---\n", "---\n&a [*a, *a, *a]\n---\n", ""])
    body = article(rng) + "\n\n" + "**" * rng.randint(0, 3000) + "[" * rng.randint(0, 3000) + " end."
    return "post.md", (front + body).encode(), 1


def html_page(rng: random.Random) -> Case:
    paragraphs = "".join(f"<p>{sentence(rng)}</p>" for _ in range(rng.randint(3, 8)))
    evil = rng.choice(["<script>alert('pwned')</script>", "<img src=x onerror=alert(1)>",
                       "<iframe src='javascript:alert(1)'></iframe>", "<style>body{}</style>", "<div>" * 3000])
    page = (f"<!doctype html><html lang='en'><head><title>{_MENTIONS}</title>{evil}</head>"
            f"<body><article>{evil}{paragraphs}</article></body></html>")
    return "page.html", page.encode(), 1


def feed(rng: random.Random, items: int | None = None) -> Case:
    count = items or rng.randint(1, 15)
    entries = "".join(
        f"<item><title>Item {i} {rng.choice(['', _MENTIONS.replace('<', '&lt;')])}</title>"
        f"<link>https://example.org/{rng.randrange(10**9)}/{i}</link>"
        f"<pubDate>{rng.choice(['Mon, 01 Apr 2024 10:00:00 GMT', 'not a date', 'Mon, 99 Foo 0000 99:99:99'])}</pubDate>"
        f"<description>{rng.choice(['', '&lt;p&gt;' + sentence(rng) + '&lt;/p&gt;', sentence(rng)])}</description></item>"
        for i in range(count))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'
    return "feed.xml", body.encode(), count


def xxe(rng: random.Random) -> Case:
    target = rng.choice(["file:///etc/passwd", "http://127.0.0.1:9/secret", "file:///dev/zero"])
    body = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{target}">]><rss version="2.0"><channel>'
            f"<title>T</title><item><title>&xxe;</title><description>{sentence(rng)} &xxe;</description></item>"
            "</channel></rss>")
    return "xxe.xml", body.encode(), None


def laughs(rng: random.Random) -> Case:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>T</title>'
            "<item><title>x</title><description>&lol9;</description></item></channel></rss>")
    return "laughs.xml", body.encode(), None


def long_line(rng: random.Random) -> Case:
    unit = rng.choice(["Mosul ", "!", ".", "killed ", "ab", "**", "[", "A. ", "Kirkuk, "])
    return "line.txt", (unit * (rng.randint(50_000, 120_000) // len(unit))).encode(), 1


def utf16(rng: random.Random) -> Case:
    return "wide.txt", article(rng).encode("utf-16"), 1


CASES: tuple[tuple[Callable[[random.Random], Case], int], ...] = (  # generator, weight
    (jsonl, 6), (json_list, 3), (deep_json, 1), (random_bytes, 4), (bad_utf8, 2), (text_file, 4), (nul_text, 1),
    (markdown, 2), (html_page, 2), (feed, 3), (xxe, 1), (laughs, 1), (long_line, 1), (utf16, 1),
)


def generate(root: Path, count: int, seed: int = 0) -> list[Generated]:
    """`count` hostile files under `root` (in sub-folders of 500), with the outcomes each must produce."""
    rng = random.Random(seed)
    makers = [m for m, weight in CASES for _ in range(weight)]
    out: list[Generated] = []
    for n in range(count):
        name, content, expected = rng.choice(makers)(rng)
        folder = root / f"part{n // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{n:05d}-{name}"
        path.write_bytes(content)
        out.append(Generated(path, expected))
    return out


def special_files(root: Path) -> list[Generated]:
    """A FIFO, a name that is not UTF-8, an empty file and a README beside reports (POSIX only)."""
    root.mkdir(parents=True, exist_ok=True)
    out = []
    if hasattr(os, "mkfifo"):
        fifo = root / "pipe.txt"
        os.mkfifo(fifo)
        out.append(Generated(fifo, 1))
    odd = Path(os.fsdecode(bytes(root) + b"/caf\xe9-" + "".join(random.choices(string.ascii_lowercase, k=4)).encode()
                           + b".txt"))
    odd.write_bytes(b"Two people were killed near Mosul on Monday, police said.")
    out.append(Generated(odd, 1))
    empty = root / "empty.txt"
    empty.write_bytes(b"")
    out.append(Generated(empty, 1))
    return out


def big_files(root: Path, seed: int = 1) -> list[Generated]:
    """The biggest inputs under the default limits: 19 MB of JSON Lines (≈26,000 records), a 20,000-item feed,
    a 3.7 MB HTML page, 10 MB of brackets, an 18.9 MB line, 475 KB of emoji (the memory check of one batch)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    while sum(map(len, lines)) < 19_000_000:
        lines.append(_dumps(_json_record(rng)))
    made = [("big.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"), len(lines)), feed(rng, 20_000),
            ("big.html", ("<html><body>" + "".join(f"<p>{sentence(rng)}</p>" for _ in range(25_000))
                          + "</body></html>").encode(), 1),
            ("brackets.json", b"[" * 5_000_000 + b"]" * 5_000_000, 1),
            ("line.txt", ("Mosul " * 3_150_000).encode(), 1), ("emoji.txt", ("\U0001F4A5" * 118_750).encode(), 1)]
    out = []
    for name, content, expected in made:
        (root / f"big-{name}").write_bytes(content)
        out.append(Generated(root / f"big-{name}", expected))
    return out


def _main() -> None:  # pragma: no cover - the release check, run by hand
    import argparse
    import resource
    import time

    from briefings.engine import Engine

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/briefbot-hostile"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file in --out)")
    args = parser.parse_args()
    files = generate(args.out / "inputs", args.count, args.seed) + special_files(args.out / "special")
    engine = Engine(args.db or f"sqlite:///{args.out / 'hostile.sqlite'}")
    started = time.monotonic()
    slowest = (0.0, "")
    outcomes = 0
    problems: list[str] = []
    for n, g in enumerate(files, 1):
        t = time.monotonic()
        report = engine.ingest([g.path])
        took = time.monotonic() - t
        slowest = max(slowest, (took, str(g.path)))
        outcomes += len(report.outcomes)
        problems += check(report.outcomes, g)
        if n % 250 == 0 or n == len(files):
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{n} inputs, {outcomes} outcomes in {time.monotonic() - started:.0f} s; slowest input "
                  f"{slowest[0]:.1f} s ({slowest[1]}); peak RSS {rss:.0f} MB; {len(problems)} invariant failures",
                  flush=True)
    for line in problems[:50]:
        print("  ", line)


def check(outcomes: object, g: Generated) -> list[str]:
    """Invariant failures for the outcomes of one generated input (empty when all hold)."""
    found = list(outcomes)  # type: ignore[call-overload]
    bad = []
    if g.expected is not None and len(found) != g.expected:
        bad.append(f"{g.path}: {len(found)} outcomes, expected {g.expected}")
    if not found:
        bad.append(f"{g.path}: no outcome at all")
    for o in found:
        reason = o.reason or ""
        if "internal error" in reason or "as a bug" in reason or "\n" in reason:
            bad.append(f"{o.source}: {reason}")
        if o.status not in ("new", "duplicate", "revision", "carrier", "rejected"):
            bad.append(f"{o.source}: status {o.status}")
    return bad


if __name__ == "__main__":  # pragma: no cover
    _main()
