"""Write samples in the shapes that lose cells on real reports (issue 10), with expected values.

    .venv/bin/python tests/reports/samples/make_shapes.py

Every value below is chosen by hand and every total is worked out by `values.py` from its parts,
so the expectations never come from the parser. The texts mimic what archivers and converters
make of real reports (flattened text, run-together digits, tables split over PDF pages,
Markdown with table 二 broken into small tables and text); none copies a published report.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_samples as M  # noqa: E402
import values as V  # noqa: E402

FLAT_TITLE = "{agency}{year}年政府信息公开工作年度报告"

# 行政规范性文件 20 | 2 | 20 prints as "20220": 2 | 0 | 220 is just as plausible, and no
# total in table 二 decides between them.
ACTIVE_FLAT_2021 = {
    "规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
    "行政规范性文件": {"本年制发件数": 20, "本年废止件数": 2, "现行有效件数": 20},
    "行政许可": {"本年处理决定数量": 25},
    "行政处罚": {"本年处理决定数量": 7},
    "行政强制": {"本年处理决定数量": 0},
    "行政事业性收费": {"本年收费金额（单位：万元）": 0},
}


def _flat_active(active: dict[str, dict[str, Any]]) -> str:
    out = []
    for label, cells in active.items():
        if label in M.CAPTIONS:
            out.append(f"第二十条第{M.CAPTIONS[label]}项信息内容" + "".join(cells))
        out.append(label + "".join(M.plain(v) for v in cells.values()))
    return "".join(out)


def _flat_requests(table: dict[str, list[Any]], fmt: str) -> str:
    out = [M.NOTE, "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"]
    seen: set[str] = set()
    for rid, top, group, sub in M.printed_rows(fmt):
        label = sub or group or top
        if group and group not in seen:
            label = (top if top not in seen else "") + group + (sub or "")
            seen.update({top, group})
        out.append(label + "".join(M.plain(v) for v in table[rid]))
    return "".join(out)


def _flat_review(review: dict[str, list[Any]]) -> str:
    head = "行政复议行政诉讼" + "".join(M.REVIEW_PARTS) + "未经复议直接起诉复议后起诉"
    head += "".join(M.REVIEW_PARTS * 2)
    return head + "".join(M.plain(v) for k in V.REVIEW_KEYS for v in review[k])


def flattened(
    agency: str,
    year: int,
    active: dict[str, dict[str, Any]],
    table: dict[str, list[Any]],
    review: dict[str, list[Any]],
    narrative: str,
    fmt: str = "2021",
) -> str:
    """An archiver's HTML-to-text: one line, every cell boundary gone."""
    return "".join([
        "当前位置： 首页 > 政务公开 > 政府信息公开年报 ",
        FLAT_TITLE.format(agency=agency, year=year),
        f"一、总体情况{year}年，本机关认真贯彻落实政务公开工作要求。{narrative}",
        "二、主动公开政府信息情况",
        _flat_active(active),
        "三、收到和处理政府信息公开申请情况",
        _flat_requests(table, fmt),
        "四、政府信息公开行政复议、行政诉讼情况",
        _flat_review(review),
        "五、存在的主要问题及改进情况无。六、其他需要报告的事项无。附件下载",
    ])  # fmt: skip


def flat_narrative_txt() -> tuple[str, dict[str, Any]]:
    """Table 二 digits run together; the narrative states the three counts of the row."""
    agency, year = "石门县人民政府", 2022
    narrative = "全年制发行政规范性文件20件，废止2件，现行有效20件。"
    text = flattened(agency, year, ACTIVE_FLAT_2021, V.TOWN_2021, V.REVIEW_TOWN, narrative)
    notes = "flattened text; 行政规范性文件 20220 is 20|2|20, settled by the narrative"
    return text, M.expected(
        agency, year, "2021", ACTIVE_FLAT_2021, V.TOWN_2021, V.REVIEW_TOWN, notes
    )


def flat_silent_txt() -> tuple[str, dict[str, Any]]:
    """The same run of digits and a narrative that says nothing: unreadable, candidates kept.

    With the previous year's report at hand (现行有效 2 at the end of 2022) the 现行有效 chain
    2 + 20 − 2 = 20 settles it: see test_report_shapes.py."""
    agency, year = "云溪县人民政府", 2023
    text = flattened(agency, year, ACTIVE_FLAT_2021, V.TOWN_2021, V.REVIEW_TOWN, "")
    active = copy.deepcopy(ACTIVE_FLAT_2021)
    active["行政规范性文件"] = dict.fromkeys(active["行政规范性文件"])
    notes = "flattened text; 行政规范性文件 20220 is 2|0|220 or 20|2|20: unreadable here"
    return text, M.expected(agency, year, "2021", active, V.TOWN_2021, V.REVIEW_TOWN, notes)


def flat_prior_txt() -> tuple[str, dict[str, Any]]:
    """The year before flat-2023-silent: 行政规范性文件 1 | 1 | 2 ("112" has one split only)."""
    agency, year = "云溪县人民政府", 2022
    active = copy.deepcopy(ACTIVE_FLAT_2021)
    active["行政规范性文件"] = {"本年制发件数": 1, "本年废止件数": 1, "现行有效件数": 2}
    text = flattened(agency, year, active, V.TOWN_2021, V.REVIEW_TOWN, "")
    notes = "flattened text, the previous year of flat-2023-silent; 现行有效 2"
    return text, M.expected(agency, year, "2021", active, V.TOWN_2021, V.REVIEW_TOWN, notes)


def flat_review_misprint_txt() -> tuple[str, dict[str, Any]]:
    """Table 四 as one run of fifteen single digits whose 复议 total is misprinted (4 for 1+0+2+0):
    fifteen digits for fifteen cells is one split only, and the audit reports the error."""
    agency, year = "石门县人民政府", 2023
    review = V.review([1, 0, 2, 0], [1, 0, 0, 1])
    review["复议"][4] = 4
    text = flattened(agency, year, ACTIVE_FLAT_2021, V.TOWN_2021, review, "")
    active = copy.deepcopy(ACTIVE_FLAT_2021)
    active["行政规范性文件"] = dict.fromkeys(active["行政规范性文件"])  # 20220 stays open
    notes = "flattened text; table 四 102041001200000, 复议 total misprinted (4 for 3)"
    return text, M.expected(agency, year, "2021", active, V.TOWN_2021, review, notes)


def flat_2019_txt() -> tuple[str, dict[str, Any]]:
    """A 2019-format report flattened: 本年增/减 printed with its sign, run into the numbers
    beside it, and 采购总金额 with its unit run into the count ('631314.91万元').

    行政处罚 '1580-18961' is 1580 | −18 | 961 only because the narrative states 961 decisions;
    行政许可 '214-85630' (−8 | 5630 or −85 | 630) has nothing to settle it and stays open."""
    agency, year = "青石县人民政府", 2020
    active = copy.deepcopy(V.ACTIVE_COUNTY_2019)
    active["其他对外管理服务事项"]["本年增/减"] = 0
    active["行政处罚"]["本年增/减"] = -18
    narrative = "全年作出行政处罚决定961件。"
    text = flattened(agency, year, active, V.COUNTY_2019, V.REVIEW_COUNTY, narrative, fmt="2019")
    expected = copy.deepcopy(active)
    expected["行政许可"].update({"本年增/减": None, "处理决定数量": None})
    notes = "flattened 2019 format; signed 本年增/减, 采购总金额 with unit; 行政许可 split open"
    return text, M.expected(agency, year, "2019", expected, V.COUNTY_2019, V.REVIEW_COUNTY, notes)


def _with_thead(table: str, header_rows: int) -> str:
    """Mark a table's header rows as <thead>: WeasyPrint repeats them on every page."""
    lines = table.split("\n")
    head, body = lines[1 : 1 + header_rows], lines[1 + header_rows : -1]
    return "\n".join(
        [lines[0], "<thead>", *head, "</thead>", "<tbody>", *body, "</tbody>", lines[-1]]
    )


BORDERLESS_CSS = """<style>
@page { size: A4; margin: 2cm; @bottom-center { content: "第 " counter(page) " 页"; } }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
td { padding: 2pt; font-size: 9pt; text-align: center; }
</style>
"""


def _city_pdf(paragraphs: int, ruled: bool) -> bytes:
    agency, year = "临川市交通运输局", 2022
    t3 = _with_thead(M.html_t3(V.CITY_2021, "2021", M.bare), 3)
    body = (
        M.intro(agency, year)
        + [M.p("本年度工作情况。" * 20)] * paragraphs
        + [
            M.p("二、主动公开政府信息情况"),
            M.html_t2(V.ACTIVE_CITY_2021, M.bare),
            M.p("三、收到和处理政府信息公开申请情况"),
            t3,
            M.p("四、政府信息公开行政复议、行政诉讼情况"),
            M.html_t4(V.REVIEW_CITY, M.bare),
            *M.outro(),
        ]
    )
    page = M.html_page(f"{agency}{year}年政府信息公开工作年度报告", body)
    if ruled:
        return M._pdf(page)
    from weasyprint import HTML

    return HTML(string=page.replace("</head>", BORDERLESS_CSS + "</head>", 1)).write_pdf()


def _city_truth(notes: str) -> dict[str, Any]:
    return M.expected(
        "临川市交通运输局", 2022, "2021", V.ACTIVE_CITY_2021, V.CITY_2021, V.REVIEW_CITY, notes
    )


def city_pdf_page_break() -> tuple[bytes, dict[str, Any]]:
    """Ruled tables; table 三 runs over a page break with its header rows printed again."""
    notes = "ruled tables in a PDF; table 三 split over a page break, header rows repeated"
    return _city_pdf(7, ruled=True), _city_truth(notes)


def borderless_header_again() -> tuple[bytes, dict[str, Any]]:
    """No ruling lines (text layer only): the page breaks right after （一）予以公开, then a page
    number and table 三's header again, whose 总计 was taken for the （七）总计 row."""
    notes = "borderless PDF; page break after （一）予以公开, footer and header repeated"
    return _city_pdf(12, ruled=False), _city_truth(notes)


def borderless_row_cut() -> tuple[bytes, dict[str, Any]]:
    """No ruling lines: the page break cuts the （二）部分公开 row, whose values stay on the
    first page under （一）'s while its wrapped label goes to the next page; and a page footer
    right before table 二's （八） caption."""
    notes = "borderless PDF; row （二） cut by the page break, values above their label"
    return _city_pdf(2, ruled=False), _city_truth(notes)


def borderless_footer_before_caption() -> tuple[bytes, dict[str, Any]]:
    """No ruling lines: a page footer ('第 1 页') right before table 二's （八） caption."""
    notes = "borderless PDF; page footer between 行政强制 and the （八） caption"
    return _city_pdf(5, ruled=False), _city_truth(notes)


def md_split_table_two() -> tuple[str, dict[str, Any]]:
    """A PDF converted to Markdown: table 二 comes out as small tables whose row labels came
    loose (a label line above a label-less `| 42 | 17 | 1203 |` table), one value left in the
    text below its caption, and a page number between them; tables 三 and 四 stay whole."""
    agency, year = "临川市人民政府", 2022
    a = V.ACTIVE_CITY_2021
    out = [f"# {agency}{year}年政府信息公开工作年度报告", "", "## 一、总体情况", ""]
    out += ["本年度依法做好政府信息公开工作。", "", "## 二、主动公开政府信息情况", ""]
    out += ["第二十条第（一）项", ""]
    out += M._md_table([["规章", *map(M.plain, a["规章"].values())]], ["信息内容", *a["规章"]])
    out += ["", "行政规范性文件", "", "- 12 -", ""]
    out += M._md_table([list(map(M.plain, a["行政规范性文件"].values()))], [" ", " ", " "])
    out += ["", "第二十条第（五）项", ""]
    out += M._md_table(
        [["行政许可", M.plain(a["行政许可"]["本年处理决定数量"])]], ["信息内容", "本年处理决定数量"]
    )
    out += ["", "第二十条第（六）项", ""]
    out += M._md_table(
        [["行政处罚", M.plain(a["行政处罚"]["本年处理决定数量"])], ["行政强制", ""]],
        ["信息内容", "本年处理决定数量"],
    )
    out += ["", M.plain(a["行政强制"]["本年处理决定数量"]), ""]
    out += ["第二十条第（八）项", ""]
    fee = a["行政事业性收费"]["本年收费金额（单位：万元）"]
    out += M._md_table(
        [["行政事业性收费", M.plain(fee)]], ["信息内容", "本年收费金额（单位：万元）"]
    )
    out += ["", "## 三、收到和处理政府信息公开申请情况", ""]
    rows = [
        [sub or group or top, *map(M.plain, V.CITY_2021[rid])]
        for rid, top, group, sub in M.printed_rows("2021")
    ]
    out += M._md_table(rows, [M.NOTE, "自然人", *M.LEGAL, "总计"])
    out += ["", "## 四、政府信息公开行政复议、行政诉讼情况", ""]
    t4 = [M.plain(v) for k in V.REVIEW_KEYS for v in V.REVIEW_CITY[k]]
    out += M._md_table([t4], [*M.REVIEW_PARTS * 3])
    out += [
        "",
        "## 五、存在的主要问题及改进情况",
        "",
        "无。",
        "",
        "## 六、其他需要报告的事项",
        "",
        "无。",
    ]
    notes = "Markdown from a PDF converter; table 二 split between small tables and text"
    return "\n".join(out) + "\n", M.expected(
        agency, year, "2021", a, V.CITY_2021, V.REVIEW_CITY, notes
    )


SHAPES = {
    "md-2022-split-table-two.md": md_split_table_two,
    "pdf-2022-header-again.pdf": borderless_header_again,
    "pdf-2022-row-cut.pdf": borderless_row_cut,
    "pdf-2022-footer-caption.pdf": borderless_footer_before_caption,
    "city-2022-pagebreak.pdf": city_pdf_page_break,
    "flat-2023-review-misprint.txt": flat_review_misprint_txt,
    "flat-2020-format2019.txt": flat_2019_txt,
    "flat-2022-prior.txt": flat_prior_txt,
    "flat-2022-narrative.txt": flat_narrative_txt,
    "flat-2023-silent.txt": flat_silent_txt,
}


def main(names: list[str]) -> None:
    for name, build in SHAPES.items():
        if names and name not in names:
            continue
        data, truth = build()
        M.write(name, data, truth)
        print(name, len(truth["consistency_errors"]), "errors")


if __name__ == "__main__":
    main(sys.argv[1:])
