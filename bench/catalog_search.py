"""主动公开 search at scale: N synthetic Chinese items, the real engine against a naive search.

    DATABASE_URL=sqlite:////tmp/gk-search.sqlite3 python bench/catalog_search.py build --items 1000000
    DATABASE_URL=sqlite:////tmp/gk-search.sqlite3 python bench/catalog_search.py measure
    (the same with DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_search)

`build` migrates a fresh database, creates the seed agencies, then N published items whose
titles, summaries and bodies are sampled from the words of the project's seed documents
(the 2019 work plan and four annual reports, segmented by jieba, drawn with their own
frequencies, so common words are common and rare words rare). It times the two halves of
indexing separately: the tokens (jieba + OpenCC, `catalog.text.tokens`, the same function
the services call on publish) and the load of the search rows with their full-text index
(FTS5 triggers on SQLite; the generated tsvector + GIN on PostgreSQL, the GIN built once
after the load, as `reindex_catalog` would on an empty index).

`measure` runs queries of four kinds — a frequent word, a mid-frequency word, a rare word,
two words — plus the traditional spelling of some of them, each through
`catalog.search.search` exactly as the portal's search page uses it (the first page of 20 and
the capped paginator's count, by relevance; frequent words also by date), and through a naive
ORM search (`icontains` on title, summary and body, OR-ed, newest first, with the same capped
count). It prints p50/p95 per kind and overall, the
speed ratio, and, per kind, how many of the items the engine finds the naive search misses.
Every engine run comes first (a warm-up pass, then `--repeat` passes over all the queries),
then the naive runs: a naive query reads the whole table, and run between the engine's it
would time how fast the caches refill rather than the search. Run it with DEBUG off, as
production runs (DEBUG logs every query, and on SQLite quotes each parameter with a query).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-0123456789abcdefghijklmnop")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.utils import timezone  # noqa: E402

from gongkai.agencies.tree import build_seed_tree  # noqa: E402
from gongkai.catalog import search  # noqa: E402
from gongkai.catalog.models import Item, SearchDocument  # noqa: E402
from gongkai.catalog.text import query_tokens, tokens  # noqa: E402
from gongkai.core.pagination import CappedCountPaginator  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "gongkai/catalog/data/seed_workplan_2019_112.txt",
           *sorted((ROOT / "gongkai/reports/seeds").glob("*.txt"))]  # fmt: skip
CATEGORIES = ["20-01", "20-02", "20-03", "20-05", "20-06", "20-08", "L-01", "L-03"]
BATCH = 5000
TITLES, SENTENCES = 20_000, 60_000  # the pool the items are drawn from
WORD = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def vocabulary() -> list[tuple[str, int]]:
    """(word, frequency) of the seed documents' Chinese words, most frequent first."""
    import jieba

    counts: Counter[str] = Counter()
    for path in SOURCES:
        counts.update(w for w in jieba.cut(path.read_text("utf-8")) if WORD.match(w))
    return counts.most_common()


def sampler(vocab: list[tuple[str, int]], rng: random.Random):  # type: ignore[no-untyped-def]
    words = [w for w, _ in vocab]
    weights = [n for _, n in vocab]

    def sentence(n: int) -> str:
        return "".join(rng.choices(words, weights, k=n)) + "。"

    return sentence


def build(n: int, cache: Path | None) -> None:
    call_command("migrate", verbosity=0)
    assert not Item.objects.exists(), "already built: measure, or use a fresh database"
    agencies = list(build_seed_tree().values())
    author = get_user_model().objects.create_user("bench_author", password=None)
    rng = random.Random(20261205)
    sentence = sampler(vocabulary(), rng)
    start = dt.datetime(2019, 5, 15, tzinfo=timezone.get_current_timezone())
    postgres = connection.vendor == "postgresql"
    tok_s = load_s = 0.0
    cached = cache.read_text("utf-8").split("\n") if cache and cache.exists() else None
    fresh: list[str] = []
    if postgres:
        with connection.cursor() as cur:
            cur.execute("SET statement_timeout = 0")
            cur.execute("DROP INDEX IF EXISTS catalog_searchdocument_vector_gin")
    # The texts are drawn from a pool of sentences, each segmented once (jieba is ~1,000 items/s:
    # 1M items took 20-40 min); a sentence ends with 。, so an item's tokens are its sentences'.
    t = time.perf_counter()
    titles = [sentence(rng.randint(4, 8))[:-1] for _ in range(TITLES)]
    sentences = [sentence(rng.randint(8, 16)) for _ in range(SENTENCES)]
    if cached is not None and len(cached) == TITLES + SENTENCES:
        pool_tokens = cached
    else:
        pool_tokens = [" ".join(tokens(text)) for text in titles + sentences]
        fresh = pool_tokens
    title_tok, sent_tok = pool_tokens[:TITLES], pool_tokens[TITLES:]
    bench_tok = " ".join(tokens("bench"))
    tok_s += time.perf_counter() - t
    t_all = time.perf_counter()
    for first in range(0, n, BATCH):
        items, words = [], []
        for i in range(first, min(n, first + BATCH)):
            ti = rng.randrange(TITLES)
            si = [rng.randrange(SENTENCES) for _ in range(1 + rng.randint(4, 9))]
            title, summary = titles[ti], sentences[si[0]]
            body = "".join(sentences[k] for k in si[1:])
            published = start + dt.timedelta(minutes=i * 3)
            items.append(Item(
                agency=agencies[i % len(agencies)], index_no=f"BENCH/{i:08d}", title=title,
                publisher="bench", category=CATEGORIES[i % len(CATEGORIES)],
                summary=summary, body=f"<p>{body}</p>", status="published",
                published_at=published, publish_at=published, author=author,
            ))  # fmt: skip
            words.append(" ".join([title_tok[ti], bench_tok, *(sent_tok[k] for k in si)]))
        with transaction.atomic():
            Item.objects.bulk_create(items, batch_size=1000)
            t = time.perf_counter()
            SearchDocument.objects.bulk_create(
                [SearchDocument(item=it, tokens=w) for it, w in zip(items, words, strict=True)],
                batch_size=1000,
            )
            load_s += time.perf_counter() - t
        if (first // BATCH) % 20 == 0:
            print(
                f"  {first + len(items):,} items, {time.perf_counter() - t_all:.0f} s", flush=True
            )
    if cache and fresh:
        cache.write_text("\n".join(fresh), "utf-8")
    gin_s = 0.0
    if postgres:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(
                "CREATE INDEX catalog_searchdocument_vector_gin ON catalog_searchdocument "
                "USING GIN (vector)"
            )
            cur.execute("ANALYZE")
        gin_s = time.perf_counter() - t
    else:
        with connection.cursor() as cur:
            cur.execute("INSERT INTO catalog_fts(catalog_fts) VALUES('optimize')")
            cur.execute("ANALYZE")
    index_s = tok_s + load_s + gin_s
    print(f"items {n:,} in {time.perf_counter() - t_all:.0f} s")
    reused = " (read from the cache file, not computed)" if not fresh else ""
    print(f"tokens of the {TITLES + SENTENCES:,} pool texts{reused}: {tok_s:.1f} s; search rows + index: "
          f"{load_s + gin_s:.1f} s ({n / (load_s + gin_s):,.0f} items/s); "
          f"index build in all: {n / index_s:,.0f} items/s")  # fmt: skip


def queries() -> dict[str, list[str]]:
    import opencc

    vocab = [w for w, _ in vocabulary() if len(w) == 2 or len(w) == 4]
    to_trad = opencc.OpenCC("s2t")
    frequent, middle, rare = vocab[:15], vocab[150:165], vocab[-400:-385]
    pairs = [f"{a}{b}" for a, b in zip(vocab[20:35], vocab[60:75], strict=True)]
    traditional = [
        t for t in (to_trad.convert(w) for w in middle + pairs) if t not in middle + pairs
    ]
    return {"frequent": frequent, "middle": middle, "rare": rare, "two words": pairs,
            "traditional": traditional[:15]}  # fmt: skip


def engine(text: str, order: str = "relevance") -> tuple[list[int], int]:
    """As the search page does it: the first page of 20 and the capped count."""
    query = search.Query(text, order=order)
    results = search.search(query)
    if hasattr(search, "LISTED"):  # (so that the script measures commits before it, too)
        results = results.only(*search.LISTED)
    paginator = CappedCountPaginator(results, 20, cap=search.results_cap(query))
    return [i.pk for i in paginator.page(1)], paginator.count


def engine_by_date(text: str) -> tuple[list[int], int]:
    return engine(text, "date")


def naive(text: str) -> tuple[list[int], int]:
    where = Q(title__icontains=text) | Q(summary__icontains=text) | Q(body__icontains=text)
    qs = Item.objects.published().filter(where).order_by("-published_at", "-id")
    paginator = CappedCountPaginator(qs, 20)
    return [i.pk for i in paginator.page(1)], paginator.count


def timed(fn, text: str, repeat: int) -> tuple[list[float], tuple[list[int], int]]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn(text)
        times.append((time.perf_counter() - t) * 1000)
    assert result is not None
    return times, result


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def measure(repeat: int, naive_repeat: int) -> None:
    total = Item.objects.count()
    print(f"{connection.vendor}, {total:,} items; load average {os.getloadavg()[0]:.1f}")
    kinds = queries()
    for texts in kinds.values():  # warm the caches and jieba
        for text in texts:
            engine(text)
    engine_times: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(repeat):  # pass after pass over every query, so no query is timed hot only
        for kind, texts in kinds.items():
            for text in texts:
                engine_times[kind] += timed(engine, text, 1)[0]
    by_date = [t for text in kinds["frequent"] for t in timed(engine_by_date, text, repeat)[0]]
    print(f"engine done; load average {os.getloadavg()[0]:.1f}")
    print(f"{'kind':12} {'engine p50':>10} {'p95':>8} {'naive p50':>10} {'p95':>8} "
          f"{'ratio':>7} {'found':>9} {'missed':>8}  (ms)")  # fmt: skip
    all_engine, all_naive = [], []
    for kind, texts in kinds.items():
        e_times, n_times, found, missed = engine_times[kind], [], 0, 0
        for text in texts:
            n_t, (_nids, _ncount) = timed(naive, text, naive_repeat)
            n_times += n_t
            # the relevant items: those the engine matches; which of them does naive miss?
            found_by_engine = search.search(search.Query(text))
            ids = getattr(found_by_engine, "ids", None)  # Hits: always, by relevance
            hits = set(ids if ids is not None else found_by_engine.values_list("pk", flat=True))
            plain = Item.objects.filter(pk__in=hits).filter(
                Q(title__icontains=text) | Q(summary__icontains=text) | Q(body__icontains=text)
            )
            words = query_tokens(text)  # every match, exact, untimed
            found += search._match(Item.objects.published(), words).order_by().count()
            missed += len(hits) - plain.count()
        all_engine += e_times
        all_naive += n_times
        print(f"{kind:12} {statistics.median(e_times):10.1f} {pct(e_times, .95):8.1f} "
              f"{statistics.median(n_times):10.1f} {pct(n_times, .95):8.1f} "
              f"{statistics.median(n_times) / statistics.median(e_times):7.0f} "
              f"{found:9,} {missed:8,}")  # fmt: skip
    print(f"{'all':12} {statistics.median(all_engine):10.1f} {pct(all_engine, .95):8.1f} "
          f"{statistics.median(all_naive):10.1f} {pct(all_naive, .95):8.1f} "
          f"{statistics.median(all_naive) / statistics.median(all_engine):7.0f}")  # fmt: skip
    print(f"{'frequent, by date':18} {statistics.median(by_date):10.1f} {pct(by_date, 0.95):8.1f}")
    print(f"load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--items", type=int, default=1_000_000)
    b.add_argument("--tokens-cache", type=Path, help="a file to keep (or reuse) the tokens in")
    m = sub.add_parser("measure")
    m.add_argument("--repeat", type=int, default=5, help="runs of each query on the engine")
    m.add_argument("--naive-repeat", type=int, default=1, help="runs of each naive query")
    args = parser.parse_args()
    if args.cmd == "build":
        build(args.items, args.tokens_cache)
    else:
        measure(args.repeat, args.naive_repeat)


if __name__ == "__main__":
    main()
