"""The catalogue's fixed vocabularies, read from the data files beside this module.

- categories.json — 条例第二十条 (一)–(十五) and the local extras;
- subjects.json   — 主题分类: 22 classes, 121 sub-classes (gov.cn), stored as a label path
                    "综合政务\\政务公开";
- genres.json     — 体裁分类: the 15 公文种类 of 中办发〔2012〕14号 第八条, and 其他.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SUBJECT_SEPARATOR = "\\"


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@cache
def category_choices() -> list[tuple[str, str]]:
    return [(code, label) for code, label in _load("categories.json")["categories"]]


@cache
def subject_classes() -> list[dict]:
    return list(_load("subjects.json")["classes"])


@cache
def subject_choices() -> list[tuple[str, str]]:
    """Every class and sub-class as (label path, label path)."""
    out = []
    for cls in subject_classes():
        out.append((cls["name"], cls["name"]))
        for child in cls["children"]:
            path = f"{cls['name']}{SUBJECT_SEPARATOR}{child}"
            out.append((path, path))
    return out


@cache
def genre_choices() -> list[tuple[str, str]]:
    return [(g, g) for g in _load("genres.json")["genres"]]


def wording_rules() -> list[dict]:
    return list(_load("wording.json")["rules"])


# 文号 per GB/T 9704-2012 §7.2.4: 代字〔年份〕序号号. Sites write the brackets many ways.
_DOC_NO_YEAR = re.compile(r"[\[\(（［【〔]\s*(\d{4})\s*[\]\)）］】〕]")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def normalise_doc_no(value: str) -> str:
    """`太政办[2019]112号`, `太政办（2019）第112号` → `太政办〔2019〕112号`."""
    value = (value or "").strip().translate(_FULLWIDTH_DIGITS)
    value = re.sub(r"\s+", "", value)
    value = _DOC_NO_YEAR.sub(r"〔\1〕", value)
    # serial without leading zeros and without 第 (GB/T 9704)
    return re.sub(r"〕第?0*(\d+)号", r"〕\1号", value)
