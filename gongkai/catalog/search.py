"""Chinese full-text search over published items, on SQLite FTS5 or PostgreSQL tsvector.

Text is segmented by jieba after 繁→简 (`text.tokens`) into a space-separated token string
stored in `SearchDocument`; the backend's index over it (migration 0003) needs no Chinese
tokenizer of its own. Trigram tokenizers cannot match 2-character words; pre-segmented
tokens can. Results always pass through `Item.objects.published()`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
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


def _where(words: list[str]) -> tuple[list[str], list[str], list[str], str, list[str]]:
    """(tables, where, params, rank SQL, rank params) of the full-text condition: every word
    must match."""
    if connection.vendor == "postgresql":
        arg = _pg_arg(words)
        query = "to_tsquery('simple', %s)"
        return (
            ["catalog_searchdocument"],
            [
                "catalog_searchdocument.item_id = catalog_item.id",
                f"catalog_searchdocument.vector @@ {query}",
            ],
            [arg],
            f"ts_rank(catalog_searchdocument.vector, {query})",
            [arg],
        )
    arg = _fts_arg(words)
    # bm25 is lower for better matches; negate so that higher is better on both backends
    return (
        ["catalog_fts"],
        ["catalog_fts.rowid = catalog_item.id", "catalog_fts MATCH %s"],
        [arg],
        "-bm25(catalog_fts)",
        [],
    )


def _match(
    qs: QuerySet[Item], words: list[str], since: int | None = None, ranked: bool = False
) -> QuerySet[Item]:
    """`qs` joined to the full-text index on the words (all must match); only items with
    id ≥ `since` when given (on the index's own key too, so the index stops there). `ranked`:
    ordered best first (the rank is an ORDER BY term only, so a count never computes it).

    One join, so the index is searched once per query and each match scored from the same
    cursor. (A correlated rank subquery re-ran the MATCH for every matching row: quadratic,
    about a second for a frequent word at 10,000 items — found by bench/catalog_search.py.)"""
    tables, where, params, rank, rank_params = _where(words)
    if since is not None:
        key = (
            "catalog_searchdocument.item_id" if tables[0] != "catalog_fts" else "catalog_fts.rowid"
        )
        where = [*where, f"{key} >= {int(since)}", f"catalog_item.id >= {int(since)}"]
    qs = qs.extra(tables=tables, where=where, params=params)
    if not ranked:
        return qs
    return qs.order_by(RawSQL(rank, rank_params).desc(), "-published_at", "-id")


def _newest(qs: QuerySet[Item], words: list[str], n: int) -> list[tuple[int, Any]]:
    """(id, published_at) of the n newest matches by id (ids grow with creation), newest first.
    Ordered on the index's own key, so the index reads n matches, not all of them."""
    tables, where, params, _rank, _ = _where(words)
    # FTS5 then walks its doclist backwards and stops (ordering on catalog_item.id made SQLite
    # read every match and sort them: 1.5 s at 200,000 items)
    key = "catalog_fts.rowid" if tables[0] == "catalog_fts" else "catalog_searchdocument.item_id"
    ids = qs.extra(tables=tables, where=where, params=params, order_by=[f"-{key}"])
    return list(ids.values_list("id", "published_at")[:n])


def _matching(ids: list[int], words: list[str]) -> list[int]:
    """Those of `ids` whose text matches every word: one index lookup per id."""
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    if connection.vendor == "postgresql":
        sql = (
            "SELECT item_id FROM catalog_searchdocument WHERE item_id IN "
            f"({marks}) AND vector @@ to_tsquery('simple', %s)"
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
    """The ids among which the n newest matches by date are, given the n newest by id (all
    `newest` of them match); None when finding them would take longer than sorting.

    Publication order mostly follows id order, so the newest by id are nearly the newest by
    date. Let T be the oldest publication date among them and X their smallest id: a match
    outside them that is newer than T has an id below X and a date at or after T. Those items
    (usually none) are read from the (published_at, id) index and checked one by one."""
    oldest = min(at for _id, at in newest)
    lowest = newest[-1][0]
    if newest[0][0] - lowest > SPAN_MAX:
        return None
    out_of_step = list(
        qs.filter(published_at__gte=oldest, id__lt=lowest)
        .order_by()
        .values_list("id", flat=True)[: OUT_OF_STEP_MAX + 1]
    )
    if len(out_of_step) > OUT_OF_STEP_MAX:
        return None
    return [i for i, _at in newest] + _matching(out_of_step, words)


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


def search(query: Query) -> QuerySet[Item]:
    """Published items matching every word of the query, filtered, in the chosen order. With
    words, at most `CATALOG_SEARCH_CANDIDATES` (N = 200) results are reachable, and the
    paginator counts at most N (`results_cap`): by date, the exact newest N matches; by
    relevance, the newest N matches best first. Older matches are found with filters or
    more words."""
    qs = query.filters.apply(Item.objects.published()).select_related("agency")
    words = query_tokens(query.text)
    if not words:
        return qs.order_by("-published_at", "-id")
    n = candidates()
    # the newest N + 1: one more than can be shown, so the count knows there are more
    newest = _newest(qs, words, n + 1)
    if not newest:
        return qs.none()
    if query.order == "date":
        ids = _newest_by_date(qs, words, newest) if len(newest) > n else [i for i, _ in newest]
        if ids is None:  # a rare word: its matches are few, sorting them all is cheap
            return _match(qs, words).order_by("-published_at", "-id")
        return qs.filter(pk__in=ids).order_by("-published_at", "-id")
    return _match(qs, words, since=newest[-1][0], ranked=True)


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
    return done
