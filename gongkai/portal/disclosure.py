"""The public 政府信息公开 pages (/gk/): 公开目录 browsing, item pages with the standard
metadata block, 失效文件清单, search, feeds and the sitemap. Everything is read through
`Item.objects.published()` — the one gate."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy

from gongkai.agencies.models import Agency
from gongkai.catalog import search as catalog_search
from gongkai.catalog import taxonomy
from gongkai.catalog.attachments import read_bytes
from gongkai.catalog.models import Attachment, GazetteIssue, Guide, Item, Validity
from gongkai.core.pagination import CappedCountPaginator

from . import columns
from .caching import cacheable
from .columns import Column

COLUMN_CATEGORY = {
    "policies": columns.POLICY_CATEGORY,
    "readings": columns.READING_CATEGORY,
    "rules": columns.RULES_CATEGORY,
}

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _filters(request: HttpRequest) -> catalog_search.Filters:
    g = request.GET
    validity = g.get("validity", "")
    return catalog_search.Filters(
        agency=_int(g.get("agency")),
        category=g.get("category", "")
        if g.get("category") in dict(taxonomy.category_choices())
        else "",
        subject=g.get("subject", "")
        if g.get("subject") in dict(taxonomy.subject_choices())
        else "",
        year=_int(g.get("year")),
        validity=validity if validity in Validity.values else "",
    )


def _facets() -> dict[str, Any]:
    """The filter drop-downs: the agencies and the years that have published items.

    One index probe per agency and per year, not a DISTINCT over every published item: at
    1,000,000 items the DISTINCT took 14 s on every catalogue and search page
    (bench/catalog_search.py)."""
    published = Item.objects.published()
    has_items = published.filter(agency=OuterRef("pk"))
    agencies = Agency.objects.filter(Exists(has_items)).order_by("path")
    return {
        "agencies": agencies,
        "categories": taxonomy.category_choices(),
        "subjects": [c["name"] for c in taxonomy.subject_classes()],
        "years": _years_with_items(published),
        "validities": Validity.choices,
    }


def _years_with_items(published: QuerySet[Item]) -> list[int]:
    """The years (local time, as the year filter reads them) with a published item, newest
    first: the first and last publication dates from the date index, then one EXISTS per year
    between them."""
    # ORDER BY … LIMIT 1 walks the date index on both backends (SQLite's MIN/MAX with the
    # published filter scanned the table: 0.5 s at 1M)
    dates = published.values_list("published_at", flat=True)
    oldest = dates.order_by("published_at").first()
    newest = dates.order_by("-published_at").first()
    if oldest is None or newest is None:
        return []
    tz = timezone.get_current_timezone()
    first = timezone.localtime(oldest, tz).year
    last = timezone.localtime(newest, tz).year
    years = []
    for year in range(last, first - 1, -1):
        start = datetime.datetime(year, 1, 1, tzinfo=tz)
        end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
        if published.filter(published_at__gte=start, published_at__lt=end).exists():
            years.append(year)
    return years


def _listing(request: HttpRequest, column: Column | None = None) -> HttpResponse:
    filters = _filters(request)
    if column is not None:  # a category's own column: the category is fixed
        filters = dataclasses.replace(filters, category=COLUMN_CATEGORY[column.key])
    qs = filters.apply(Item.objects.published()).select_related("agency")
    page = Paginator(qs.order_by("-published_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "filters": filters, "column": column, **_facets()}
    return render(request, "portal/gk/catalogue.html", context)


@cacheable
def catalogue(request: HttpRequest) -> HttpResponse:
    """公开目录: browse by agency, category, 主题, year and validity."""
    return _listing(request)


@cacheable
def policies(request: HttpRequest) -> HttpResponse:
    """政策文件 / 规范性文件库: category 20-01, with its validity marks and filter."""
    return _listing(request, columns.BY_KEY["policies"])


@cacheable
def readings(request: HttpRequest) -> HttpResponse:
    """政策解读: every interpretation, each linked to the document it explains."""
    return _listing(request, columns.BY_KEY["readings"])


@cacheable
def rules(request: HttpRequest) -> HttpResponse:
    """公开制度: the agencies' own rules for disclosure work (review, secrecy, requests)."""
    return _listing(request, columns.BY_KEY["rules"])


STATUTORY_LATEST = 5


@cacheable
def statutory(request: HttpRequest) -> HttpResponse:
    """法定主动公开内容: the fifteen categories of 条例第二十条, each with its latest items."""
    published = Item.objects.published()
    counts = dict(
        published.filter(category__startswith="20-")
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    groups = [
        {
            "code": code,
            "number": int(code[3:]),
            "label": label,
            "count": counts.get(code, 0),
            "items": published.filter(category=code).order_by("-published_at", "-id")[
                :STATUTORY_LATEST
            ],
        }
        for code, label in taxonomy.category_choices()
        if code.startswith("20-")
    ]
    return render(request, "portal/gk/statutory.html", {"groups": groups})


@cacheable
def item(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(Item.objects.published().select_related("agency"), pk=pk)
    link = getattr(obj, "interprets", None)
    policy = (
        link.policy
        if link and Item.objects.published().filter(pk=link.policy_id).exists()
        else None
    )
    readings = Item.objects.published().filter(interprets__policy=obj)
    return render(
        request,
        "portal/gk/item.html",
        {
            "item": obj,
            "column": columns.column_of_category(obj.category),
            "policy": policy,
            "readings": readings,
            "attachments": obj.attachments.all(),
        },
    )


def attachment(request: HttpRequest, pk: int, att_id: int) -> FileResponse:
    obj = get_object_or_404(Item.objects.published(), pk=pk)
    att = get_object_or_404(Attachment, pk=att_id, item=obj)
    return FileResponse(
        iter([read_bytes(att)]),
        as_attachment=True,
        filename=att.name,
        content_type=att.content_type,
    )


@cacheable
def expired_index(request: HttpRequest) -> HttpResponse:
    """失效文件清单: agencies with repealed or expired documents."""
    rows = (
        Item.objects.published()
        .exclude(validity=Validity.VALID)
        .values("agency", "agency__name")
        .annotate(n=Count("id"))
        .order_by("agency__path")
    )
    return render(request, "portal/gk/expired_index.html", {"rows": rows})


@cacheable
def expired(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=agency_id)
    items = (
        Item.objects.published()
        .filter(agency=agency)
        .exclude(validity=Validity.VALID)
        .order_by("-validity_changed_on", "-id")
    )
    return render(request, "portal/gk/expired.html", {"agency": agency, "items": items})


def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:100]
    order = "date" if request.GET.get("order") == "date" else "relevance"
    query = catalog_search.Query(text, _filters(request), order)
    # A frequent word matches most of the catalogue: count at most the N results a search
    # shows (“200 条以上”) rather than all of them on every page.
    paginator = CappedCountPaginator(
        catalog_search.search(query).only(*catalog_search.LISTED),
        PAGE_SIZE,
        cap=catalog_search.results_cap(query),
    )
    page = paginator.get_page(request.GET.get("page"))
    results = [(obj, catalog_search.snippet(obj, text)) for obj in page]
    return render(
        request,
        "portal/gk/search.html",
        {
            "q": text,
            "order": order,
            "page": page,
            "results": results,
            "filters": query.filters,
            **_facets(),
        },
    )


class LatestItemsFeed(Feed):
    title = gettext_lazy("政府信息公开 · 最新发布")
    description = gettext_lazy("公开目录中最新发布的政府信息")

    def link(self) -> str:
        return reverse("gk:index")

    def items(self) -> Any:
        return Item.objects.published().select_related("agency").order_by("-published_at")[:50]

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.summary or item.title

    def item_link(self, item: Item) -> str:
        return reverse("gk:item", args=[item.pk])

    # In Beijing time, as every date on the portal: the stored UTC instant would put an item
    # published or corrected between 00:00 and 08:00 on the previous day.
    def item_pubdate(self, item: Item) -> Any:
        return timezone.localtime(item.published_at) if item.published_at else None

    def item_updateddate(self, item: Item) -> Any:
        # 更新日期 after a correction
        return timezone.localtime(item.revised_at or item.published_at)

    def item_author_name(self, item: Item) -> str:
        return item.publisher


class LatestItemsAtom(LatestItemsFeed):
    feed_type = Atom1Feed
    subtitle = LatestItemsFeed.description


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self) -> Any:
        return Item.objects.published().order_by("id")

    def location(self, item: Item) -> str:
        return reverse("gk:item", args=[item.pk])

    def lastmod(self, item: Item) -> Any:
        return item.updated_at


@cacheable
def guide_index(request: HttpRequest) -> HttpResponse:
    """公开指南: every agency that has published one."""
    agencies = Agency.objects.filter(guides__isnull=False).distinct().order_by("path")
    return render(request, "portal/gk/guide_index.html", {"agencies": agencies})


@cacheable
def guide(request: HttpRequest, agency_id: int) -> HttpResponse:
    """An agency's guide: the current version, or ?version=N; printable."""
    agency = get_object_or_404(Agency, pk=agency_id)
    versions = Guide.objects.filter(agency=agency).order_by("-version")
    wanted = _int(request.GET.get("version"))
    shown = versions.filter(version=wanted).first() if wanted else versions.first()
    if shown is None:
        raise Http404
    return render(
        request, "portal/gk/guide.html", {"agency": agency, "guide": shown, "versions": versions}
    )


@cacheable
def gazette_index(request: HttpRequest) -> HttpResponse:
    """政府公报: issues by year."""
    issues = GazetteIssue.objects.select_related("agency").order_by("-year", "-number")
    year = _int(request.GET.get("year"))
    if year:
        issues = issues.filter(year=year)
    years = GazetteIssue.objects.values_list("year", flat=True).distinct().order_by("-year")
    return render(
        request, "portal/gk/gazette_index.html", {"issues": issues, "years": years, "year": year}
    )


@cacheable
def gazette_issue(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_object_or_404(GazetteIssue.objects.select_related("agency"), pk=pk)
    contents = Item.objects.published().filter(gazette_issues=issue).order_by("id")
    return render(request, "portal/gk/gazette_issue.html", {"issue": issue, "contents": contents})


def gazette_pdf(request: HttpRequest, pk: int) -> FileResponse:
    from gongkai.catalog.gazette import read_pdf

    issue = get_object_or_404(GazetteIssue, pk=pk)
    name = (
        gettext_lazy("%(agency)s公报%(year)d年第%(number)d期")
        % {"agency": issue.agency.name, "year": issue.year, "number": issue.number}
        + ".pdf"
    )
    return FileResponse(
        iter([read_pdf(issue)]), as_attachment=True, filename=name, content_type="application/pdf"
    )
