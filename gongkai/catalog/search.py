"""Chinese full-text search over published items, on SQLite FTS5 or PostgreSQL tsvector.

Text is segmented by jieba after 繁→简 (`text.tokens`) into a space-separated token string
stored in `SearchDocument`; the backend's index over it (migration 0003) needs no Chinese
tokenizer of its own. Trigram tokenizers cannot match 2-character words; pre-segmented
tokens can. Results always pass through `Item.objects.published()`.

A query with words reads the newest N + 1 matches from the index once (`_newest`: FTS5 walks
its doclist backwards; PostgreSQL, whose GIN index has no order, walks the newest ids for a
frequent word and otherwise intersects the words with blocks of the newest ids named in each
vector, migration 0008), then orders
them: by date exactly (`_newest_by_date`), by relevance with a score computed from the
candidates alone (`_ranked`: FTS5's BM25 formula on their token strings, or ts_rank). The
result is `Hits`, those ids in order: the count is their number and a page reads its own
items by id, so no query re-runs the full-text match or reads another page's rows.
"""

from __future__ import annotations

import html
import math
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, overload

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils.safestring import SafeString, mark_safe

from .models import Item, SearchDocument
from .text import plain_text, query_tokens, simplified, tokens

SNIPPET_CHARS = 120
# A query with words shows at most the first N results (settings.CATALOG_SEARCH_CANDIDATES):
# relevance ranks the newest N matches only, date order finds the exact newest N, and the page
# says "N 条以上" when more match. The work per query is then bounded however many items a
# frequent word matches (bench/catalog_search.py: 1,000,000 items).
CANDIDATES = 200
# Date order: items whose publication date is out of step with their id (a scheduled item, an
# import) are looked up separately; past this many, the query sorts every match instead.
OUT_OF_STEP_MAX = 2_000
# ... and when the newest N matches span more ids than this (a rare word), the scan for them
# would be long: sorting the (few) matches is then cheaper.
SPAN_MAX = 200_000
# PostgreSQL: each search row's vector names the blocks of 2^11, 2^14 and 2^17 item ids it is
# in (lexemes " 11:N", " 14:N", " 17:N"; written by migration 0008), so the GIN index returns
# the matches in the newest blocks alone. A query names at most PG_BLOCKS_MAX blocks of one
# size; past the largest it reads every match.
PG_BLOCK_BITS = (11, 14, 17)
PG_BLOCKS_MAX = 8
# ... but words in at least this share of the rows are found by walking the newest ids back
# (most rows read are matches; a block of 2,048 ids would hold ten times too many).
PG_WALK_SHARE = 0.2
# How long a process trusts the planner's statistics of the words (pg_stats, kept by ANALYZE).
PG_STATS_SECONDS = 300
# Relevance with several words: each word's IDF is estimated from its newest matches, this many.
IDF_SAMPLE = 200
# PostgreSQL: the query words (`_pg_arg`) as a tsquery of the 'simple' configuration.
TSQUERY = "to_tsquery('simple', %s)"


def document_text(item: Item) -> str:
    parts = [item.title, item.doc_no, item.publisher, item.keywords, item.summary]
    parts.append(plain_text(item.body))
    parts += [att.text for att in item.attachments.all()]
    return "\n".join(p for p in parts if p)


def index_item(item: Item) -> None:
    """Put a published item in the index, or take any other out. Call inside the service's
    transaction: the index row changes with the item or not at all."""
    if item.status != "published":
        SearchDocument.objects.filter(item=item).delete()
        return
    SearchDocument.objects.update_or_create(
        item=item, defaults={"tokens": " ".join(tokens(document_text(item)))}
    )


@dataclass
class Filters:
    agency: int | None = None
    category: str = ""
    subject: str = ""
    year: int | None = None
    validity: str = ""

    def apply(self, qs: QuerySet[Item]) -> QuerySet[Item]:
        if self.agency:
            qs = qs.filter(agency_id=self.agency)
        if self.category:
            qs = qs.filter(category=self.category)
        if self.subject:
            qs = qs.filter(subject__startswith=self.subject)
        if self.year:
            qs = qs.filter(published_at__year=self.year)
        if self.validity:
            qs = qs.filter(validity=self.validity)
        return qs


@dataclass
class Query:
    text: str = ""
    filters: Filters = field(default_factory=Filters)
    order: str = "relevance"  # or "date"


def _where(words: list[str]) -> tuple[list[str], list[str], list[str], str]:
    """(tables, where, params, key) of the full-text condition: every word must match; `key`
    is the index's own item id column."""
    if connection.vendor == "postgresql":
        return (
            ["catalog_searchdocument"],
            [
                "catalog_searchdocument.item_id = catalog_item.id",
                f"catalog_searchdocument.vector @@ {TSQUERY}",
            ],
            [_pg_arg(words)],
            "catalog_searchdocument.item_id",
        )
    return (
        ["catalog_fts"],
        ["catalog_fts.rowid = catalog_item.id", "catalog_fts MATCH %s"],
        [_fts_arg(words)],
        "catalog_fts.rowid",
    )


def _match(qs: QuerySet[Item], words: list[str]) -> QuerySet[Item]:
    """`qs` joined to the full-text index on the words (all must match)."""
    tables, where, params, _key = _where(words)
    return qs.extra(tables=tables, where=where, params=params)


def _newest(qs: QuerySet[Item], words: list[str], n: int, scored: bool = False) -> list[Any]:
    """(id, published_at) of the n newest matches by id (ids grow with creation), newest first;
    `scored`: (id, what `_ranked` scores them with) instead — the token string on SQLite,
    ts_rank on PostgreSQL. The index is read in id order, so it reads n matches, not all."""
    if connection.vendor == "postgresql":
        return _pg_newest(qs, words, n, scored)
    # SQLite: FTS5 walks its doclist backwards and stops (ordering on catalog_item.id made it
    # read every match and sort them: 1.5 s at 200,000 items).
    tables, where, params, key = _where(words)
    select = {"gk_tokens": "catalog_fts.tokens"} if scored else {}
    rows = qs.extra(select=select, tables=tables, where=where, params=params, order_by=[f"-{key}"])
    return list(rows.values_list("id", "gk_tokens" if scored else "published_at")[:n])


def _pg_newest(qs: QuerySet[Item], words: list[str], n: int, scored: bool) -> list[Any]:
    """`_newest` on PostgreSQL, where a GIN index has no order. Its planner either walks the
    ids backwards testing each row's vector (fast when most rows match) or reads every match
    and sorts them (fast when few do), and it guesses between them badly for a word in 1 %
    of the rows (37 ms at 1,000,000 items). Here the share of rows that match (`_pg_share`)
    decides: a frequent word walks back from the newest id; otherwise the index intersects
    the words with the newest blocks of ids that should hold n matches (growing eightfold
    while they do not); a word too rare for the largest blocks is read whole.

    The matches are ordered before they meet the item table (the published gate and the
    filters), which they then meet one by one until n pass: joined first, every match in the
    blocks would be looked up (4.4 against 2.6 ms for 446 matches)."""
    items, item_params = qs.order_by().values_list("id", "published_at").query.sql_with_params()
    column = f"ts_rank(s.vector, {TSQUERY})" if scored else "i.published_at"
    column_params = [_pg_arg(words)] if scored else []

    def read(
        condition: str = "",
        params: tuple[Any, ...] = (),
        order: str = "item_id",
        match: str = f"vector @@ {TSQUERY}",
    ) -> list:
        sql = (
            f"SELECT s.item_id, {column} FROM (SELECT item_id, vector FROM catalog_searchdocument"
            f" WHERE {match}{condition} ORDER BY {order} DESC OFFSET 0) s"
            f" JOIN ({items}) i ON i.id = s.item_id ORDER BY s.item_id DESC LIMIT {int(n)}"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [*column_params, _pg_arg(words), *params, *item_params])
            return cur.fetchall()

    with connection.cursor() as cur:
        cur.execute("SELECT max(item_id) FROM catalog_searchdocument")
        (high,) = cur.fetchone()
    if high is None:
        return []
    share = _pg_share(words)
    if share is not None and share >= PG_WALK_SHARE:
        # the newest 2n / share ids, tested one by one with the function behind @@, which
        # the GIN index does not serve: offered the index, the planner read all 385,000
        # matches of a word in 39 % of the rows (50 ms) to intersect them with the ids
        walk = f"ts_match_vq(vector, {TSQUERY})"
        rows = read(" AND item_id > %s", (high - int(2 * n / share),), match=walk)
        if len(rows) >= n:
            return rows
    if share is None:  # no statistics yet: a guess, grown below
        span = 8 * n
    elif share:
        span = int(2 * n / share)
    else:  # rarer than every word the statistics list: no block is worth naming
        span = high
    while span < high:
        bits = next((b for b in PG_BLOCK_BITS if ((span - 1) >> b) + 2 <= PG_BLOCKS_MAX), None)
        if bits is None:
            break
        blocks = range((high - span + 1) >> bits, (high >> bits) + 1)
        named = " | ".join(f"' {bits}:{block}'" for block in blocks)
        rows = read(" AND vector @@ %s::tsquery", (named,))
        if len(rows) >= n:
            return rows
        span *= 8
    # every match, from the GIN index: "+ 0" orders by a value no index has, so the planner
    # cannot walk the ids backwards instead
    return read(order="item_id + 0")


_pg_stats: dict[str, tuple[float, dict[str, float] | None]] = {}


def _pg_share(words: list[str]) -> float | None:
    """The share of search rows that hold every word, estimated from the planner's statistics
    of the vector column (its most common words and their shares; migration 0008 keeps up
    to 10,000): the product of the words' shares, 0 when a word is not among them (rarer than
    the rarest listed), None while the table has no statistics. Read once per
    PG_STATS_SECONDS per process."""
    now = time.monotonic()
    read_at, shares = _pg_stats.get(connection.alias, (-math.inf, None))
    if now - read_at > PG_STATS_SECONDS:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = 'catalog_searchdocument' "
                "AND attname = 'vector'"
            )
            row = cur.fetchone()
        shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else None
        _pg_stats[connection.alias] = (now, shares)
    if shares is None:
        return None
    return math.prod(shares.get(word, 0.0) for word in words)


def _matching(ids: list[int], words: list[str]) -> list[int]:
    """Those of `ids` whose text matches every word: one index lookup per id."""
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    if connection.vendor == "postgresql":
        sql = (
            "SELECT item_id FROM catalog_searchdocument WHERE item_id IN "
            f"({marks}) AND vector @@ {TSQUERY}"
        )
        params: list[Any] = [*ids, _pg_arg(words)]
    else:
        sql = f"SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH %s AND rowid IN ({marks})"
        params = [_fts_arg(words), *ids]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [row[0] for row in cur.fetchall()]


def _newest_by_date(
    qs: QuerySet[Item], words: list[str], newest: list[tuple[int, Any]]
) -> list[int] | None:
    """The ids of the newest matches by date (newest first) that are among or newer than the
    n newest by id (all `newest` of them match, with their dates); None when finding them
    would take longer than sorting every match.

    Publication order mostly follows id order, so the newest by id are nearly the newest by
    date. Let T be the oldest publication date among them and X their smallest id: a match
    outside them that is newer than T has an id below X and a date at or after T. Those items
    (usually none) are read from the (published_at, id) index and checked one by one."""
    oldest = min(at for _id, at in newest)
    lowest = newest[-1][0]
    if newest[0][0] - lowest > SPAN_MAX:
        return None
    out_of_step = dict(
        qs.filter(published_at__gte=oldest, id__lt=lowest)
        .order_by()
        .values_list("id", "published_at")[: OUT_OF_STEP_MAX + 1]
    )
    if len(out_of_step) > OUT_OF_STEP_MAX:
        return None
    return _by_date(newest + [(i, out_of_step[i]) for i in _matching(list(out_of_step), words)])


def _by_date(rows: list[tuple[int, Any]]) -> list[int]:
    """The ids of (id, published_at) rows, newest first: ORDER BY published_at DESC, id DESC."""
    return [i for i, _at in sorted(rows, key=lambda row: (row[1], row[0]), reverse=True)]


# FTS5's bm25 constants (fts5_aux.c).
BM25_K1, BM25_B = 1.2, 0.75


def _ranked(qs: QuerySet[Item], words: list[str], n: int) -> list[int]:
    """The ids of the n newest matches, best match first; ties newest first.

    Scored on the candidates alone, read with them in one query, so the cost does not grow
    with the matches: FTS5's own bm25() first counts every row of the index that contains each
    word (its IDF), which for a word in most items is a walk of the whole index on every query
    (31 ms at 1,000,000 items). PostgreSQL's ts_rank reads the candidate's own vector only."""
    rows = _newest(qs, words, n, scored=True)
    if connection.vendor == "postgresql":
        scores = {i: float(score) for i, score in rows}
    else:
        scores = _bm25(rows, words)
    return sorted((i for i, _ in rows), key=lambda i: (-scores[i], -i))


def _bm25(rows: list[tuple[int, str]], words: list[str]) -> dict[int, float]:
    """FTS5's bm25() (the same k1, b, IDF and average length) of each (id, token string), with
    the word counts and length read from the token string and each word's IDF from `_idf` (one
    word needs none: it scales every score alike)."""
    with connection.cursor() as cur:
        rows_total, tokens_total = _fts_totals(cur)
    average = tokens_total / rows_total if rows_total else 1.0
    idf = _idf(words, rows_total) if len(words) > 1 else [1.0]
    marked = [(f" {w} ", f" {w} {w} ", weight) for w, weight in zip(words, idf, strict=True)]
    scores = {}
    for item_id, text in rows:
        # the tokens are single-space separated: str.count (in C) of " word " counts each
        # occurrence but the second of two neighbours (they share a space); where a word
        # follows itself, the spaces are doubled so that every token has its own
        spaced = f" {text} "
        norm = BM25_K1 * (1 - BM25_B + BM25_B * (text.count(" ") + 1) / average)
        score = 0.0
        for word, twice, weight in marked:
            tf = spaced.count(word)
            if tf and twice in spaced:
                tf = f" {text.replace(' ', '  ')} ".count(word)
            score += weight * tf * (BM25_K1 + 1) / (tf + norm)
        scores[item_id] = score
    return scores


def _fts_totals(cur: Any) -> tuple[int, int]:
    """(rows, tokens) in the FTS5 index: its "averages" record (rowid 1 of the %_data table:
    the row count, then the token count of each column, as SQLite varints)."""
    cur.execute("SELECT block FROM catalog_fts_data WHERE id = 1")
    row = cur.fetchone()
    if row is None or not row[0]:
        return 0, 0
    values: list[int] = []
    blob, pos = bytes(row[0]), 0
    while pos < len(blob) and len(values) < 2:
        value = 0
        for i in range(9):
            byte = blob[pos]
            pos += 1
            if i == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    rows, tokens_total = [*values, 0, 0][:2]
    return rows, tokens_total


def _idf(words: list[str], rows_total: int) -> list[float]:
    """FTS5's IDF of each word, log((N − n + 0.5) / (n + 0.5)) (at least 1e-6), with n exact
    for a word with fewer than IDF_SAMPLE matches, else estimated from the share of the indexed
    ids that its newest IDF_SAMPLE matches span (ids grow with publication): a walk of
    IDF_SAMPLE rows of the index, where FTS5 walks every row that has the word."""
    with connection.cursor() as cur:
        cur.execute(  # one aggregate per SELECT: SQLite reads each from the end of the index
            "SELECT (SELECT min(item_id) FROM catalog_searchdocument), "
            "(SELECT max(item_id) FROM catalog_searchdocument)"
        )
        low, high = cur.fetchone()
        out = []
        for word in words:
            cur.execute(
                "SELECT rowid FROM catalog_fts WHERE catalog_fts MATCH %s "
                f"ORDER BY rowid DESC LIMIT {IDF_SAMPLE}",
                [_fts_arg([word])],
            )
            hits = [row[0] for row in cur.fetchall()]
            n = float(len(hits))
            if len(hits) == IDF_SAMPLE:
                share = (high - hits[-1] + 1) / max(1, high - low + 1)
                n = min(float(rows_total), IDF_SAMPLE / share)  # matches ÷ share of rows
            out.append(max(1e-6, math.log((rows_total - n + 0.5) / (n + 0.5))))
        return out


def _pg_arg(words: list[str]) -> str:
    """The words as a PostgreSQL tsquery, every one required, each quoted as a lexeme."""
    return " & ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)


def _fts_arg(words: list[str]) -> str:
    """The words as an FTS5 query, every one required, each a quoted string."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def candidates() -> int:
    return int(getattr(settings, "CATALOG_SEARCH_CANDIDATES", CANDIDATES))


def results_cap(query: Query) -> int | None:
    """How many results the search page and the API count and show for this query (None:
    the paginator's own cap). With words, the N of `search`: the page says "N 条以上"."""
    return candidates() if query_tokens(query.text) else None


class Hits:
    """The results of a search with words, as ids in result order, read before any item is:
    its length is their number (the paginator's count, no query) and a slice reads the items
    of that slice only, by primary key, through the same published-and-filtered queryset
    (an item withdrawn since the ids were read drops out of its page). Iterates, slices and
    paginates like the QuerySet it stands for; `select_related` adds to the page's query."""

    ordered = True  # Django's Paginator warns about unordered lists; these are in result order

    def __init__(self, qs: QuerySet[Item], ids: list[int]) -> None:
        self._qs, self.ids = qs, ids

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def exists(self) -> bool:
        return bool(self[:1])

    def select_related(self, *fields: str) -> Hits:
        return Hits(self._qs.select_related(*fields), self.ids)

    def only(self, *fields: str) -> Hits:
        return Hits(self._qs.only(*fields), self.ids)

    def __iter__(self) -> Iterator[Item]:
        return iter(self[:])

    @overload
    def __getitem__(self, key: int) -> Item: ...
    @overload
    def __getitem__(self, key: slice) -> list[Item]: ...
    def __getitem__(self, key: int | slice) -> Item | list[Item]:
        if isinstance(key, int):
            items = self[key : key + 1 or None]
            if not items:
                raise IndexError(key)
            return items[0]
        ids = self.ids[key]
        by_id = self._qs.in_bulk(ids) if ids else {}
        return [by_id[i] for i in ids if i in by_id]


# What a list of results shows of each item (the portal's search page, with `snippet`):
# `search(...).only(*LISTED)` reads these columns alone.
LISTED = ("id", "index_no", "title", "publisher", "published_at", "validity", "summary", "body")


def search(query: Query) -> QuerySet[Item] | Hits:
    """Published items matching every word of the query, filtered, in the chosen order. With
    words, at most `CATALOG_SEARCH_CANDIDATES` (N = 200) results are reachable, and the
    paginator counts at most N (`results_cap`): by date, the exact newest N matches; by
    relevance, the newest N matches best first. Older matches are found with filters or
    more words. The caller chooses what to read with them (`only`, `select_related`)."""
    qs = query.filters.apply(Item.objects.published())
    words = query_tokens(query.text)
    if not words:
        return qs.order_by("-published_at", "-id")
    n = candidates()
    # the newest N + 1: one more than can be shown, so the count knows there are more
    if query.order == "date":
        newest = _newest(qs, words, n + 1)
        if len(newest) <= n:  # every match is here
            return Hits(qs, _by_date(newest))
        ids = _newest_by_date(qs, words, newest)
        if ids is None:  # a rare word: its matches are few, sorting them all is cheap
            return _match(qs, words).order_by("-published_at", "-id")
        return Hits(qs, ids)
    return Hits(qs, _ranked(qs, words, n + 1))


def snippet(item: Item, text: str) -> SafeString:
    """A piece of the item's text around the first query word, words marked (HTML-safe)."""
    body = plain_text(item.body) or item.summary
    words = query_tokens(text)
    if not body:
        return mark_safe("")
    simple = simplified(body).lower()
    hits = [simple.find(w) for w in words if simple.find(w) >= 0]
    start = max(0, min(hits) - 30) if hits else 0
    piece = body[start : start + SNIPPET_CHARS]
    marked = html.escape(piece)
    simple_piece = html.escape(simplified(piece).lower())
    if words:
        # mark by positions in the simplified copy: 繁體 text stays as written
        spans = sorted(
            {
                (m.start(), m.end())
                for w in words
                for m in re.finditer(re.escape(html.escape(w)), simple_piece)
            }
        )
        out, last = [], 0
        for a, b in spans:
            if a < last:
                continue
            out += [marked[last:a], "<mark>", marked[a:b], "</mark>"]
            last = b
        out.append(marked[last:])
        marked = "".join(out)
    prefix = "…" if start else ""
    suffix = "…" if start + SNIPPET_CHARS < len(body) else ""
    return mark_safe(prefix + marked + suffix)  # escaped above


def reindex(progress: Any = None, batch: int = 500) -> int:
    """Rebuild every search row from the published items; returns how many are indexed."""
    SearchDocument.objects.exclude(item__status="published").delete()
    qs = Item.objects.filter(status="published").prefetch_related("attachments").order_by("id")
    total = qs.count()
    done = 0
    for item in qs.iterator(chunk_size=batch):
        index_item(item)
        done += 1
        if progress and (done % batch == 0 or done == total):
            progress(done, total)
    if connection.vendor == "postgresql":  # the words' shares `_newest` plans with
        with connection.cursor() as cur:
            cur.execute("ANALYZE catalog_searchdocument")
    return done
