"""Full-text search over stored reports behind one interface: SQLite FTS5 or PostgreSQL tsvector.

User text is never spliced into query syntax: for FTS5 each word becomes a quoted string ("al-Qaim" is a
phrase, not a column filter); for PostgreSQL it goes through websearch_to_tsquery, which accepts anything.

Ranking costs time in proportion to all the matches: at a million reports a common word is in hundreds of
thousands, and ranking them took two seconds; FTS5's bm25 also walks each word's whole list of reports to weigh it
(15 ms for "thawra district" at 1M: three matches, but "district" is in most reports). So callers that order what
they find by date themselves (`/incident`, the DM finder) ask for the most recently published matches, unranked
(`ranked=False`), and ranked search gives those too past `WIDE` matches on SQLite (PostgreSQL ranks them:
ts_rank weighs nothing over the whole index). Either way only the `WIDE` most recently stored matches are
considered (ids only, which the index walks cheaply), then ordered by their publication date: an archive loaded
after today's news does not push the news out.
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
WIDE = 2000

# English function words, as PostgreSQL's english configuration drops them (its Snowball stop list): FTS5 would
# otherwise require "the" and "on" to be in a report too, and each such word is a long list to intersect.
_STOP = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
it its itself they them their theirs themselves what which who whom this that these those am is are was were be
been being have has had having do does did doing a an the and but if or because as until while of at by for with
about against between into through during before after above below to from up down in out on off over under
again further then once here there when where why how all any both each few more most other some such no nor
not only own same so than too very s t can will just don should now""".split())

_FTS_BEST = "SELECT rowid FROM article_fts WHERE article_fts MATCH :q ORDER BY rank LIMIT :n"
_FTS_NEWEST = "SELECT rowid FROM article_fts WHERE article_fts MATCH :q ORDER BY rowid DESC LIMIT :n"
_FTS_NTH_NEWEST = "SELECT rowid FROM article_fts WHERE article_fts MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :wide"
_FTS_RECENT = ("SELECT a.id FROM (SELECT rowid AS id FROM article_fts WHERE article_fts MATCH :q ORDER BY rowid DESC "
               "LIMIT :wide) AS m JOIN articles AS a ON a.id = m.id "
               "ORDER BY a.published_at IS NULL, a.published_at DESC, a.id DESC LIMIT :n")
_PG_MATCH = "FROM articles, websearch_to_tsquery('english', :q) AS tsq WHERE search @@ tsq"
_PG_NTH_NEWEST = f"SELECT id {_PG_MATCH} ORDER BY id DESC LIMIT 1 OFFSET :wide"
_PG_BEST_SINCE = f"SELECT id {_PG_MATCH} AND id > :floor ORDER BY ts_rank(search, tsq) DESC, id DESC LIMIT :n"
_PG_RECENT = (f"SELECT id FROM (SELECT id, published_at {_PG_MATCH} ORDER BY id DESC LIMIT :wide) AS m "
              "ORDER BY published_at DESC NULLS LAST, id DESC LIMIT :n")


def fts5_query(query: str) -> str | None:
    """'al-Qaim "strike"' -> '"al-Qaim" "strike"' (implicit AND of quoted strings); None when no word.
    English function words are left out when other words remain ("the strike on hilla" -> strike, hilla)."""
    words = [w.strip("'’-") for w in _WORD.findall(query)]
    words = [w for w in words if w]
    if not words:
        return None
    content = [w for w in words if w.lower() not in _STOP]
    return " ".join('"' + w.replace('"', '""') + '"' for w in (content or words))


def search_articles(s: Session, query: str, limit: int = 50, wide: int = WIDE, ranked: bool = True) -> list[int]:
    """Ids of the reports that best match the words, best first; past `wide` matches, or with `ranked=False`, the
    most recently published of the `wide` most recently stored matches, newest first (see the module's docstring)."""
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        q = fts5_query(query)
        if q is None:
            return []
        params = {"q": q, "n": limit, "wide": wide}
        if ranked and s.execute(text(_FTS_NTH_NEWEST), params).first() is None:
            return list(s.scalars(text(_FTS_BEST), params))  # no more than `wide` matches: bm25 is affordable
        if limit >= wide:  # all of the `wide` newest are wanted: their order costs a read of each, for nothing
            return list(s.scalars(text(_FTS_NEWEST), {"q": q, "n": wide}))
        return list(s.scalars(text(_FTS_RECENT), params))
    if dialect == "postgresql":
        if not _WORD.search(query):
            return []
        params = {"q": query, "n": limit, "wide": wide}
        if not ranked:
            return list(s.scalars(text(_PG_RECENT), params))
        floor = s.execute(text(_PG_NTH_NEWEST), params).scalar()  # the newest `wide` have greater ids
        return [r[0] for r in s.execute(text(_PG_BEST_SINCE), {**params, "floor": floor or 0})]
    words = [w for w in _WORD.findall(query) if len(w) > 2][:5]
    if not words:
        return []
    cond = " AND ".join(f"lower(text) LIKE :w{i}" for i in range(len(words)))
    rows = s.execute(text(f"SELECT id FROM articles WHERE {cond} ORDER BY id DESC LIMIT :n"),
                     {**{f"w{i}": f"%{w.lower()}%" for i, w in enumerate(words)}, "n": limit})
    return [r[0] for r in rows]
