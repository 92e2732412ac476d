"""Chinese search over published items; runs on SQLite (FTS5) and, with DATABASE_URL, on
PostgreSQL (tsvector + GIN) — the same tests for both backends."""

from __future__ import annotations

from io import StringIO

import pytest
from catalogdocs import draft_fields
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import services
from gongkai.catalog.models import SearchDocument
from gongkai.catalog.search import Filters, Hits, Query, results_cap, search, snippet
from gongkai.core.pagination import CappedCountPaginator


def _publish(agency, clerk, reviewer, chief, **fields):
    item = services.create_draft(clerk, agency, **draft_fields(**fields))
    services.submit(clerk, item)
    services.first_review(reviewer, item, approve=True)
    services.second_review(chief, item, approve=True)
    services.publish(chief, item)
    return item


@pytest.fixture
def corpus(agencies, clerk, reviewer, chief):
    agency = agencies["TCBGS"]
    plan = _publish(agency, clerk, reviewer, chief)
    fees = _publish(
        agency,
        clerk,
        reviewer,
        chief,
        title="关于调整行政事业性收费标准的通知",
        category="20-08",
        subject="财政、金融、审计\\财政",
        summary="调整收费标准。",
        keywords="收费",
        body="<p>自2020年1月1日起，停止征收部分行政事业性收费。</p>",
        doc_no="太政办〔2019〕130号",
    )
    return plan, fees


def test_two_character_word_matches(corpus):
    plan, _fees = corpus
    assert list(search(Query("公开"))) == [plan]


def test_traditional_query_finds_simplified_item(corpus):
    plan, _fees = corpus
    assert list(search(Query("政務公開"))) == [plan]
    assert list(search(Query("收費標準"))) == [corpus[1]]


def test_all_words_must_match(corpus):
    assert list(search(Query("公开 收费"))) == []


def test_filters_narrow_results(corpus, agencies):
    plan, fees = corpus
    assert list(search(Query("", Filters(category="20-08")))) == [fees]
    assert list(search(Query("", Filters(subject="综合政务")))) == [plan]
    assert list(search(Query("通知", Filters(agency=agencies["CS"].pk)))) == []
    assert set(search(Query("通知", Filters(year=timezone.localdate().year)))) == {plan, fees}
    assert list(search(Query("通知", Filters(validity="repealed")))) == []


def test_relevance_and_date_order(corpus):
    plan, fees = corpus
    by_date = list(search(Query("通知", order="date")))
    assert by_date == [fees, plan]
    by_rank = list(search(Query("收费", order="relevance")))
    assert by_rank[0] == fees


def test_snippet_marks_the_words_and_escapes_html(corpus):
    _plan, fees = corpus
    text = str(snippet(fees, "收費"))
    assert "<mark>收费</mark>" in text
    assert "<p>" not in text


def test_drafts_and_withdrawn_items_are_not_found(corpus, agencies, clerk, chief):
    plan, _fees = corpus
    services.create_draft(clerk, agencies["TCBGS"], **draft_fields(title="草稿里的公开"))
    services.withdraw(chief, plan, "重复发布")
    assert list(search(Query("公开"))) == []


def test_attachment_text_is_searched(agencies, clerk, reviewer, chief):
    from gongkai.catalog.models import Attachment

    item = services.create_draft(clerk, agencies["TCBGS"], **draft_fields())
    Attachment.objects.create(
        item=item, name="附表.xlsx", content_type="x", size=1, sha256="0", stored_name="a.xlsx",
        pages=["秸秆综合利用补贴名单"], extract_state="done",
    )  # fmt: skip
    services.submit(clerk, item)
    services.first_review(reviewer, item, approve=True)
    services.second_review(chief, item, approve=True)
    services.publish(chief, item)
    assert list(search(Query("秸秆"))) == [item]


def test_reindex_command_rebuilds_the_index(corpus):
    SearchDocument.objects.all().delete()
    assert list(search(Query("公开"))) == []
    out = StringIO()
    call_command("reindex_catalog", stdout=out)
    assert "2/2" in out.getvalue()
    assert list(search(Query("公开"))) == [corpus[0]]


def test_the_index_is_read_a_bounded_number_of_times_and_the_page_reads_items_by_id(corpus):
    """The search reads the newest N + 1 matches from the index once (plus one short walk per
    word for several words' IDF on SQLite); the page and its count then read items by id, so
    nothing re-runs the full-text match, per query or per matching row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    marker = "@@" if connection.vendor == "postgresql" else " MATCH "
    for text, matches, queries in (("公开", 1, 3), ("政务 公开", 3, 6)):
        with CaptureQueriesContext(connection) as ctx:
            results = search(Query(text))
        assert sum(q["sql"].count(marker) for q in ctx.captured_queries) <= matches
        assert len(ctx.captured_queries) <= queries
        assert isinstance(results, Hits) and results.ids
        with CaptureQueriesContext(connection) as page_ctx:
            paginator = CappedCountPaginator(results, 1, cap=results_cap(Query(text)))
            page = list(paginator.page(1))
            assert paginator.count == len(results.ids)
        # one query: the page's own item by id; the count is the ids' number
        assert [item.pk for item in page] == results.ids[:1]
        assert len(page_ctx.captured_queries) == 1
        assert marker not in page_ctx.captured_queries[0]["sql"]


def test_relevance_counts_the_words_in_each_match(agencies, clerk, reviewer, chief):
    """Of two texts of about the same length, the one that says the word more often ranks
    first, whichever is newer (both backends)."""
    agency = agencies["TCBGS"]
    often = _publish(agency, clerk, reviewer, chief, title="关于补贴的通知",
                     body="<p>补贴标准、补贴对象、补贴发放。</p>", summary="补贴。",
                     keywords="补贴")  # fmt: skip
    once = _publish(agency, clerk, reviewer, chief, title="关于农机的通知",
                    body="<p>发放农机购置补贴，办理农机登记，农机年检。</p>", summary="农机。",
                    keywords="农机", doc_no="太政办〔2019〕131号")  # fmt: skip
    assert list(search(Query("补贴"))) == [often, once]
    assert list(search(Query("农机"))) == [once]
    assert list(search(Query("补贴", order="date"))) == [once, often]


def test_sqlite_scores_are_fts5_bm25_on_a_small_catalogue(agencies, clerk, reviewer, chief):
    """On SQLite the score is FTS5's own bm25() (the same k1, b and IDF), computed from the
    candidates: with every item a candidate and fewer matches than the IDF sample, the two
    agree to the last digit, so the order is FTS5's."""
    from django.db import connection

    from gongkai.catalog import search as engine

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 is SQLite's index; PostgreSQL ranks with ts_rank")
    agency = agencies["TCBGS"]
    bodies = ["秸秆 秸秆 利用 补贴", "补贴 补贴 补贴 发放 农机 补贴", "秸秆 补贴 禁烧",
              "农机 购置 补贴 秸秆 秸秆 秸秆 利用 利用"]  # fmt: skip
    items = [
        _publish(
            agency,
            clerk,
            reviewer,
            chief,
            title=f"第{n}号通知",
            body=f"<p>{b}</p>",
            doc_no=f"太政办〔2019〕{300 + n}号",
        )
        for n, b in enumerate(bodies)
    ]
    ids = [i.pk for i in items]
    for words in (["秸秆"], ["秸秆", "补贴"], ["补贴", "农机"]):
        with connection.cursor() as cur:
            cur.execute(
                "SELECT rowid, -bm25(catalog_fts), tokens FROM catalog_fts "
                "WHERE catalog_fts MATCH %s",
                [engine._fts_arg(words)],
            )
            found = cur.fetchall()
        fts5 = {i: score for i, score, _tokens in found}
        ours = engine._bm25([(i, tokens) for i, _score, tokens in found], words)
        if len(words) == 1:  # one word: no IDF (it scales every score alike)
            scale = next(iter(fts5.values())) / ours[next(iter(fts5))]
            ours = {i: s * scale for i, s in ours.items()}
        assert ours == pytest.approx(fts5, rel=1e-9)
        assert set(fts5) <= set(ids)
        by_rank = [i.pk for i in search(Query(" ".join(words)))]
        assert by_rank == sorted(fts5, key=lambda i: (-fts5[i], -i))


@pytest.mark.parametrize("order", ["relevance", "date"])
def test_more_matches_than_the_page_shows_are_announced_as_more(corpus, client, settings, order):
    """Regression: relevance ranked the newest N matches and the page then said "共找到 N 条"
    although more matched. Both orders now say "N 条以上" and show N."""
    settings.CATALOG_SEARCH_CANDIDATES = 1  # both published items match 通知
    page = client.get("/gk/search/", {"q": "通知", "order": order}).content.decode()
    assert "找到 1 条以上结果" in page
    settings.CATALOG_SEARCH_CANDIDATES = 2
    exact = client.get("/gk/search/", {"q": "通知", "order": order}).content.decode()
    assert "共找到 2 条结果" in exact
    settings.CATALOG_SEARCH_CANDIDATES = 1
    assert "共找到" not in page
    assert page.count('class="gk-result-title"') == 1
    api = client.get(reverse("api:public_catalog"), {"q": "通知", "order": order}).json()
    assert (api["count"], api["count_capped"], len(api["results"])) == (1, True, 1)


def test_relevance_ranks_only_the_newest_n_matches(
    corpus, settings, agencies, clerk, reviewer, chief
):
    """A frequent word matches most of the catalogue: relevance reads the newest N + 1 matches
    (after the filters; the page shows N and says there are more), not all of them."""
    plan, fees = corpus  # both match 通知; fees is the newer
    notice = _publish(agencies["TCBGS"], clerk, reviewer, chief, title="关于节假日安排的通知")
    settings.CATALOG_SEARCH_CANDIDATES = 1
    assert set(search(Query("通知"))) == {notice, fees}
    assert list(search(Query("通知", order="date"))) == [notice, fees]
    # the window applies after the filters: the newest matches in category 20-08 are found
    assert list(search(Query("通知", Filters(category="20-08")))) == [fees]
    settings.CATALOG_SEARCH_CANDIDATES = 2
    assert set(search(Query("通知"))) == {plan, fees, notice}


def test_the_count_reads_at_most_cap_plus_one_rows(corpus):
    """Browsing without words (a queryset): the paginator's count is a COUNT over a LIMIT
    cap+1 subquery, not over every item. With words the count is the known ids' number."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    paginator = CappedCountPaginator(search(Query("", order="date")), 20)
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 2
    (sql,) = [q["sql"] for q in ctx.captured_queries]
    assert "COUNT(" in sql.upper() and f"LIMIT {paginator.cap + 1}" in sql, sql


def test_a_results_page_runs_a_constant_number_of_queries(agencies, clerk, reviewer, chief, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/gk/search/", {"q": "通知"}).status_code == 200
        return len(ctx.captured_queries)

    agency = agencies["TCBGS"]
    for n in range(2):
        _publish(
            agency,
            clerk,
            reviewer,
            chief,
            title=f"关于第{n}批事项的通知",
            doc_no=f"太政办〔2019〕{200 + n}号",
        )
    few = queries()
    for n in range(2, 6):
        _publish(
            agency,
            clerk,
            reviewer,
            chief,
            title=f"关于第{n}批事项的通知",
            doc_no=f"太政办〔2019〕{200 + n}号",
        )
    assert queries() == few


@pytest.mark.parametrize("limits", [{}, {"OUT_OF_STEP_MAX": 0}, {"SPAN_MAX": 0}])
def test_date_order_is_exact_when_dates_are_out_of_step_with_ids(
    corpus, settings, agencies, clerk, reviewer, chief, monkeypatch, limits
):
    """Date order finds the newest N matches by publication date, not by id: an older item
    whose date is later (a scheduled item, an import) comes first; so it does when the
    search falls back to sorting every match."""
    from gongkai.catalog import search as search_module
    from gongkai.catalog.models import Item

    for name, value in limits.items():
        monkeypatch.setattr(search_module, name, value)
    plan, fees = corpus
    notice = _publish(agencies["TCBGS"], clerk, reviewer, chief, title="关于节假日安排的通知")
    other = _publish(agencies["TCBGS"], clerk, reviewer, chief, title="关于节假日安排的公告")
    now = timezone.now()
    for item, minutes in ((plan, 1), (fees, 3), (notice, 2), (other, 4)):
        Item.objects.filter(pk=item.pk).update(
            published_at=now - timezone.timedelta(minutes=minutes)
        )
    settings.CATALOG_SEARCH_CANDIDATES = 1
    # by id the newest two matches are notice and fees; by date plan (id 1) is the newest.
    # The page shows N and counts N + 1: those are exact.
    assert list(search(Query("通知", order="date"))[:2]) == [plan, notice]
    settings.CATALOG_SEARCH_CANDIDATES = 5
    assert list(search(Query("通知", order="date"))) == [plan, notice, fees]
    assert list(search(Query("节假日", order="date"))) == [notice, other]


def test_the_newest_matches_are_found_in_a_small_catalogue(
    agencies, clerk, reviewer, chief, settings
):
    """A word only in the oldest item, a word in every item and the newest matches after the
    filters each give what a plain search gives (on PostgreSQL, fewer ids than one block:
    every match is read from the GIN index)."""
    agency = agencies["TCBGS"]
    oldest = _publish(agency, clerk, reviewer, chief, title="关于秸秆禁烧的通知",
                      body="<p>秸秆禁烧。</p>", doc_no="太政办〔2019〕401号")  # fmt: skip
    newer = [
        _publish(
            agency,
            clerk,
            reviewer,
            chief,
            title=f"关于第{n}批农机补贴的通知",
            body="<p>农机补贴。</p>",
            doc_no=f"太政办〔2019〕{410 + n}号",
        )
        for n in range(6)
    ]
    assert list(search(Query("秸秆"))) == [oldest]
    assert list(search(Query("秸秆 禁烧"))) == [oldest]
    settings.CATALOG_SEARCH_CANDIDATES = 2  # the newest 3 matches, the page shows 2
    assert set(search(Query("补贴"))) == set(newer[-3:])
    assert list(search(Query("通知", order="date"))) == [newer[-1], newer[-2], newer[-3]]
    assert list(search(Query("通知", Filters(category="20-08")))) == []


def _spread(item, ids: list[int], texts: dict[int, str]) -> None:
    """Copies of a published item at the given ids, each with its own search tokens."""
    from gongkai.catalog.models import Item

    copies = []
    for pk in ids:
        copy = Item.objects.get(pk=item.pk)
        copy.pk, copy.index_no = pk, f"TEST-{pk}"
        copies.append(copy)
    Item.objects.bulk_create(copies)
    SearchDocument.objects.bulk_create(SearchDocument(item_id=pk, tokens=texts[pk]) for pk in ids)


def test_postgresql_finds_the_newest_matches_through_id_blocks(
    agencies, clerk, reviewer, chief, request
):
    """Items spread over 300,000 ids: whatever the words' estimated share of the rows (none,
    rare, right, far too high or far too low) and however many are asked for, the newest
    matches are exactly those of a plain ORDER BY id over every match; the vector names
    the item's blocks as PG_BLOCK_BITS says; ANALYZE's statistics give the real shares."""
    import time

    from django.db import connection

    from gongkai.catalog import search as engine
    from gongkai.catalog.models import Item

    if connection.vendor != "postgresql":
        pytest.skip("the id blocks and the planner's statistics are PostgreSQL's (FTS5 walks)")
    plan = _publish(agencies["TCBGS"], clerk, reviewer, chief)
    ids = [10_000 + k * 997 for k in range(300)]
    texts = {
        pk: " ".join(
            ["通知"]
            + (["秸秆"] if k % 3 == 0 else [])
            + (["补贴"] if k % 7 == 0 else [])
            + (["禁烧"] if k in (1, 150, 298) else [])
        )
        for k, pk in enumerate(ids)
    }
    _spread(plan, ids, texts)
    with connection.cursor() as cur:
        cur.execute("SELECT array_to_string(tsvector_to_array(vector), ',') "
                    "FROM catalog_searchdocument WHERE item_id = %s", [ids[-1]])  # fmt: skip
        lexemes = set(cur.fetchone()[0].split(","))
    assert {f" {b}:{ids[-1] >> b}" for b in engine.PG_BLOCK_BITS} <= lexemes

    request.addfinalizer(engine._pg_stats.clear)  # the shares below are made up
    qs = Item.objects.published()
    for words in (["通知"], ["秸秆"], ["补贴"], ["禁烧"], ["秸秆", "补贴"], ["无此词"]):
        every = [i for i in reversed(ids) if set(words) <= set(texts[i].split())]
        for share in (None, 0.0, 1e-6, len(every) / 301, 0.5, 1.0):
            engine._pg_stats[connection.alias] = (
                time.monotonic(), None if share is None else {w: share for w in words}
            )  # fmt: skip
            for n in (1, 3, 20, 200):
                found = [i for i, _at in engine._newest(qs, words, n)]
                assert found == every[:n], (words, share, n)

    engine._pg_stats.clear()
    with connection.cursor() as cur:
        cur.execute("ANALYZE catalog_searchdocument")
    assert engine._pg_share(["通知"]) == pytest.approx(1.0, abs=0.01)
    assert engine._pg_share(["秸秆"]) == pytest.approx(101 / 301, abs=0.02)
    # the whole search, by relevance (ts_rank read with the matches) and by date
    every = engine._match(Item.objects.published(), ["补贴"]).order_by("-published_at", "-id")
    ranked = search(Query("补贴"))
    assert isinstance(ranked, engine.Hits)
    assert set(ranked.ids) == set(every.values_list("pk", flat=True))
    by_date = search(Query("补贴", order="date"))
    assert [i.pk for i in by_date][:5] == list(every.values_list("pk", flat=True)[:5])
