"""Write the synthetic sample reports and their expected results (run once; output committed).

    .venv/bin/python tests/reports/samples/make_samples.py

Every sample is our own synthetic text in a layout real agencies publish but the corpus does
not cover (town reports, WPS-exported HTML, GBK pages, transposed or split review tables, TSV,
other Markdown converters, space-aligned text, traditional characters, nested/split Word
tables, PDF). Beside each `<name>.<ext>` goes `<name>.json` in the corpus truth.json shape.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import values as V  # noqa: E402

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
LEGAL = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
REVIEW_PARTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
CAPTIONS = {
    "规章": "（一）",
    "行政许可": "（五）",
    "行政处罚": "（六）",
    "行政事业性收费": "（八）",
    "政府集中采购": "（九）",
}
FULL = str.maketrans("0123456789", "０１２３４５６７８９")

Fmt = Callable[[Any], str]


def plain(v: Any) -> str:
    return "" if v is None else str(v)


def thousands(v: Any) -> str:
    return f"{v:,}" if isinstance(v, int) else plain(v)


def fullwidth(v: Any) -> str:
    return plain(v).translate(FULL)


# -- the printed rows of table 三 -------------------------------------------------------------


def printed_rows(fmt: str, enum: str = ".") -> list[tuple[str, str, str, str]]:
    """(row id, top label, group label, sub label) as the official table prints them."""
    out = []
    for rid, label in V.request_rows(fmt):
        if not label.startswith("三、"):
            out.append((rid, label, "", ""))
        elif " " in label:
            group, sub = label[2:].split(" ", 1)
            out.append((rid, "三、本年度办理结果", group, sub.replace(".", enum, 1)))
        else:
            out.append((rid, "三、本年度办理结果", label[2:], ""))
    return out


# -- HTML --------------------------------------------------------------------------------------


def td(text: str, wrap: Callable[[str], str], **attrs: Any) -> str:
    attr = "".join(f' {k}="{v}"' for k, v in attrs.items() if v not in (None, 1))
    return f"<td{attr}>{wrap(text)}</td>"


def html_t3(
    table: dict[str, list[Any]],
    fmt: str,
    wrap: Callable[[str], str],
    num: Fmt = plain,
    blank: str = "",
    enum: str = ".",
    layout: str = "three",
) -> str:
    """Table 三. layout "three": official 3 label columns; "two": group labels in rows of their
    own with a colspan across the value columns, header without the 法人 row."""
    rows = printed_rows(fmt, enum)
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">']
    if layout == "three":
        out.append(
            "<tr>"
            + td(NOTE, wrap, colspan=3, rowspan=3)
            + td("申请人情况", wrap, colspan=7)
            + "</tr>"
        )
        out.append(
            "<tr>"
            + td("自然人", wrap, rowspan=2)
            + td("法人或其他组织", wrap, colspan=5)
            + td("总计", wrap, rowspan=2)
            + "</tr>"
        )
        out.append("<tr>" + "".join(td(c, wrap) for c in LEGAL) + "</tr>")
    else:
        out.append(
            "<tr>"
            + td(NOTE, wrap, colspan=2, rowspan=2)
            + td("申请人情况", wrap, colspan=7)
            + "</tr>"
        )
        out.append("<tr>" + "".join(td(c, wrap) for c in ["自然人", *LEGAL, "总计"]) + "</tr>")
    outcome_rows = [r for r in rows if r[1].startswith("三、")]
    group_rows = {g for _r, _t, g, s in outcome_rows if s}
    span = len(outcome_rows) + (len(group_rows) if layout == "two" else 0)
    seen: set[str] = set()
    for rid, top, group, sub in rows:
        cells = "".join(td(num(v) if v is not None else blank, wrap) for v in table[rid])
        if not group:
            out.append(
                "<tr>" + td(top, wrap, colspan=3 if layout == "three" else 2) + cells + "</tr>"
            )
            continue
        first = "" if seen else td(top, wrap, rowspan=span)
        if not sub:
            width = 2 if layout == "three" else 1
            out.append("<tr>" + first + td(group, wrap, colspan=width) + cells + "</tr>")
        elif layout == "three":
            label = ""
            if group not in seen:
                count = sum(1 for r in outcome_rows if r[2] == group)
                label = td(group, wrap, rowspan=count)
            out.append("<tr>" + first + label + td(sub, wrap) + cells + "</tr>")
        else:
            if group not in seen:
                out.append("<tr>" + first + td(group, wrap, colspan=8) + "</tr>")
                first = ""
            out.append("<tr>" + first + td(sub, wrap) + cells + "</tr>")
        seen.add(group)
        seen.add("")
    out.append("</table>")
    return "\n".join(out)


def html_t4(
    review: dict[str, list[Any]],
    wrap: Callable[[str], str],
    layout: str = "standard",
    num: Fmt = plain,
    blank: str = "",
) -> str:
    values = [num(v) if v is not None else blank for k in V.REVIEW_KEYS for v in review[k]]
    out = ['<table border="1" cellspacing="0" style="border-collapse:collapse">']
    if layout == "standard":
        out.append(
            "<tr>" + td("行政复议", wrap, colspan=5) + td("行政诉讼", wrap, colspan=10) + "</tr>"
        )
        out.append(
            "<tr>"
            + "".join(td(p, wrap, rowspan=2) for p in REVIEW_PARTS)
            + td("未经复议直接起诉", wrap, colspan=5)
            + td("复议后起诉", wrap, colspan=5)
            + "</tr>"
        )
        out.append("<tr>" + "".join(td(p, wrap) for p in REVIEW_PARTS * 2) + "</tr>")
        out.append("<tr>" + "".join(td(v, wrap) for v in values) + "</tr>")
    elif layout == "split":
        out.append("<tr>" + td("行政复议", wrap, colspan=5) + "</tr>")
        out.append("<tr>" + "".join(td(p, wrap) for p in REVIEW_PARTS) + "</tr>")
        out.append("<tr>" + "".join(td(v, wrap) for v in values[:5]) + "</tr>")
        out.append("<tr>" + td("行政诉讼", wrap, colspan=10) + "</tr>")
        out.append(
            "<tr>"
            + td("未经复议直接起诉", wrap, colspan=5)
            + td("复议后起诉", wrap, colspan=5)
            + "</tr>"
        )
        out.append("<tr>" + "".join(td(p, wrap) for p in REVIEW_PARTS * 2) + "</tr>")
        out.append("<tr>" + "".join(td(v, wrap) for v in values[5:]) + "</tr>")
    else:  # transposed: fifteen rows of one value column
        out.append(
            "<tr>"
            + td("类别", wrap, colspan=2)
            + td("结果", wrap)
            + td("数量（件）", wrap)
            + "</tr>"
        )
        names = ["行政复议", "行政诉讼", "行政诉讼"]
        subs = ["", "未经复议直接起诉", "复议后起诉"]
        for g in range(3):
            for p in range(5):
                head = ""
                if p == 0:
                    head = (
                        td(names[g], wrap, rowspan=5, colspan=2)
                        if not subs[g]
                        else td(names[g], wrap, rowspan=5) + td(subs[g], wrap, rowspan=5)
                    )
                out.append(
                    "<tr>"
                    + head
                    + td(REVIEW_PARTS[p], wrap)
                    + td(values[g * 5 + p], wrap)
                    + "</tr>"
                )
    out.append("</table>")
    return "\n".join(out)


def html_t2(
    active: dict[str, dict[str, Any]],
    wrap: Callable[[str], str],
    num: Fmt = plain,
    separate: bool = False,
) -> str:
    """Table 二: one table with caption rows, or (separate) one small table per caption."""
    blocks: list[list[str]] = []
    for label, cells in active.items():
        if label in CAPTIONS:
            caption = f"第二十条第{CAPTIONS[label]}项"
            blocks.append([f"<tr>{td(caption, wrap, colspan=4)}</tr>"])
            header = td("信息内容", wrap) + _spread(list(cells), wrap)
            blocks[-1].append(f"<tr>{header}</tr>")
        row = td(label, wrap) + _spread([num(v) for v in cells.values()], wrap)
        blocks[-1].append(f"<tr>{row}</tr>")
    table = '<table border="1" cellspacing="0" style="border-collapse:collapse">'
    if separate:
        return "\n".join(f"{table}\n" + "\n".join(b) + "\n</table>" for b in blocks)
    return table + "\n" + "\n".join(r for b in blocks for r in b) + "\n</table>"


def _spread(texts: list[str], wrap: Callable[[str], str]) -> str:
    if len(texts) == 3:
        return "".join(td(t, wrap) for t in texts)
    if len(texts) == 2:
        return td(texts[0], wrap) + td(texts[1], wrap, colspan=2)
    return td(texts[0], wrap, colspan=3)


def html_page(title: str, body: list[str], charset: str = "utf-8", head: str = "") -> str:
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{title}</title>\n{head}</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def p(text: str) -> str:
    return f"<p>{text}</p>"


def intro(agency: str, year: int) -> list[str]:
    return [
        f'<p style="text-align:center"><b>{agency}{year}年政府信息公开工作年度报告</b></p>',
        p(
            f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        ),
        p("一、总体情况"),
        p(f"{year}年，本机关认真贯彻落实政务公开工作要求，依法依规做好政府信息公开工作。"),
    ]


def outro() -> list[str]:
    return [
        p("五、存在的主要问题及改进情况"),
        p("一是公开内容的规范性有待加强；二是解读形式还不够丰富。下一步将加强培训。"),
        p("六、其他需要报告的事项"),
        p("本年度未收取信息处理费。"),
    ]


def wps(text: str) -> str:
    """WPS/Word export: every cell a MsoNormal paragraph with an EN-US span."""
    inner = text if text else "&nbsp;"
    return (
        "<p class=MsoNormal align=center style='text-align:center'>"
        f"<span lang=EN-US style='font-size:10.5pt;font-family:宋体'>{inner}<o:p></o:p></span></p>"
    )


def bare(text: str) -> str:
    return text


def split_spans(text: str) -> str:
    """Labels split over spans, two characters at a time, as Word exports them."""
    if not re.search(r"[\u4e00-\u9fff]", text):
        return f"<span>{text}</span>"
    return "".join(f"<span>{text[i : i + 3]}</span>" for i in range(0, len(text), 3))


# -- expected results --------------------------------------------------------------------------


def expected(
    agency: str,
    year: int,
    fmt: str,
    active: dict[str, Any],
    table: dict[str, list[Any]],
    review: dict[str, list[Any]],
    notes: str,
) -> dict[str, Any]:
    truth = {
        "agency": agency,
        "year": year,
        "format": fmt,
        "table_active": active,
        "table_requests": V.truth_requests(fmt, table),
        "table_requests_columns": V.COLUMNS,
        "table_review": review,
        "table_review_columns": ["维持", "纠正", "其他", "尚未审结", "总计"],
        "notes": notes,
    }
    truth["consistency_errors"] = V.consistency_errors(truth)
    return truth


def write(name: str, data: bytes | str, truth: dict[str, Any], encoding: str = "utf-8") -> None:
    path = HERE / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    stem = name.rsplit(".", 1)[0]
    text = json.dumps(truth, ensure_ascii=False, indent=1) + "\n"
    (HERE / f"{stem}.json").write_text(text, encoding="utf-8")


# -- the samples -------------------------------------------------------------------------------


def town_html() -> tuple[str, dict[str, Any]]:
    agency, year = "东湖县青山镇人民政府", 2022
    body = [
        *intro(agency, year),
        p("二、主动公开政府信息情况"),
        html_t2(V.ACTIVE_TOWN_2021, bare, separate=True),
        p("三、收到和处理政府信息公开申请情况"),
        html_t3(V.TOWN_2021, "2021", bare),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        html_t4(V.REVIEW_TOWN, bare),
        *outro(),
    ]
    page = html_page(f"{agency}{year}年政府信息公开工作年度报告", body)
    notes = "town (乡镇) 2021-format HTML: 3 label columns, 3x3 header with 法人或其他组织 row, table 二 as four small tables"
    return page, expected(
        agency, year, "2021", V.ACTIVE_TOWN_2021, V.TOWN_2021, V.REVIEW_TOWN, notes
    )


def town_wps_html() -> tuple[str, dict[str, Any]]:
    """WPS export: MsoNormal/EN-US spans everywhere, zero 法人 cells left blank (&nbsp;),
    group labels in rows of their own with a colspan, table 四 split over two rows."""
    agency, year = "江口市滨河街道办事处", 2023
    table = {k: list(v) for k, v in V.TOWN_2021.items()}
    for values in table.values():
        for c in range(1, 6):
            if values[c] == 0:
                values[c] = None
    head = '<meta name=Generator content="Microsoft Word 15 (filtered)">\n<style>p.MsoNormal{margin:0cm}</style>\n'
    body = [
        *intro(agency, year),
        p("二、主动公开政府信息情况"),
        html_t2(V.ACTIVE_TOWN_2021, wps),
        p("三、收到和处理政府信息公开申请情况"),
        html_t3(table, "2021", wps, layout="two", blank=""),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        html_t4(V.REVIEW_TOWN, wps, layout="split"),
        *outro(),
    ]
    page = html_page(f"{agency}{year}年政府信息公开工作年度报告", body, head=head)
    notes = "sub-district (街道) WPS-exported HTML; blank 法人 cells are null; review table split in two rows"
    return page, expected(agency, year, "2021", V.ACTIVE_TOWN_2021, table, V.REVIEW_TOWN, notes)


ANNEX = """<p>本年度主动公开政府信息情况如下表：</p>
<table border="1" cellspacing="0">
<tr><td>公开渠道</td><td>发布数量（条）</td><td>较上年增减</td></tr>
<tr><td>政府门户网站</td><td>3,512</td><td>214</td></tr>
<tr><td>政务微博</td><td>1,207</td><td>-36</td></tr>
<tr><td>政务微信公众号</td><td>896</td><td>57</td></tr>
<tr><td>政府公报</td><td>12</td><td>0</td></tr>
<tr><td>新闻发布会</td><td>18</td><td>3</td></tr>
<tr><td>合计</td><td>5,645</td><td>238</td></tr>
</table>"""


def city_fullwidth_html() -> tuple[str, dict[str, Any]]:
    """Full-width digits, '1、' numbering, thousands separators, a statistics table in 总体情况
    before the statutory tables, and table 四 transposed to fifteen rows."""
    agency, year = "临川市人民政府", 2022

    def num(v: Any) -> str:
        return fullwidth(thousands(v))

    body = [
        *intro(agency, year),
        ANNEX,
        p("二、主动公开政府信息情况"),
        html_t2(V.ACTIVE_CITY_2021, split_spans, num=thousands),
        p("三、收到和处理政府信息公开申请情况"),
        html_t3(V.CITY_2021, "2021", split_spans, num=num, enum="、"),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        html_t4(V.REVIEW_CITY, bare, layout="transposed", num=fullwidth),
        *outro(),
    ]
    page = html_page(f"{agency}{year}年政府信息公开工作年度报告", body)
    notes = "full-width digits with thousands separators, 1、 numbering, unrelated statistics table before table 二, transposed table 四"
    return page, expected(
        agency, year, "2021", V.ACTIVE_CITY_2021, V.CITY_2021, V.REVIEW_CITY, notes
    )


def county_gbk_html() -> tuple[bytes, dict[str, Any]]:
    """2019 format, GB2312 page, 采购总金额 in 万元, 本年增/减 printed as -8 and －8."""
    agency, year = "南平县交通运输局", 2019
    active_print: dict[str, dict[str, Any]] = json.loads(json.dumps(V.ACTIVE_COUNTY_2019))
    active_print["行政处罚"]["本年增/减"] = "－8"
    body = [
        *intro(agency, year),
        p("二、主动公开政府信息情况"),
        html_t2(active_print, bare),
        p("三、收到和处理政府信息公开申请情况"),
        html_t3(V.COUNTY_2019, "2019", bare),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        html_t4(V.REVIEW_COUNTY, bare),
        *outro(),
    ]
    page = html_page(f"{agency}{year}年政府信息公开工作年度报告", body, charset="gb2312")
    notes = "GB2312-encoded 2019 report; amounts in 万元; negative deltas with ASCII and full-width minus"
    truth = expected(
        agency, year, "2019", V.ACTIVE_COUNTY_2019, V.COUNTY_2019, V.REVIEW_COUNTY, notes
    )
    return page.encode("gb18030"), truth


def town_traditional_html() -> tuple[str, dict[str, Any]]:
    from opencc import OpenCC

    page, truth = town_html()
    convert = OpenCC("s2t").convert
    page = convert(page)
    truth = json.loads(json.dumps(truth))  # the agency is reported in simplified characters
    truth["table_active"] = {convert(k): v for k, v in truth["table_active"].items()}
    truth["notes"] = "the town report in traditional characters (automatic conversion)"
    return page, truth


# -- text forms --------------------------------------------------------------------------------


def text_head(agency: str, year: int) -> list[str]:
    return [
        f"{agency}{year}年政府信息公开工作年度报告",
        "",
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，本机关认真贯彻落实政务公开工作要求。",
    ]


def _active_lines(active: dict[str, dict[str, Any]], num: Fmt) -> list[list[str]]:
    lines: list[list[str]] = []
    for label, cells in active.items():
        if label in CAPTIONS:
            lines += [[f"第二十条第{CAPTIONS[label]}项"], ["信息内容", *cells]]
        lines.append([label, *(num(v) for v in cells.values())])
    return lines


def _t3_lines(table: dict[str, list[Any]], fmt: str, num: Fmt, grid: bool) -> list[list[str]]:
    """Rows of table 三. grid=True: three label columns with merged cells left empty."""
    lines: list[list[str]] = []
    if grid:
        lines.append([NOTE, "", "", "申请人情况", "", "", "", "", "", ""])
        lines.append(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"])
        lines.append(["", "", "", "", *LEGAL, ""])
    else:
        lines.append([NOTE])
        lines.append(["申请人情况"])
        lines.append(["自然人", *LEGAL, "总计"])
    seen: set[str] = set()
    for rid, top, group, sub in printed_rows(fmt):
        values = [num(v) for v in table[rid]]
        if not grid:
            label = sub or group or top
            if group and sub and group not in seen:
                lines.append([group])
            seen.add(group)
            lines.append([label, *values])
            continue
        first = top if top not in seen else ""
        seen.add(top)
        if not group:
            lines.append([top, "", "", *values])
        elif not sub:
            lines.append([first, group, "", *values])
        else:
            lines.append([first, group if group not in seen else "", sub, *values])
            seen.add(group)
    return lines


def _t4_lines(review: dict[str, list[Any]], num: Fmt) -> list[list[str]]:
    values = [num(v) for k in V.REVIEW_KEYS for v in review[k]]
    return [
        ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
        [*REVIEW_PARTS, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        ["", "", "", "", "", *REVIEW_PARTS, *REVIEW_PARTS],
        values,
    ]


def city_tsv() -> tuple[str, dict[str, Any]]:
    """Excel 'save as tab-delimited text': merged cells become empty fields; one real error
    (the 复议 总计 printed 32 for parts summing to 33)."""
    agency, year = "临川市人民政府", 2023
    review = json.loads(json.dumps(V.REVIEW_CITY))
    review["复议"][4] = 32
    out = [*text_head(agency, year), "二、主动公开政府信息情况"]
    out += ["\t".join(r) for r in _active_lines(V.ACTIVE_CITY_2021, plain)]
    out.append("三、收到和处理政府信息公开申请情况")
    out += ["\t".join(r) for r in _t3_lines(V.CITY_2021, "2021", plain, grid=True)]
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    out += ["\t".join(r) for r in _t4_lines(review, plain)]
    out += ["五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "无。"]
    notes = "TSV export of the city tables; review group 复议 total wrong (32 vs 33)"
    return "\r\n".join(out) + "\r\n", expected(
        agency, year, "2021", V.ACTIVE_CITY_2021, V.CITY_2021, review, notes
    )


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _md_table(rows: list[list[str]], header: list[str] | None = None) -> list[str]:
    width = max(len(r) for r in rows + ([header] if header else []))
    header = header or rows.pop(0)
    header = header + [""] * (width - len(header))
    align = ["---:" if i else ":---" for i in range(width)]
    out = [_md_row(header), "|" + "|".join(align) + "|"]
    return out + [_md_row(r + [""] * (width - len(r))) for r in rows]


def county_markdown() -> tuple[str, dict[str, Any]]:
    """Another converter's Markdown: alignment rows, escaped pipes, merged cells repeated."""
    agency, year = "南平县交通运输局", 2020
    out = [f"# {agency}{year}年政府信息公开工作年度报告", ""]
    out += [
        "## 一、总体情况",
        "",
        "本年度依法做好政府信息公开工作（主动公开 \\| 依申请公开）。",
        "",
    ]
    out += ["## 二、主动公开政府信息情况", ""]
    active = _active_lines(V.ACTIVE_COUNTY_2019, plain)
    chunks: list[list[list[str]]] = []
    for line in active:
        if len(line) == 1:
            chunks.append([])
            out_caption = line[0]
            chunks[-1].append([out_caption])
        else:
            chunks[-1].append(line)
    for chunk in chunks:
        out += [f"**{chunk[0][0]}**", ""]
        out += [*_md_table(chunk[1:]), ""]
    out += ["## 三、收到和处理政府信息公开申请情况", ""]
    rows = []
    for rid, top, group, sub in printed_rows("2019"):
        values = [plain(v) for v in V.COUNTY_2019[rid]]
        rows.append([top, group or top, sub or group or top, *values])
    header = [NOTE, NOTE, NOTE, "自然人", *("法人或其他组织|" + c for c in LEGAL), "总计"]
    out += [*_md_table(rows, header), ""]
    out += ["## 四、政府信息公开行政复议、行政诉讼情况", ""]
    t4 = _t4_lines(V.REVIEW_COUNTY, plain)
    header = [f"行政复议|{p}" for p in REVIEW_PARTS]
    header += [f"行政诉讼|未经复议直接起诉|{p}" for p in REVIEW_PARTS]
    header += [f"行政诉讼|复议后起诉|{p}" for p in REVIEW_PARTS]
    out += [*_md_table([t4[-1]], header), ""]
    out += [
        "## 五、存在的主要问题及改进情况",
        "",
        "无。",
        "",
        "## 六、其他需要报告的事项",
        "",
        "无。",
    ]
    notes = "2020 report in the 2019 format, Markdown from another converter: multi-level headers joined with escaped pipes, merged label cells repeated"
    return "\n".join(out) + "\n", expected(
        agency, year, "2019", V.ACTIVE_COUNTY_2019, V.COUNTY_2019, V.REVIEW_COUNTY, notes
    )


def city_spaces_txt() -> tuple[str, dict[str, Any]]:
    """Copied text: one table row per line, cells separated by runs of spaces, thousands
    separators; one real error (自然人 of （一）予以公开 printed 521 instead of 512)."""
    agency, year = "临川市人民政府", 2021
    table = V.with_cell(V.CITY_2021, "r_open", 0, 521)
    out = [*text_head(agency, year), "二、主动公开政府信息情况"]
    out += ["    ".join(r) for r in _active_lines(V.ACTIVE_CITY_2021, thousands)]
    out.append("三、收到和处理政府信息公开申请情况")
    for row in _t3_lines(table, "2021", thousands, grid=False):
        out.append(row[0].ljust(30, "\u3000") + "".join(v.rjust(8) for v in row[1:]))
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    out.append("行政复议" + " " * 30 + "行政诉讼")
    out.append(" " * 40 + "未经复议直接起诉" + " " * 20 + "复议后起诉")
    out.append("   ".join(REVIEW_PARTS * 3))
    out.append("".join(plain(v).rjust(7) for k in V.REVIEW_KEYS for v in V.REVIEW_CITY[k]))
    out += ["五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "无。"]
    notes = "space-aligned plain text with thousands separators; r_open 自然人 521 breaks its row total and the outcome sum"
    return "\n".join(out) + "\n", expected(
        agency, year, "2021", V.ACTIVE_CITY_2021, table, V.REVIEW_CITY, notes
    )


# -- DOCX --------------------------------------------------------------------------------------


def _docx_t3(
    container,
    fmt: str,
    table: dict[str, list[Any]],
    rows: list[tuple[str, str, str, str]],
    header: bool,
):  # type: ignore[no-untyped-def]
    grid = container.add_table(rows=(3 if header else 0) + len(rows), cols=10)
    grid.style = "Table Grid"

    def merge(r0: int, c0: int, r1: int, c1: int, text: str) -> None:
        cell = (
            grid.cell(r0, c0)
            if (r0, c0) == (r1, c1)
            else grid.cell(r0, c0).merge(grid.cell(r1, c1))
        )
        cell.text = text

    base = 0
    if header:
        merge(0, 0, 2, 2, NOTE)
        merge(0, 3, 0, 9, "申请人情况")
        merge(1, 3, 2, 3, "自然人")
        merge(1, 4, 1, 8, "法人或其他组织")
        merge(1, 9, 2, 9, "总计")
        for c, label in enumerate(LEGAL, start=4):
            grid.cell(2, c).text = label
        base = 3
    outcome = [i for i, r in enumerate(rows) if r[2]]
    if outcome:
        first_label = "三、本年度办理结果" if rows[outcome[0]][0] in ("r_open",) else ""
        merge(base + outcome[0], 0, base + outcome[-1], 0, first_label)
    seen: set[str] = set()
    for i, (rid, top, group, sub) in enumerate(rows):
        r = base + i
        if not group:
            merge(r, 0, r, 2, top)
        elif not sub:
            merge(r, 1, r, 2, group)
        else:
            if group not in seen:
                span = sum(1 for x in rows if x[2] == group)
                start_of_group = printed_rows(fmt).index(rows[i])
                continues = start_of_group > 0 and printed_rows(fmt)[start_of_group - 1][2] == group
                merge(r, 1, r + span - 1, 1, "" if continues else group)
                seen.add(group)
            grid.cell(r, 2).text = sub
        for c, value in enumerate(table[rid], start=3):
            grid.cell(r, c).text = plain(value)


def _docx_t4(container, review: dict[str, list[Any]]):  # type: ignore[no-untyped-def]
    grid = container.add_table(rows=4, cols=15)
    grid.style = "Table Grid"
    grid.cell(0, 0).merge(grid.cell(0, 4)).text = "行政复议"
    grid.cell(0, 5).merge(grid.cell(0, 14)).text = "行政诉讼"
    for c, part in enumerate(REVIEW_PARTS):
        grid.cell(1, c).merge(grid.cell(2, c)).text = part
    grid.cell(1, 5).merge(grid.cell(1, 9)).text = "未经复议直接起诉"
    grid.cell(1, 10).merge(grid.cell(1, 14)).text = "复议后起诉"
    for c in range(10):
        grid.cell(2, 5 + c).text = REVIEW_PARTS[c % 5]
    for c, value in enumerate(v for k in V.REVIEW_KEYS for v in review[k]):
        grid.cell(3, c).text = plain(value)


def _docx_t2(container, active: dict[str, dict[str, Any]]):  # type: ignore[no-untyped-def]
    lines = _active_lines(active, plain)
    grid = container.add_table(rows=len(lines), cols=4)
    grid.style = "Table Grid"
    for r, line in enumerate(lines):
        if len(line) == 1:
            grid.cell(r, 0).merge(grid.cell(r, 3)).text = line[0]
            continue
        grid.cell(r, 0).text = line[0]
        rest = line[1:]
        if len(rest) == 3:
            for c, t in enumerate(rest, start=1):
                grid.cell(r, c).text = t
        elif len(rest) == 2:
            grid.cell(r, 1).text = rest[0]
            grid.cell(r, 2).merge(grid.cell(r, 3)).text = rest[1]
        else:
            grid.cell(r, 1).merge(grid.cell(r, 3)).text = rest[0]


def city_nested_docx() -> tuple[bytes, dict[str, Any]]:
    """The whole report inside a one-cell layout table (nested tables), and table 三 split
    into two Word tables at a page break in the middle of （三）不予公开 (header not repeated)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    agency, year = "临川市人民政府办公室", 2024
    doc = Document()
    doc.add_paragraph(f"{agency}{year}年政府信息公开工作年度报告")
    outer = doc.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "一、总体情况"
    cell.add_paragraph(f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    cell.add_paragraph("二、主动公开政府信息情况")
    _docx_t2(cell, V.ACTIVE_CITY_2021)
    cell.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = printed_rows("2021")
    cut = 7  # inside （三）不予公开: 1–3 before the break, 4–8 after it
    _docx_t3(cell, "2021", V.CITY_2021, rows[:cut], header=True)
    cell.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _docx_t3(cell, "2021", V.CITY_2021, rows[cut:], header=False)
    cell.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _docx_t4(cell, V.REVIEW_CITY)
    cell.add_paragraph("五、存在的主要问题及改进情况")
    cell.add_paragraph("六、其他需要报告的事项")
    buffer = io.BytesIO()
    doc.save(buffer)
    notes = "DOCX with the report inside a layout table; table 三 split over two Word tables at a page break"
    return buffer.getvalue(), expected(
        agency, year, "2021", V.ACTIVE_CITY_2021, V.CITY_2021, V.REVIEW_CITY, notes
    )


def county_error_docx() -> tuple[bytes, dict[str, Any]]:
    """2019-format Word report whose 结转下年度 自然人 is 1 too many (column balance broken)."""
    from docx import Document

    agency, year = "南平县交通运输局", 2020
    table = V.with_cell(V.COUNTY_2019, "carry_next", 0, V.COUNTY_2019["carry_next"][0] + 1)
    table["carry_next"][6] += 1
    doc = Document()
    doc.add_paragraph(f"{agency}{year}年政府信息公开工作年度报告")
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("二、主动公开政府信息情况")
    _docx_t2(doc, V.ACTIVE_COUNTY_2019)
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    _docx_t3(doc, "2019", table, printed_rows("2019"), header=True)
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _docx_t4(doc, V.REVIEW_COUNTY)
    doc.add_paragraph("五、存在的主要问题及改进情况")
    buffer = io.BytesIO()
    doc.save(buffer)
    notes = "2019-format DOCX; 结转下年度 自然人 and 总计 one too many (column balance fails twice)"
    return buffer.getvalue(), expected(
        agency, year, "2019", V.ACTIVE_COUNTY_2019, table, V.REVIEW_COUNTY, notes
    )


# -- PDF ---------------------------------------------------------------------------------------

PDF_CSS = """<style>
@page { size: A4; margin: 2cm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
td { border: 0.6pt solid #000; padding: 3pt; font-size: 9pt; text-align: center; }
</style>
"""


def _pdf(page: str) -> bytes:
    from weasyprint import HTML

    page = page.replace("</head>", PDF_CSS + "</head>", 1)
    return HTML(string=page).write_pdf()


def town_pdf() -> tuple[bytes, dict[str, Any]]:
    page, truth = town_html()
    truth["notes"] = (
        "the town report rendered to PDF (WeasyPrint): ruled tables, table 三 over a page break"
    )
    return _pdf(
        page.replace("<p>一、总体情况</p>", "<p>一、总体情况</p>" + "<p>本年度工作情况。</p>" * 12)
    ), truth


def county_pdf() -> tuple[bytes, dict[str, Any]]:
    data, truth = county_gbk_html()
    truth["notes"] = "the 2019 county report rendered to PDF"
    return _pdf(data.decode("gb18030")), truth


SAMPLES: dict[str, Callable[[], tuple[Any, dict[str, Any]]]] = {
    "town-2021-rowspan.html": town_html,
    "subdistrict-2021-wps.html": town_wps_html,
    "city-2021-fullwidth.html": city_fullwidth_html,
    "county-2019-gbk.html": county_gbk_html,
    "town-2021-traditional.html": town_traditional_html,
    "city-2021-error.tsv": city_tsv,
    "county-2019-converter.md": county_markdown,
    "city-2021-spaces-error.txt": city_spaces_txt,
    "city-2021-nested.docx": city_nested_docx,
    "county-2019-error.docx": county_error_docx,
    "town-2021.pdf": town_pdf,
    "county-2019.pdf": county_pdf,
}


# -- second round: layouts that broke nothing yet but are common in the wild -------------------


def excel_td(text: str) -> str:
    return text


def town_excel_html() -> tuple[str, dict[str, Any]]:
    """Excel 'save as web page': class=xl cells, x:num attributes, group labels in rows of
    their own with empty value cells, table 四 as three rows (one per group) of five values,
    a title naming only the town. One real error: （二）部分公开 自然人 and its 总计 one too many,
    so the outcome rows exceed （七）总计 while 一 + 二 = （七） + 四 still holds."""
    agency, year = "青山镇人民政府", 2021
    table = V.with_cell(V.TOWN_2021, "r_partial", 0, V.TOWN_2021["r_partial"][0] + 1)
    table["r_partial"][6] += 1
    rows = [
        '<table border=0 cellpadding=0 cellspacing=0 width=860 style="border-collapse:collapse;table-layout:fixed">'
    ]

    def xl(text: Any, cls: str = "xl66") -> str:
        if isinstance(text, int):
            return f'<td class=xl67 align=right x:num="{text}">{text}</td>'
        return f"<td class={cls}>{text}</td>" if text != "" else f"<td class={cls}>　</td>"

    rows.append(
        '<tr height=60><td colspan=2 rowspan=2 class=xl65 style="white-space:normal">'
        + NOTE
        + "</td><td colspan=7 class=xl65>申请人情况</td></tr>"
    )
    rows.append("<tr>" + "".join(xl(c, "xl65") for c in ["自然人", *LEGAL, "总计"]) + "</tr>")
    seen: set[str] = set()
    for rid, top, group, sub in printed_rows("2021"):
        values = "".join(xl(v) for v in table[rid])
        if not group:
            rows.append(f"<tr><td colspan=2 class=xl66>{top}</td>{values}</tr>")
            continue
        if sub and group not in seen:
            rows.append(f"<tr><td colspan=2 class=xl66>{group}</td>" + xl("") * 7 + "</tr>")
        seen.add(group)
        rows.append(f"<tr><td class=xl66></td><td class=xl66>{sub or group}</td>{values}</tr>")
    rows.append("</table>")
    review = [
        '<table border=0 cellpadding=0 cellspacing=0 style="border-collapse:collapse">',
        "<tr><td class=xl65>类别</td>" + "".join(xl(p_, "xl65") for p_ in REVIEW_PARTS) + "</tr>",
    ]
    names = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    for name, key in zip(names, V.REVIEW_KEYS, strict=True):
        review.append(
            f"<tr><td class=xl66>{name}</td>" + "".join(xl(v) for v in V.REVIEW_TOWN[key]) + "</tr>"
        )
    review.append("</table>")
    head = '<meta name=ProgId content=Excel.Sheet>\n<meta name=Generator content="Microsoft Excel 15">\n'
    body = [
        f"<p>青山镇{year}年政府信息公开工作年度报告</p>",
        p(f"本报告统计期限自{year}年1月1日起至{year}年12月31日止。"),
        p("一、总体情况"),
        p("二、主动公开政府信息情况"),
        html_t2(V.ACTIVE_TOWN_2021, bare),
        p("三、收到和处理政府信息公开申请情况"),
        "\n".join(rows),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        "\n".join(review),
        *outro(),
    ]
    page = html_page("政务公开", body, head=head)
    notes = "Excel-exported HTML; group label rows with empty value cells; review table one row per group; outcome rows exceed （七）总计 (error)"
    return page, expected(agency, year, "2021", V.ACTIVE_TOWN_2021, table, V.REVIEW_TOWN, notes)


def town_pdf_text() -> tuple[bytes, dict[str, Any]]:
    """Borderless tables (no ruling lines: only the PDF text layer can be read), narrow label
    columns that wrap, and table 三's header repeated on the next page (<thead>)."""
    agency, year = "江口市滨河街道办事处", 2022
    t3 = html_t3(V.TOWN_2021, "2021", bare)
    lines = t3.split("\n")
    t3 = "\n".join(
        [
            lines[0],
            "<thead>",
            *lines[1:4],
            "</thead>",
            "<tbody>",
            *lines[4:-1],
            "</tbody>",
            lines[-1],
        ]
    )
    body = (
        intro(agency, year)
        + [p("本年度工作情况。" * 20)] * 6
        + [
            p("二、主动公开政府信息情况"),
            html_t2(V.ACTIVE_TOWN_2021, bare),
            p("三、收到和处理政府信息公开申请情况"),
            t3,
            p("四、政府信息公开行政复议、行政诉讼情况"),
            html_t4(V.REVIEW_TOWN, bare),
            *outro(),
        ]
    )
    page = html_page(f"{agency}{year}年政府信息公开工作年度报告", body)
    css = """<style>
@page { size: A4; margin: 2cm; @bottom-center { content: "第 " counter(page) " 页"; } }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
td { padding: 2pt; font-size: 9pt; text-align: center; }
</style>
"""
    from weasyprint import HTML

    data = HTML(string=page.replace("</head>", css + "</head>", 1)).write_pdf()
    notes = "borderless tables in a PDF (text layer only), page numbers, table 三 header repeated after the page break"
    return data, expected(
        agency, year, "2021", V.ACTIVE_TOWN_2021, V.TOWN_2021, V.REVIEW_TOWN, notes
    )


def county_pdf_copy_txt() -> tuple[str, dict[str, Any]]:
    """Text copied out of a PDF viewer: labels wrapped onto two lines, numbers on a line of
    their own, a page footer and the repeated table header in the middle of table 三."""
    agency, year = "南平县交通运输局", 2019
    out = [*text_head(agency, year), "二、主动公开政府信息情况"]
    out += [" ".join(r) for r in _active_lines(V.ACTIVE_COUNTY_2019, plain)]
    out += [
        "三、收到和处理政府信息公开申请情况",
        NOTE[:20],
        NOTE[20:],
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计",
        *LEGAL,
    ]
    seen: set[str] = set()
    for i, (rid, top, group, sub) in enumerate(printed_rows("2019")):
        if group and group not in seen and sub:
            out.append(group)
        if group:
            seen.add(group)
        label = sub or group or top
        if len(label) > 12:
            out += [label[:12], label[12:]]
        else:
            out.append(label)
        out.append(" ".join(plain(v) for v in V.COUNTY_2019[rid]))
        if i == 10:
            out += ["- 3 -", "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"]
    out += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 行政诉讼"]
    out += ["结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉"]
    out += [" ".join(REVIEW_PARTS * 2)]
    out += [" ".join(plain(v) for k in V.REVIEW_KEYS for v in V.REVIEW_COUNTY[k])]
    out += ["五、存在的主要问题及改进情况", "无。"]
    notes = "text copied from a PDF viewer: wrapped labels, values on their own line, repeated header and page footer mid-table"
    return "\n".join(out) + "\n", expected(
        agency, year, "2019", V.ACTIVE_COUNTY_2019, V.COUNTY_2019, V.REVIEW_COUNTY, notes
    )


SAMPLES.update(
    {
        "town-2021-excel-error.html": town_excel_html,
        "subdistrict-2022-borderless.pdf": town_pdf_text,
        "county-2019-pdfcopy.txt": county_pdf_copy_txt,
    }
)


def county_webtext_txt() -> tuple[str, dict[str, Any]]:
    """A scraped page saved as text: breadcrumbs and a 来源 line, the title on two lines, one
    cell per line (empty cells kept as '0'), and a sentence with figures in section 四 before
    the review table."""
    agency, year = "东湖县人民政府办公室", 2023
    out = [
        "当前位置：首页 > 政务公开 > 政府信息公开年报",
        "来源：东湖县政务公开办　发布时间：2024-01-18　浏览次数：326",
        "东湖县人民政府办公室",
        f"{year}年政府信息公开工作年度报告",
        f"本报告统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况",
        f"{year}年，县政府办公室共主动公开政府信息1,326条，其中政策解读46条。",
        "二、主动公开政府信息情况",
    ]
    for line in _active_lines(V.ACTIVE_CITY_2021, plain):
        out += line
    out += ["三、收到和处理政府信息公开申请情况"]
    for line in _t3_lines(V.CITY_2021, "2021", plain, grid=False):
        out += line
    out += [
        "四、政府信息公开行政复议、行政诉讼情况",
        f"{year}年，本机关因政府信息公开工作被申请行政复议33件、提起行政诉讼23件，其中被纠错5件。",
    ]
    t4 = _t4_lines(V.REVIEW_CITY, plain)
    out += [c for row in t4 for c in row if c]
    out += ["五、存在的主要问题及改进情况", "一是……；二是……。", "六、其他需要报告的事项", "无。"]
    out += ["附件下载：", "【打印本页】【关闭窗口】"]
    notes = "scraped page as text: breadcrumbs, two-line title, one cell per line, figures in prose before table 四"
    return "\n".join(out) + "\n", expected(
        agency, year, "2021", V.ACTIVE_CITY_2021, V.CITY_2021, V.REVIEW_CITY, notes
    )


def bureau_html() -> tuple[str, dict[str, Any]]:
    """A crawled CMS page: navigation, a metadata table (索引号/发布机构/…) before the report,
    a '关于' title, and the review table outside the content container."""
    agency, year = "临川市生态环境局", 2022
    meta = (
        '<table class="xxgk-meta"><tr><td>索引号：</td><td>11361000MB1234567X/2023-00012</td>'
        "<td>发布机构：</td><td>临川市生态环境局</td></tr><tr><td>生成日期：</td><td>2023-01-29</td>"
        "<td>文号：</td><td>无</td></tr><tr><td>主题分类：</td><td>政务公开</td><td>有效性：</td>"
        "<td>有效</td></tr></table>"
    )
    nav = '<div class="nav"><a href="/">首页</a> &gt; <a>政务公开</a> &gt; <a>年度报告</a></div>'
    body = [
        nav,
        meta,
        '<div class="TRS_Editor">',
        f"<h2>{agency}关于{year}年度政府信息公开工作年度报告</h2>",
        p(f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"),
        p("一、总体情况"),
        p("二、主动公开政府信息情况"),
        html_t2(V.ACTIVE_TOWN_2021, split_spans),
        p("三、收到和处理政府信息公开申请情况"),
        html_t3(V.TOWN_2021, "2021", split_spans),
        p("四、政府信息公开行政复议、行政诉讼情况"),
        "</div>",
        '<div class="TRS_Editor2">',
        html_t4(V.REVIEW_TOWN, split_spans),
        *outro(),
        "</div>",
        '<div class="footer">主办单位：临川市人民政府办公室　网站标识码：3610000001　ICP备案号：赣ICP备12345678号</div>',
    ]
    page = html_page(f"{agency}关于{year}年度政府信息公开工作年度报告_临川市人民政府", body)
    notes = "crawled CMS page with metadata table, '关于' title, review table outside the content container"
    return page, expected(
        agency, year, "2021", V.ACTIVE_TOWN_2021, V.TOWN_2021, V.REVIEW_TOWN, notes
    )


SAMPLES.update(
    {
        "county-2023-webtext.txt": county_webtext_txt,
        "bureau-2022-crawled.html": bureau_html,
    }
)


def county_taiwan_html() -> tuple[str, dict[str, Any]]:
    """The 2019 county report through an automatic conversion with Taiwan vocabulary
    (信息 → 資訊, 文件 → 檔案, 项目 → 專案), as encyclopedia-style mirrors publish it."""
    from opencc import OpenCC

    data, truth = county_gbk_html()
    convert = OpenCC("s2twp").convert
    page = convert(data.decode("gb18030").replace("charset=gb2312", "charset=utf-8"))
    truth = json.loads(json.dumps(truth))
    truth["table_active"] = {
        convert(k): {c: v for c, v in cells.items()} for k, cells in truth["table_active"].items()
    }
    truth["notes"] = "2019 report converted to traditional characters with Taiwan vocabulary"
    return page, truth


SAMPLES["county-2019-taiwan.html"] = county_taiwan_html


def main(names: list[str]) -> None:
    for name, build in SAMPLES.items():
        if names and name not in names:
            continue
        data, truth = build()
        write(name, data, truth)
        print(name, len(truth["consistency_errors"]), "errors")


if __name__ == "__main__":
    main(sys.argv[1:])
