"""The seed work plan 太政办〔2019〕112号 split into its real tasks, for the demo.

The plan's text (the catalogue's seed file) has five parts (一、…) of numbered items
(（一）…). Each item is one task: its heading sentence is the title, the rest its content.
The plan assigns them to 各区镇、市各有关部门 and asks that their implementation go into the
annual report, so each task is due by the end of 2019 and falls to the demo agencies of 太仓.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.catalog.demo import PLAN_DOC_NO, SEED_FILE
from gongkai.catalog.models import Item

from . import services
from .models import TaskStatus, WorkPlan

SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
ITEM = re.compile(r"^（([一二三四五六七八九十]+)）([^。]+)。(.*)$")
DUE = dt.date(2019, 12, 31)
EVIDENCE = "公开目录中的相关条目链接，或工作方案、制度文件"


@dataclass(frozen=True)
class SeedTask:
    section: str
    title: str
    detail: str


def tasks_from_seed(path: Path = SEED_FILE) -> list[SeedTask]:
    lines = [
        re.sub(r"\[bookmark:[^\]]*\]", "", line).strip()
        for line in path.read_text("utf-8").splitlines()
    ]
    section, found = "", []
    for line in lines:
        if m := SECTION.match(line):
            section = f"{m[1]}、{m[2]}"
        elif (m := ITEM.match(line)) and section:
            found.append(SeedTask(section, m[2], m[3].strip()))
    return found


# What the demo agencies reported (agency code, task position, status, text, reported on).
PROGRESS = [
    (
        "TCBGS",
        1,
        TaskStatus.DONE,
        "重大决策预公开目录已发布，全年公开决策草案12件，均公布意见采纳情况。",
        "2019-11-20",
    ),
    (
        "TCBGS",
        2,
        TaskStatus.DONE,
        "政府工作报告重点工作分解及季度进展在门户网站专栏公开。",
        "2019-12-10",
    ),
    (
        "TCBGS",
        6,
        TaskStatus.IN_PROGRESS,
        "政策简明问答已覆盖8项政策，其余政策解读材料正在编制。",
        "2019-12-20",
    ),
    (
        "TCBGS",
        13,
        TaskStatus.DONE,
        "已建立并公开失效文件清单，可在门户网站“失效文件清单”栏目查询。",
        "2019-12-05",
    ),
    (
        "TCBGS",
        16,
        TaskStatus.DONE,
        "已创办《太仓市人民政府公报》，电子公报在门户网站发布并提供下载。",
        "2019-12-30",
    ),
    (
        "TCGQ",
        1,
        TaskStatus.IN_PROGRESS,
        "港区规划调整方案已征求意见，采纳情况待汇总后公开。",
        "2019-12-18",
    ),
    ("TCGQ", 3, TaskStatus.DONE, "行政执法公示信息已在港区门户网站公开。", "2020-01-08"),
]


@transaction.atomic
def seed_workplan() -> int:
    """Publish the plan with its tasks and the demo progress once; returns the task count."""
    if WorkPlan.objects.filter(doc_no=PLAN_DOC_NO).exists():
        return 0
    users = get_user_model().objects
    chief, clerk = users.get(username="tc_admin"), users.get(username="tc_clerk")
    port_clerk = users.get(username="gq_clerk")
    government = Agency.objects.get(code="TC")
    responsible = list(Agency.objects.filter(code__in=["TCBGS", "TCGQ"]).order_by("path"))
    item = Item.objects.published().filter(doc_no=PLAN_DOC_NO).first()
    plan = services.create_plan(
        chief, government, 2019, "太仓市2019年政务公开工作要点", PLAN_DOC_NO, item
    )
    seeds = tasks_from_seed()
    for seed in seeds:
        services.add_task(
            chief, plan, seed.title, DUE, responsible,
            section=seed.section, detail=seed.detail, evidence=EVIDENCE,
        )  # fmt: skip
    services.publish_plan(chief, plan, dt.date(2019, 8, 16))
    reporters = {"TCBGS": clerk, "TCGQ": port_clerk}
    for code, position, status, text, day in PROGRESS:
        assignment = plan.tasks.get(position=position).assignments.get(agency__code=code)
        evidence = [item] if item and code == "TCBGS" and position == 1 else []
        services.report_progress(
            reporters[code], assignment, status, text,
            items=evidence, on=dt.date.fromisoformat(day),
        )  # fmt: skip
    return len(seeds)
