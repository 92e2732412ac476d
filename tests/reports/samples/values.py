"""Table values for the synthetic samples, and an independent checker for their errors.

The samples are our own synthetic reports (no third-party text). Their values are written
here once; `make_samples.py` renders them in the layouts real agencies publish and writes
the expected result beside each file in the corpus truth.json shape. The consistency errors
are computed here, by plain arithmetic independent of `gongkai.reports.audit`.
"""

from __future__ import annotations

import copy
from typing import Any

ROWS_HEAD = [
    ("new_received", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("r_open", "三、（一）予以公开"),
    ("r_partial", "三、（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("r_deny_secret", "三、（三）不予公开 1.属于国家秘密"),
    ("r_deny_law", "三、（三）不予公开 2.其他法律行政法规禁止公开"),
    ("r_deny_safety", "三、（三）不予公开 3.危及“三安全一稳定”"),
    ("r_deny_third_party", "三、（三）不予公开 4.保护第三方合法权益"),
    ("r_deny_internal", "三、（三）不予公开 5.属于三类内部事务信息"),
    ("r_deny_process", "三、（三）不予公开 6.属于四类过程性信息"),
    ("r_deny_enforcement", "三、（三）不予公开 7.属于行政执法案卷"),
    ("r_deny_inquiry", "三、（三）不予公开 8.属于行政查询事项"),
    ("r_na_not_held", "三、（四）无法提供 1.本机关不掌握相关政府信息"),
    ("r_na_need_create", "三、（四）无法提供 2.没有现成信息需要另行制作"),
    ("r_na_unclear", "三、（四）无法提供 3.补正后申请内容仍不明确"),
    ("r_np_petition", "三、（五）不予处理 1.信访举报投诉类申请"),
    ("r_np_repeat", "三、（五）不予处理 2.重复申请"),
    ("r_np_publication", "三、（五）不予处理 3.要求提供公开出版物"),
    ("r_np_mass", "三、（五）不予处理 4.无正当理由大量反复申请"),
    ("r_np_confirm", "三、（五）不予处理 5.要求行政机关确认或重新出具已获取信息"),
]
ROWS_SIX_2021 = [
    (
        "r_other_no_correction",
        "三、（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "r_other_no_fee",
        "三、（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("r_other_other", "三、（六）其他处理 3.其他"),
]
ROWS_SIX_2019 = [("r_other", "三、（六）其他处理")]
ROWS_TAIL = [("r_total", "三、（七）总计"), ("carry_next", "四、结转下年度继续办理")]
COLUMNS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
REVIEW_KEYS = ["复议", "诉讼_未经复议", "诉讼_复议后"]


def request_rows(fmt: str) -> list[tuple[str, str]]:
    six = ROWS_SIX_2021 if fmt == "2021" else ROWS_SIX_2019
    return ROWS_HEAD + six + ROWS_TAIL


def outcome_ids(fmt: str) -> list[str]:
    return [rid for rid, _l in request_rows(fmt) if rid.startswith("r_") and rid != "r_total"]


def build_requests(
    fmt: str, new: list[int], carried: list[int], outcomes: dict[str, list[int]]
) -> dict[str, list[Any]]:
    """Row id -> seven values, every total computed so that the table is consistent."""
    zero = [0] * 6
    table: dict[str, list[Any]] = {}
    parts = {rid: outcomes.get(rid, zero) for rid in outcome_ids(fmt)}
    unknown = set(outcomes) - set(parts)
    assert not unknown, unknown
    total6 = [sum(p[c] for p in parts.values()) for c in range(6)]
    carry6 = [new[c] + carried[c] - total6[c] for c in range(6)]
    assert all(v >= 0 for v in carry6), carry6
    for rid, _label in request_rows(fmt):
        six = {"new_received": new, "carried_over": carried, "r_total": total6}.get(rid)
        six = six if six is not None else carry6 if rid == "carry_next" else parts[rid]
        table[rid] = [*six, sum(six)]
    return table


def truth_requests(fmt: str, table: dict[str, list[Any]]) -> list[dict[str, Any]]:
    return [{"row": label, "values": list(table[rid])} for rid, label in request_rows(fmt)]


def review(
    first: list[int], second: list[int] | None = None, third: list[int] | None = None
) -> dict[str, list[Any]]:
    groups = [first, second or [0, 0, 0, 0], third or [0, 0, 0, 0]]
    return {k: [*g, sum(g)] for k, g in zip(REVIEW_KEYS, groups, strict=True)}


def _n(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def consistency_errors(truth: dict[str, Any]) -> list[dict[str, Any]]:
    """The four checks of the corpus README, failing only when every cell is a number."""
    errors: list[dict[str, Any]] = []
    rows = {r["row"]: r["values"] for r in truth["table_requests"]}
    labels = [r["row"] for r in truth["table_requests"]]
    for label in labels:
        values = [_n(v) for v in rows[label]]
        if None not in values and sum(values[:6]) != values[6]:  # type: ignore[arg-type]
            errors.append({"type": "row_total", "row": label})
    head = {lab.split("、")[0]: lab for lab in labels if not lab.startswith("三、")}
    total = "三、（七）总计"
    outcome = [lab for lab in labels if lab.startswith("三、") and lab != total]
    for c, column in enumerate(COLUMNS):
        a, b, t, d = (_n(rows[x][c]) for x in (head["一"], head["二"], total, head["四"]))
        if None not in (a, b, t, d) and a + b != t + d:  # type: ignore[operator]
            errors.append({"type": "column_balance", "column": column})
        parts = [_n(rows[x][c]) for x in outcome]
        if t is not None and None not in parts and sum(parts) != t:  # type: ignore[arg-type]
            errors.append({"type": "outcome_sum", "column": column})
    for group, values in truth["table_review"].items():
        nums = [_n(v) for v in values]
        if None not in nums and sum(nums[:4]) != nums[4]:  # type: ignore[arg-type]
            errors.append({"type": "review_total", "group": group})
    return errors


# -- the data sets ---------------------------------------------------------------------------

ACTIVE_TOWN_2021 = {
    "规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
    "行政规范性文件": {"本年制发件数": 1, "本年废止件数": 0, "现行有效件数": 3},
    "行政许可": {"本年处理决定数量": 25},
    "行政处罚": {"本年处理决定数量": 7},
    "行政强制": {"本年处理决定数量": 0},
    "行政事业性收费": {"本年收费金额（单位：万元）": 0},
}

TOWN_2021 = build_requests(
    "2021",
    new=[12, 2, 0, 0, 1, 0],
    carried=[1, 0, 0, 0, 0, 0],
    outcomes={
        "r_open": [6, 1, 0, 0, 0, 0],
        "r_partial": [2, 0, 0, 0, 0, 0],
        "r_deny_third_party": [1, 0, 0, 0, 0, 0],
        "r_deny_process": [0, 0, 0, 0, 1, 0],
        "r_na_not_held": [2, 1, 0, 0, 0, 0],
        "r_np_repeat": [1, 0, 0, 0, 0, 0],
    },
)
REVIEW_TOWN = review([1, 0, 0, 0])

ACTIVE_CITY_2021 = {
    "规章": {"本年制发件数": 3, "本年废止件数": 1, "现行有效件数": 86},
    "行政规范性文件": {"本年制发件数": 42, "本年废止件数": 17, "现行有效件数": 1203},
    "行政许可": {"本年处理决定数量": 128436},
    "行政处罚": {"本年处理决定数量": 23517},
    "行政强制": {"本年处理决定数量": 1094},
    "行政事业性收费": {"本年收费金额（单位：万元）": 3521.47},
}

CITY_2021 = build_requests(
    "2021",
    new=[1234, 156, 3, 2, 18, 11],
    carried=[87, 9, 0, 0, 1, 0],
    outcomes={
        "r_open": [512, 61, 1, 1, 6, 4],
        "r_partial": [143, 22, 0, 0, 3, 1],
        "r_deny_secret": [2, 0, 0, 0, 0, 0],
        "r_deny_law": [9, 1, 0, 0, 0, 0],
        "r_deny_safety": [3, 0, 0, 0, 0, 0],
        "r_deny_third_party": [17, 4, 0, 0, 1, 0],
        "r_deny_internal": [11, 0, 0, 0, 0, 0],
        "r_deny_process": [24, 3, 0, 0, 0, 1],
        "r_deny_enforcement": [6, 1, 0, 0, 0, 0],
        "r_deny_inquiry": [15, 0, 0, 0, 0, 0],
        "r_na_not_held": [298, 41, 2, 1, 5, 3],
        "r_na_need_create": [41, 5, 0, 0, 1, 0],
        "r_na_unclear": [37, 2, 0, 0, 0, 0],
        "r_np_petition": [58, 3, 0, 0, 0, 1],
        "r_np_repeat": [33, 2, 0, 0, 0, 0],
        "r_np_publication": [4, 0, 0, 0, 0, 0],
        "r_np_mass": [12, 0, 0, 0, 0, 0],
        "r_np_confirm": [7, 1, 0, 0, 0, 0],
        "r_other_no_correction": [26, 3, 0, 0, 1, 0],
        "r_other_no_fee": [1, 0, 0, 0, 0, 0],
        "r_other_other": [19, 2, 0, 0, 0, 1],
    },
)
REVIEW_CITY = review([21, 4, 3, 5], [9, 1, 2, 6], [3, 0, 1, 2])

ACTIVE_COUNTY_2019 = {
    "规章": {"本年新制作数量": 0, "本年新公开数量": 0, "对外公开总数量": 0},
    "规范性文件": {"本年新制作数量": 6, "本年新公开数量": 6, "对外公开总数量": 58},
    "行政许可": {"上一年项目数量": 214, "本年增/减": -8, "处理决定数量": 5630},
    "其他对外管理服务事项": {"上一年项目数量": 37, "本年增/减": 2, "处理决定数量": 412},
    "行政处罚": {"上一年项目数量": 1580, "本年增/减": -8, "处理决定数量": 961},
    "行政强制": {"上一年项目数量": 46, "本年增/减": 0, "处理决定数量": 12},
    "行政事业性收费": {"上一年项目数量": 19, "本年增/减": -3},
    "政府集中采购": {"采购项目数量": 63, "采购总金额": "1314.91万元"},
}

COUNTY_2019 = build_requests(
    "2019",
    new=[87, 9, 0, 1, 2, 3],
    carried=[4, 0, 0, 0, 0, 0],
    outcomes={
        "r_open": [41, 5, 0, 1, 1, 1],
        "r_partial": [12, 1, 0, 0, 0, 0],
        "r_deny_third_party": [3, 0, 0, 0, 0, 0],
        "r_deny_process": [2, 0, 0, 0, 0, 0],
        "r_na_not_held": [19, 2, 0, 0, 1, 1],
        "r_na_need_create": [3, 0, 0, 0, 0, 0],
        "r_np_petition": [4, 0, 0, 0, 0, 0],
        "r_np_repeat": [2, 1, 0, 0, 0, 0],
        "r_other": [3, 0, 0, 0, 0, 1],
    },
)
REVIEW_COUNTY = review([2, 1, 0, 1], [1, 0, 1, 0])


def with_cell(table: dict[str, list[Any]], rid: str, col: int, value: Any) -> dict[str, list[Any]]:
    changed = copy.deepcopy(table)
    changed[rid][col] = value
    return changed
