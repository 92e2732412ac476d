"""Demo catalogue: the seed work plan 太政办〔2019〕112号 with its interpretation, one item of
every category, a withdrawn and a repealed item — all made through the real services, the
clock moved to each publication day (time-machine, a dev dependency like the case demo)."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.agencies.models import Agency

from . import services, taxonomy
from .models import Item, Validity

PLAN_DOC_NO = "太政办〔2019〕112号"
SEED_FILE = taxonomy.DATA / "seed_workplan_2019_112.txt"  # ../shared/seeds/002_…
SHANGHAI = ZoneInfo("Asia/Shanghai")

# (category, title, 文号, 主题分类, 体裁, 成文日期, summary, body)
ITEMS = [
    ("20-01", "太仓市人民政府办公室关于印发太仓市行政规范性文件管理办法的通知", "太政办〔2019〕98号",
     "综合政务\\文秘工作", "通知", "2019-07-02", "规范行政规范性文件的制定、审核、备案和清理。",
     "行政规范性文件实行统一登记、统一编号、统一印发制度，有效期一般不超过五年。"),
    ("20-02", "太仓市人民政府办公室机构职能", "", "国务院组织机构\\其他", "其他", "2019-03-01",
     "太仓市人民政府办公室的主要职责、内设机构、办公地址和联系方式。",
     "太仓市人民政府办公室是市政府的办事机构，协助市政府领导处理市政府日常工作。"),
    ("20-03", "太仓市国民经济和社会发展第十三个五年规划纲要中期评估报告", "", "国民经济管理、国有资产监管\\宏观经济",
     "报告", "2019-04-10", "十三五规划纲要实施情况中期评估。", "规划纲要确定的主要指标总体进展顺利。"),
    ("20-04", "2019年太仓市国民经济和社会发展统计公报", "", "国民经济管理、国有资产监管\\统计", "公报",
     "2020-03-20", "2019年全市国民经济和社会发展主要统计数据。", "全年实现地区生产总值1410.6亿元。"),
    ("20-05", "太仓市政务服务事项清单（2019年版）", "", "综合政务\\政务公开", "通告", "2019-06-18",
     "行政许可和公共服务事项的依据、条件、程序。", "本清单列明事项名称、设定依据、办理条件、办理程序和办理时限。"),
    ("20-06", "太仓市人民政府办公室行政处罚和行政强制事项目录", "", "综合政务\\其他", "通告", "2019-06-20",
     "行政处罚、行政强制事项的依据、条件和程序。", "本目录所列事项依照《中华人民共和国行政处罚法》实施。"),
    ("20-07", "太仓市人民政府办公室2019年部门预算", "", "财政、金融、审计\\财政", "其他", "2019-02-15",
     "2019年部门收支预算总表及说明。", "2019年收入预算总计3520.18万元，支出预算总计3520.18万元。"),
    ("20-08", "太仓市行政事业性收费项目目录", "", "财政、金融、审计\\财政", "通告", "2019-05-08",
     "行政事业性收费项目及其依据、标准。", "本目录所列收费项目以外，任何单位不得擅自收费。"),
    ("20-09", "太仓市2019年政府集中采购目录及采购限额标准", "太政办〔2019〕12号", "财政、金融、审计\\财政",
     "通知", "2019-01-22", "政府集中采购目录、限额标准和实施情况。", "集中采购目录以内的项目应当委托集中采购机构采购。"),
    ("20-10", "太仓港区疏港高速公路项目批准和实施信息", "", "工业、交通\\公路", "其他", "2019-09-05",
     "重大建设项目的批准和实施情况。", "项目已取得省发展改革委核准批复，计划2021年建成通车。"),
    ("20-11", "太仓市2019年城乡居民基本医疗保险实施办法", "太政规〔2019〕3号", "劳动、人事、监察\\社会保障",
     "通知", "2019-10-11", "居民医保参保、缴费和待遇政策。", "城乡居民医保实行统一参保范围、统一筹资标准。"),
    ("20-12", "太仓市突发公共事件总体应急预案", "太政发〔2019〕45号", "综合政务\\应急管理", "通知",
     "2019-11-06", "突发公共事件的分级、预警和应对。", "突发公共事件按照社会危害程度分为四级。"),
    ("20-13", "2019年第三季度太仓市食品安全监督抽检信息", "", "市场监管、安全生产监管\\食品药品监管",
     "通告", "2019-10-15", "食品安全监督抽检结果。", "本季度共抽检食品样品612批次，合格率98.5%。"),
    ("20-14", "太仓市2019年度考试录用公务员拟录用人员名单公示", "", "劳动、人事、监察\\人事工作", "公告",
     "2019-08-01", "公务员招考职位、名额和拟录用人员。", "公示期为7天，如有异议请向市公务员主管部门反映。"),
    ("20-15", "太仓市2019年政府信息公开工作年度报告", "", "综合政务\\政务公开", "报告", "2020-01-20",
     "条例第四十九条规定的年度报告。", "本报告依据《中华人民共和国政府信息公开条例》编制。"),
    ("L-02", "市政府召开政务公开工作推进会", "", "综合政务\\政务公开", "其他", "2019-09-12",
     "部署下半年政务公开重点工作。", "会议要求各地各部门对照工作要点逐项推进落实。"),
    ("L-04", "太仓市2019年农村集体土地征收补偿安置方案公告", "", "国土资源、能源\\土地", "公告",
     "2019-07-19", "第二十一条规定的土地征收信息。", "被征收土地所在村应当自公告之日起十日内办理补偿登记。"),
    ("L-05", "太仓市人民政府办公室政府信息公开发布审查制度", "", "综合政务\\政务公开", "其他", "2019-05-20",
     "政府信息公开前的保密审查、个人信息审查和三审三校程序。",
     "拟公开的政府信息实行编辑初审、科室复审、领导终审，先审查、后公开，谁公开、谁审查。"),
]  # fmt: skip


def _subject(path: str) -> str:
    """The data file's label path, falling back to the class when a sub-class is not listed."""
    if path in dict(taxonomy.subject_choices()):
        return path
    return path.split(taxonomy.SUBJECT_SEPARATOR)[0]


def plan_from_seed(path: Path = SEED_FILE) -> dict[str, Any]:
    """The work plan's fields and body from the seed text."""
    lines = [
        re.sub(r"\[bookmark:[^\]]*\]", "", line).strip()
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    start = lines.index("太仓市2019年政务公开工作要点")
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines[start:] if line)
    return {
        "title": "市政府办公室关于印发《太仓市2019年政务公开工作要点》的通知",
        "doc_no": PLAN_DOC_NO,
        "written_on": dt.date(2019, 8, 16),
        "category": "L-03",
        "subject": "综合政务\\政务公开",
        "genre": "通知",
        "keywords": "政务公开 工作要点 政府信息公开条例",
        "summary": "印发太仓市2019年政务公开工作要点，部署政务运行、发布解读回应、重点领域公开、平台建设和基础支撑五方面工作。",
        "body": body,
    }


class Cast:
    def __init__(self) -> None:
        users = get_user_model().objects
        self.clerk = users.get(username="tc_clerk")
        self.reviewer = users.get(username="tc_reviewer")
        self.chief = users.get(username="tc_admin")


def _publish(cast: Cast, item: Item, day: dt.date, travel: Any) -> None:
    services.submit(cast.clerk, item)
    services.first_review(cast.reviewer, item, approve=True, comment="同意")
    services.second_review(cast.chief, item, approve=True, comment="同意发布")
    with travel(dt.datetime.combine(day, dt.time(10, 0), SHANGHAI), tick=False):
        services.publish(cast.chief, item)


@transaction.atomic
def seed_catalog() -> int:
    """Create the demo catalogue once; returns how many items were created (0 if present)."""
    import time_machine

    if Item.objects.filter(doc_no=PLAN_DOC_NO).exists():
        return 0
    agency = Agency.objects.get(code="TCBGS")
    cast = Cast()
    created = []
    plan = services.create_draft(cast.clerk, agency, **plan_from_seed())
    reading = services.create_draft(
        cast.clerk,
        agency,
        title="一图读懂《太仓市2019年政务公开工作要点》",
        category="L-01",
        subject="综合政务\\政务公开",
        genre="其他",
        written_on=dt.date(2019, 8, 16),
        summary="以问答形式解读2019年政务公开工作的五方面重点任务。",
        body="<p>问：今年政务公开的总体要求是什么？</p><p>答：以公开稳预期、强监督、促落实、优服务。</p>",
    )
    services.link_interpretation(cast.clerk, reading, plan, "graphic")
    services.submit(cast.clerk, reading)
    services.first_review(cast.reviewer, reading, approve=True)
    services.second_review(cast.chief, reading, approve=True)
    _publish(cast, plan, dt.date(2019, 8, 20), time_machine.travel)  # the reading goes with it
    created += [plan, reading]
    for category, title, doc_no, subject, genre, written, summary, text in ITEMS:
        written_on = dt.date.fromisoformat(written)
        item = services.create_draft(
            cast.clerk, agency, title=title, doc_no=doc_no, category=category,
            subject=_subject(subject), genre=genre, written_on=written_on, summary=summary,
            keywords=genre, body=f"<p>{html.escape(text)}</p>",
        )  # fmt: skip
        _publish(cast, item, written_on + dt.timedelta(days=5), time_machine.travel)
        created.append(item)
    repealed = next(i for i in created if i.doc_no == "太政办〔2019〕98号")
    services.mark_invalid(
        cast.chief, repealed, Validity.REPEALED, dt.date(2023, 6, 30), "被太政规〔2023〕2号废止"
    )
    expired = next(i for i in created if i.category == "20-12")
    services.mark_invalid(
        cast.chief, expired, Validity.EXPIRED, dt.date(2024, 12, 31), "有效期届满"
    )
    withdrawn = next(i for i in created if i.category == "20-14")
    services.withdraw(cast.chief, withdrawn, "公示期满，按规定撤回")
    _gazette(
        cast,
        [
            i
            for i in created
            if i.status == "published" and i.written_on and i.written_on.year == 2019
        ],
    )
    _guides()
    return len(created)


def _gazette(cast: Cast, items: list[Item]) -> None:
    """太仓市人民政府公报 2019年第3期: a PDF made from its table of contents."""
    from weasyprint import HTML

    from .gazette import publish_issue

    rows = "".join(f"<li>{html.escape(i.title)} {html.escape(i.doc_no)}</li>" for i in items)
    pdf = HTML(string=f"<h1>太仓市人民政府公报 2019年第3期</h1><ol>{rows}</ol>").write_pdf()
    tc = Agency.objects.get(code="TC")
    publish_issue(cast.chief, tc, 2019, 3, dt.date(2019, 12, 20), bytes(pdf or b""), items)


def _guides() -> None:
    """A 公开指南 for every demo agency that has someone who may publish it."""
    from gongkai.agencies import permissions as perm

    from .guides import initial_fields, publish_guide

    users = list(get_user_model().objects.filter(memberships__isnull=False).distinct())
    for agency in Agency.objects.order_by("path"):
        publisher = next((u for u in users if perm.can_publish_item(u, agency)), None)
        if publisher is None:
            continue
        fields = initial_fields(agency)
        fields.update(
            arrangement=(
                f"{agency.name}主动公开的政府信息按《中华人民共和国政府信息公开条例》第二十条"
                "分为机构职能、政策文件、规划计划、统计信息、财政资金、行政许可和处罚等类别，"
                "并按主题分类和体裁分类编排，每条信息标注索引号、发布机构、成文日期和有效性。"
            ),
            how_to_obtain="通过本网站“政府信息公开”专栏查阅、检索和下载；也可在政务服务中心、档案馆、公共图书馆的查阅点查阅。",
            application=(
                "公民、法人或者其他组织可以通过网上申请、信函、传真、当面提交等方式申请获取政府信息。"
                "申请内容应当包括申请人的姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述。"
                "本机关收到申请能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；需要延长的，延长期限最长不超过20个工作日。"
            ),
            remedies="认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。",
        )
        fields["office_name"] = fields.get("office_name") or agency.name
        for key, default in (
            ("address", "见机关网站"),
            ("office_hours", "工作日 8:30—17:00"),
            ("phone", "12345"),
        ):
            fields[key] = fields.get(key) or default
        publish_guide(publisher, agency, **fields)
