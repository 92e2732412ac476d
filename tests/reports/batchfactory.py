"""Many distinct report files for batch tests and the province benchmark.

Each file is a corpus document in a text or HTML form with its printed agency replaced, or a
DOCX / tab-separated text built from a corpus truth (docxfactory, textfactory) for a made-up
agency and year. No file names a real agency beyond the corpus's own; PDFs are left out.
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import textfactory
from docxfactory import build_docx
from reportcorpus import CORPUS, corpus_names, meta, truth

COUNTIES = [
    "青石县", "白河县", "东岭县", "西川县", "南屏县", "北塘县", "清溪县", "松阳镇",
    "平原县", "长丰县", "安和县", "永宁县", "临江县", "枫林县", "石门县", "云山县",
]  # fmt: skip
BUREAUS = [
    "人民政府", "教育局", "民政局", "财政局", "司法局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "人力资源和社会保障局", "自然资源局",
    "住房和城乡建设局", "生态环境局",
]  # fmt: skip
PLACEHOLDER = "占位机关名称"
BROKEN = [
    ("不是年度报告.txt", "这是一份会议通知，与政府信息公开工作年度报告无关。\n".encode()),
    ("损坏的文件.docx", b"PK\x03\x04 not really a word document"),
]


def agency(index: int) -> str:
    """A distinct made-up agency for every index below len(COUNTIES) * len(BUREAUS) * 10."""
    county = COUNTIES[index % len(COUNTIES)]
    bureau = BUREAUS[(index // len(COUNTIES)) % len(BUREAUS)]
    district = index // (len(COUNTIES) * len(BUREAUS))
    return f"{'东南西北中上下前后新'[district]}{county}{bureau}" if district else county + bureau


@functools.cache
def _templates() -> list[tuple[str, str, str]]:
    """(suffix, text, printed agency) of each corpus document in a text or HTML form."""
    from gongkai.reports.ingest import parse_bytes

    found = []
    for name in corpus_names():
        path = next((CORPUS / name).glob("source.*"))
        if path.suffix == ".pdf":
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        printed = parse_bytes(path.read_bytes(), path.name).agency
        if not printed or printed not in text:
            continue
        # keep only documents whose printed name is read from the places we replace
        probe = text.replace(printed, "青石县人民政府").encode()
        if parse_bytes(probe, path.name).agency == "青石县人民政府":
            found.append((path.suffix, text, printed))
    return found


@functools.cache
def _truths() -> list[dict]:
    return [truth(n) for n in corpus_names() if "figures" not in truth(n)]


@functools.cache
def _docx_template(which: int) -> bytes:
    return build_docx(_truths()[which], PLACEHOLDER, 2019)


def _docx(which: int, name: str, year: int) -> bytes:
    """A built DOCX with its title rewritten: building one takes seconds, this milliseconds."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_docx_template(which))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                title = f"{name}{year}年".encode()
                data = data.replace(f"{PLACEHOLDER}2019年".encode(), title, 1)
            target.writestr(item, data)
    return out.getvalue()


def report_file(index: int) -> tuple[str, bytes]:
    """The index-th file: corpus text/HTML, then DOCX, then TSV built from a truth, in turn."""
    name = agency(index)
    kind = index % 3
    if kind == 0 and _templates():
        suffix, text, printed = _templates()[(index // 3) % len(_templates())]
        return f"{index:04d}-{name}{suffix}", text.replace(printed, name).encode()
    expected = _truths()[(index // 3) % len(_truths())]
    year = 2019 + index % 6
    if kind == 1:
        return f"{index:04d}-{name}{year}.docx", _docx(
            (index // 3) % min(3, len(_truths())), name, year
        )
    return f"{index:04d}-{name}{year}.txt", textfactory.tsv(expected, name, year).encode()


def write_batch(folder: Path, count: int, broken: int = 0) -> list[Path]:
    """`count` files in `folder`, the last `broken` of them unreadable; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        if index >= count - broken:
            filename, data = BROKEN[index % len(BROKEN)]
            filename = f"{index:04d}-{filename}"
        else:
            filename, data = report_file(index)
        path = folder / filename
        path.write_bytes(data)
        paths.append(path)
    return paths


__all__ = ["agency", "meta", "report_file", "write_batch"]
