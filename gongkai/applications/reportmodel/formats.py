"""The format registry: every annual-report format gongkai reads or builds, as data.

Each registered `ReportFormat` (国办公开办函〔2019〕60号, 国办公开办函〔2021〕30号, the
narrative reports under the 2007 条例) declares its id, document, the years it reports on,
its tables (rows and columns), the phrases that identify it in a document, and where each
decision (`decisions.DECISIONS`, the one source of the decision → row map) is counted in
table 三. The parsers' detection, the builder, the audit, the exporters and the dashboards
all read this registry; adding a format is one `register(...)` call plus its tests.

Row and column ids follow `../shared/regs/report-formats.json`; the canonical labels are the
ones the corpus `truth.json` files use, so a label is spelled in exactly one place.

Pure data, no database models: it lives in `applications` so that `applications.reporting`
(which counts the cases) and `reports` (which imports `applications`, never the reverse)
share it; `reports.formats` re-exports it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ..decisions import DECISIONS


class Format(StrEnum):
    """The ids of the built-in formats (a registered format's id is any string)."""

    F2019 = "2019"  # 国办公开办函〔2019〕60号: reports on 2019 and 2020
    F2021 = "2021"  # 国办公开办函〔2021〕30号: reports on 2021 onwards
    HYBRID = "hybrid"  # tables from both templates in one report
    PRE2019 = "pre-2019"  # narrative report under the 2007 条例, no statutory tables


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    kind: str = "count"  # count | delta | amount (unit printed) | fee (万元, decimals)


@dataclass(frozen=True)
class ActiveRow:
    id: str
    label: str  # canonical printed label of the template
    columns: tuple[Column, ...]
    table: str  # the 第二十条 item the row belongs to, e.g. "t2_art20_1"


# -- table 二 (主动公开) -----------------------------------------------------------

_C19_ART1 = (
    Column("new_made", "本年新制作数量"),
    Column("new_published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
_C19_ITEMS = (
    Column("prev_items", "上一年项目数量"),
    Column("delta", "本年增/减", "delta"),
    Column("decisions", "处理决定数量"),
)
_C19_FEES = (Column("prev_items", "上一年项目数量"), Column("delta", "本年增/减", "delta"))
_C19_PROC = (
    Column("procurement_items", "采购项目数量"),
    Column("procurement_amount", "采购总金额", "amount"),
)
_C21_ART1 = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_C21_DECISIONS = (Column("decisions", "本年处理决定数量"),)
_C21_FEES = (Column("fee_amount", "本年收费金额（单位：万元）", "fee"),)

_ACTIVE_2019 = (
    ActiveRow("regulations", "规章", _C19_ART1, "t2_art20_1"),
    ActiveRow("normative_docs", "规范性文件", _C19_ART1, "t2_art20_1"),
    ActiveRow("licensing", "行政许可", _C19_ITEMS, "t2_art20_5"),
    ActiveRow("other_services", "其他对外管理服务事项", _C19_ITEMS, "t2_art20_5"),
    ActiveRow("penalty", "行政处罚", _C19_ITEMS, "t2_art20_6"),
    ActiveRow("compulsion", "行政强制", _C19_ITEMS, "t2_art20_6"),
    ActiveRow("admin_fees", "行政事业性收费", _C19_FEES, "t2_art20_8"),
    ActiveRow("central_procurement", "政府集中采购", _C19_PROC, "t2_art20_9"),
)
_ACTIVE_2021 = (
    ActiveRow("regulations", "规章", _C21_ART1, "t2_art20_1"),
    ActiveRow("normative_docs", "行政规范性文件", _C21_ART1, "t2_art20_1"),
    ActiveRow("licensing", "行政许可", _C21_DECISIONS, "t2_art20_5"),
    ActiveRow("penalty", "行政处罚", _C21_DECISIONS, "t2_art20_6"),
    ActiveRow("compulsion", "行政强制", _C21_DECISIONS, "t2_art20_6"),
    ActiveRow("admin_fees", "行政事业性收费", _C21_FEES, "t2_art20_8"),
)

ACTIVE_CAPTIONS: Mapping[str, str] = {  # the 第二十条 item a table-二 block reports on
    "t2_art20_1": "第二十条第（一）项",
    "t2_art20_5": "第二十条第（五）项",
    "t2_art20_6": "第二十条第（六）项",
    "t2_art20_8": "第二十条第（八）项",
    "t2_art20_9": "第二十条第（九）项",
}

# -- table 三 (依申请) --------------------------------------------------------------

REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
APPLICANT_COLUMNS = REQUEST_COLUMNS[:6]


@dataclass(frozen=True)
class RequestRow:
    id: str
    label: str  # canonical label, exactly as in corpus truth.json
    outcome: bool = False  # one of the 办理结果 rows summed into （七）总计


def _r(id_: str, label: str) -> RequestRow:
    return RequestRow(id_, label, outcome=True)


_HEAD = (
    RequestRow("new_received", "一、本年新收政府信息公开申请数量"),
    RequestRow("carried_over", "二、上年结转政府信息公开申请数量"),
    _r("r_open", "三、（一）予以公开"),
    _r("r_partial", "三、（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    _r("r_deny_secret", "三、（三）不予公开 1.属于国家秘密"),
    _r("r_deny_law", "三、（三）不予公开 2.其他法律行政法规禁止公开"),
    _r("r_deny_safety", "三、（三）不予公开 3.危及“三安全一稳定”"),
    _r("r_deny_third_party", "三、（三）不予公开 4.保护第三方合法权益"),
    _r("r_deny_internal", "三、（三）不予公开 5.属于三类内部事务信息"),
    _r("r_deny_process", "三、（三）不予公开 6.属于四类过程性信息"),
    _r("r_deny_enforcement", "三、（三）不予公开 7.属于行政执法案卷"),
    _r("r_deny_inquiry", "三、（三）不予公开 8.属于行政查询事项"),
    _r("r_na_not_held", "三、（四）无法提供 1.本机关不掌握相关政府信息"),
    _r("r_na_need_create", "三、（四）无法提供 2.没有现成信息需要另行制作"),
    _r("r_na_unclear", "三、（四）无法提供 3.补正后申请内容仍不明确"),
    _r("r_np_petition", "三、（五）不予处理 1.信访举报投诉类申请"),
    _r("r_np_repeat", "三、（五）不予处理 2.重复申请"),
    _r("r_np_publication", "三、（五）不予处理 3.要求提供公开出版物"),
    _r("r_np_mass", "三、（五）不予处理 4.无正当理由大量反复申请"),
    _r("r_np_confirm", "三、（五）不予处理 5.要求行政机关确认或重新出具已获取信息"),
)
_TAIL = (
    RequestRow("r_total", "三、（七）总计"),
    RequestRow("carry_next", "四、结转下年度继续办理"),
)
_REQUESTS_2019 = (*_HEAD, _r("r_other", "三、（六）其他处理"), *_TAIL)
_REQUESTS_2021 = (
    *_HEAD,
    _r(
        "r_other_no_correction",
        "三、（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    _r(
        "r_other_no_fee",
        "三、（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    _r("r_other_other", "三、（六）其他处理 3.其他"),
    *_TAIL,
)

# -- table 四 (复议、诉讼) — identical in both formats ------------------------------

REVIEW_PARTS: tuple[Column, ...] = (
    Column("maintained", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)


@dataclass(frozen=True)
class ReviewGroup:
    id: str  # review | lit_direct | lit_after (report-formats.json prefixes)
    key: str  # key in corpus truth.json
    label: str


REVIEW_GROUPS: tuple[ReviewGroup, ...] = (
    ReviewGroup("review", "复议", "行政复议"),
    ReviewGroup("lit_direct", "诉讼_未经复议", "行政诉讼（未经复议直接起诉）"),
    ReviewGroup("lit_after", "诉讼_复议后", "行政诉讼（复议后起诉）"),
)
TRUTH_REVIEW_COLUMNS = ["维持", "纠正", "其他", "尚未审结", "总计"]

SECTION_TITLES: tuple[tuple[str, str], ...] = (
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
)


# -- the registry ------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """A phrase printed only (or mostly) in documents of one format.

    `part` is where it is looked for: "active" (table 二), "requests" (table 三) or
    "document" (anywhere: a narrative format has no tables to look in)."""

    part: str
    phrase: str


@dataclass(frozen=True)
class ReportFormat:
    """One official report format, everything any part of gongkai needs to know about it."""

    id: str  # "2019", "2021", "pre-2019" …: stored on reports, printed in exports
    document: str  # the notice that issued it, e.g. 国办公开办函〔2021〕30号
    name: str  # 简称, as the reviewer reads it
    first_year: int  # the first report year it is used for
    last_year: int | None = None  # the last one (None: until a later format supersedes it)
    active_rows: tuple[ActiveRow, ...] = ()  # table 二; () for a narrative format
    active_captions: Mapping[str, str] = field(default_factory=lambda: dict(ACTIVE_CAPTIONS))
    request_rows: tuple[RequestRow, ...] = ()  # table 三
    request_columns: tuple[Column, ...] = REQUEST_COLUMNS
    review_groups: tuple[ReviewGroup, ...] = REVIEW_GROUPS  # table 四
    review_parts: tuple[Column, ...] = REVIEW_PARTS
    sections: tuple[tuple[str, str], ...] = SECTION_TITLES
    markers: tuple[Marker, ...] = ()
    decision_rows: Mapping[str, str] = field(default_factory=dict)  # decision → table 三 row

    @property
    def has_tables(self) -> bool:
        """A format with statutory tables can be built from the records and audited."""
        return bool(self.request_rows)

    def result_rows(self) -> list[str]:
        """The 三、本年度办理结果 rows decisions land in ((七)总计 is their sum)."""
        return [r.id for r in self.request_rows if r.outcome]

    def row_for(self, decision: str) -> str:
        """The table 三 row a decision is counted in."""
        try:
            return self.decision_rows[str(decision)]
        except KeyError:
            raise UnknownFormat(
                f"format {self.id} has no table 三 row for decision {decision!r}"
            ) from None

    def markers_of(self, part: str) -> list[str]:
        return [m.phrase for m in self.markers if m.part == part]

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


class UnknownFormat(KeyError):
    """No format of that id is registered (or it lacks what was asked of it)."""


class NoTemplateForYear(ValueError):
    """No registered format with tables covers the year: its report is not built."""


_REGISTRY: dict[str, ReportFormat] = {}


def register(fmt: ReportFormat) -> ReportFormat:
    """Add a format (or replace the one with its id). Its decision map must cover every
    decision and land on its own result rows, so a case is never left uncounted."""
    if fmt.has_tables:
        missing = [d.value for d in DECISIONS if d.value not in fmt.decision_rows]
        wrong = {d: r for d, r in fmt.decision_rows.items() if r not in fmt.result_rows()}
        if missing or wrong:
            raise ValueError(f"format {fmt.id}: decisions unmapped {missing}, off-table {wrong}")
    _REGISTRY[fmt.id] = fmt
    return fmt


def unregister(format_id: str) -> None:
    _REGISTRY.pop(format_id, None)


def registered() -> list[ReportFormat]:
    """Every registered format, oldest first."""
    return sorted(_REGISTRY.values(), key=lambda f: (f.first_year, f.id))


def get(format_id: str | ReportFormat) -> ReportFormat:
    if isinstance(format_id, ReportFormat):
        return format_id
    try:
        return _REGISTRY[str(format_id)]
    except KeyError:
        raise UnknownFormat(format_id) from None


def is_registered(format_id: str | None) -> bool:
    return format_id is not None and str(format_id) in _REGISTRY


def buildable() -> list[ReportFormat]:
    """The formats a report can be built in (those with statutory tables)."""
    return [f for f in registered() if f.has_tables]


def format_for_year(year: int) -> str:
    """The id of the latest buildable format whose first year is not after `year`."""
    candidates = [f for f in buildable() if f.covers(year)]
    if not candidates:
        raise NoTemplateForYear(year)
    return max(candidates, key=lambda f: f.first_year).id


def report_row(decision: str, format_id: str) -> str:
    """The table 三 row id a decision is counted in, in the given format."""
    return get(format_id).row_for(decision)


def request_row(fmt: str, row_id: str) -> RequestRow:
    return next(r for r in get(fmt).request_rows if r.id == row_id)


def active_row(fmt: str, row_id: str) -> ActiveRow:
    return next(r for r in get(fmt).active_rows if r.id == row_id)


def detect(found: Mapping[str, bool] | set[str], part: str) -> str | None:
    """The registered format a document part (table 二, table 三 or the whole text) is in,
    scored over every format's markers for that part: the share of its own markers found,
    less one for each found marker that belongs only to other formats. The best positive
    score wins; no positive score or a tie is None — "未识别的格式", never the nearest.

    `found` is the set of marker phrases present (the caller decides how to match)."""
    present = {k for k, v in found.items() if v} if isinstance(found, Mapping) else set(found)
    scores: dict[str, float] = {}
    for fmt in registered():
        own = set(fmt.markers_of(part))
        if not own:
            continue
        others = {p for f in registered() if f.id != fmt.id for p in f.markers_of(part)} - own
        scores[fmt.id] = len(own & present) / len(own) - len(others & present)
    best = max(scores.values(), default=0.0)
    winners = [f for f, s in scores.items() if s == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def all_markers(part: str) -> list[str]:
    """Every registered marker phrase of a part, each once."""
    return list(dict.fromkeys(p for f in registered() for p in f.markers_of(part)))


class _ByFormat(Mapping[str, tuple]):
    """A live read-only view `{format id: one attribute}` over the registry, so code that
    indexes `ACTIVE_ROWS[fmt]` sees formats registered later."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def __getitem__(self, key: str) -> tuple:
        value = getattr(get(key), self.attribute)
        if not value:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return (f.id for f in registered() if getattr(f, self.attribute))

    def __len__(self) -> int:
        return sum(1 for _ in self)


ACTIVE_ROWS: Mapping[str, tuple[ActiveRow, ...]] = _ByFormat("active_rows")
REQUEST_ROWS: Mapping[str, tuple[RequestRow, ...]] = _ByFormat("request_rows")


def _decision_rows(column: str) -> dict[str, str]:
    """One column of the decision table (decisions.DecisionSpec.row_2019 / row_2021)."""
    return {d.value: getattr(spec, column) for d, spec in DECISIONS.items()}


# -- the registered formats --------------------------------------------------------------

_OLD_ACTIVE = ("本年新制作", "本年新公开", "对外公开总数", "上一年项目", "本年增", "采购项目数量", "采购总金额", "政府集中采购", "其他对外管理")  # fmt: skip
_NEW_ACTIVE = ("本年制发", "本年废止", "现行有效", "本年处理决定", "本年收费金额")
_NEW_REQUESTS = ("不补正", "收费通知", "缴纳费用")  # the three （六） sub-rows

register(
    ReportFormat(
        Format.PRE2019,
        "《中华人民共和国政府信息公开条例》（2007年）第三十二条",
        "2019 年以前（叙述式）",
        first_year=2008,
        last_year=2018,
        markers=tuple(
            Marker("document", p)
            for p in ("依申请公开政府信息情况", "收费及减免", "申请行政复议和提起行政诉讼")
        ),
    )
)
register(
    ReportFormat(
        Format.F2019,
        "国办公开办函〔2019〕60号",
        "2019 年版",
        first_year=2019,
        last_year=2020,
        active_rows=_ACTIVE_2019,
        request_rows=_REQUESTS_2019,
        markers=(
            *(Marker("active", p) for p in _OLD_ACTIVE),
            Marker("requests", "其他处理"),
        ),
        decision_rows=_decision_rows("row_2019"),
    )
)
register(
    ReportFormat(
        Format.F2021,
        "国办公开办函〔2021〕30号",
        "2021 年版",
        first_year=2021,
        active_rows=_ACTIVE_2021,
        request_rows=_REQUESTS_2021,
        markers=(
            *(Marker("active", p) for p in _NEW_ACTIVE),
            *(Marker("requests", p) for p in ("其他处理", *_NEW_REQUESTS)),
        ),
        decision_rows=_decision_rows("row_2021"),
    )
)


class _FirstYear(Mapping[str, int]):
    """{format id: first year} of the buildable formats (a live view, like ACTIVE_ROWS)."""

    def __getitem__(self, key: str) -> int:
        return get(key).first_year

    def __iter__(self) -> Iterator[str]:
        return (f.id for f in buildable())

    def __len__(self) -> int:
        return len(buildable())


FIRST_YEAR: Mapping[str, int] = _FirstYear()
