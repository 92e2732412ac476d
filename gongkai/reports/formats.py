"""The two official annual-report formats as data (国办公开办函〔2019〕60号, 〔2021〕30号).

Row and column ids follow `../shared/regs/report-formats.json`; the canonical labels are the
ones the corpus `truth.json` files use. Parsers, the audit, the exporters and (later) the
report builder all read these tables, so a label is spelled in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Format(StrEnum):
    """Which template a table (or a whole report) follows."""

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

ACTIVE_ROWS: dict[Format, tuple[ActiveRow, ...]] = {
    Format.F2019: (
        ActiveRow("regulations", "规章", _C19_ART1, "t2_art20_1"),
        ActiveRow("normative_docs", "规范性文件", _C19_ART1, "t2_art20_1"),
        ActiveRow("licensing", "行政许可", _C19_ITEMS, "t2_art20_5"),
        ActiveRow("other_services", "其他对外管理服务事项", _C19_ITEMS, "t2_art20_5"),
        ActiveRow("penalty", "行政处罚", _C19_ITEMS, "t2_art20_6"),
        ActiveRow("compulsion", "行政强制", _C19_ITEMS, "t2_art20_6"),
        ActiveRow("admin_fees", "行政事业性收费", _C19_FEES, "t2_art20_8"),
        ActiveRow("central_procurement", "政府集中采购", _C19_PROC, "t2_art20_9"),
    ),
    Format.F2021: (
        ActiveRow("regulations", "规章", _C21_ART1, "t2_art20_1"),
        ActiveRow("normative_docs", "行政规范性文件", _C21_ART1, "t2_art20_1"),
        ActiveRow("licensing", "行政许可", _C21_DECISIONS, "t2_art20_5"),
        ActiveRow("penalty", "行政处罚", _C21_DECISIONS, "t2_art20_6"),
        ActiveRow("compulsion", "行政强制", _C21_DECISIONS, "t2_art20_6"),
        ActiveRow("admin_fees", "行政事业性收费", _C21_FEES, "t2_art20_8"),
    ),
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
REQUEST_ROWS: dict[Format, tuple[RequestRow, ...]] = {
    Format.F2019: (*_HEAD, _r("r_other", "三、（六）其他处理"), *_TAIL),
    Format.F2021: (
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
    ),
}

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


def request_row(fmt: Format, row_id: str) -> RequestRow:
    return next(r for r in REQUEST_ROWS[fmt] if r.id == row_id)


def active_row(fmt: Format, row_id: str) -> ActiveRow:
    return next(r for r in ACTIVE_ROWS[fmt] if r.id == row_id)


# -- which template a year's report is built in (additive: used by the report builder) -----

# The first year each buildable template reports on; a later template supersedes an earlier
# one from its first year. Adding a template is one entry here plus its rows above.
FIRST_YEAR: dict[Format, int] = {
    Format.F2019: 2019,  # 国办公开办函〔2019〕60号, for reports on 2019 onwards
    Format.F2021: 2021,  # 国办公开办函〔2021〕30号, for reports on 2021 onwards
}


class NoTemplateForYear(ValueError):
    """The year is before the 2019 条例's tables: its report is narrative, not built."""


def format_for_year(year: int) -> Format:
    """The latest registered template whose first year is not after `year`."""
    candidates = [(first, fmt) for fmt, first in FIRST_YEAR.items() if first <= year]
    if not candidates:
        raise NoTemplateForYear(year)
    return max(candidates)[1]
