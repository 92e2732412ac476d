"""The demo's cases, drawn from the seed documents (2019 reports of 太仓市, 苏州市
政府办, 太仓港区, 常熟市 and 太政办〔2019〕112号): 征地补偿安置方案, 财政决算,
政府集中采购, 常务会议, 行政处罚, 规划许可, 不动产登记, 政府公报, 既有多层住宅增设电梯,
湖鹤村火灾, 万达广场事故, 水源地水质 …

Closed cases carry fixed dates in 2025–2026 on the real calendar (春节, 国庆,
调休). Open cases are placed a number of working days before the day the demo
is built, so whenever it is built there is one due soon, one overdue, one
waiting for a correction, one in consultation, one waiting for a fee, one
awaiting approval, and one whose deadline runs into a year not yet announced.
Every decision type appears, and every appeal kind with every result.
"""

from __future__ import annotations

import datetime as dt

from gongkai.core.calendar import WorkCalendar

from .people import ORGS as O
from .people import PEOPLE as P
from .timeline import Timeline

D = dt.date
THIRD = ["third_party"]


def back(cal: WorkCalendar, today: dt.date, n: int) -> dt.date:
    """The day from which `n` working days run up to `today`."""
    d = today
    while cal.working_days_between(d, today) < n or not cal.is_workday(d):
        d -= dt.timedelta(days=1)
    return d


def ems(n: int) -> str:
    return f"中国邮政EMS挂号 {1186234500000 + n * 7919}，妥投记录附卷"


def mail_log(address: str, day: dt.date) -> str:
    return f"已发送至 {address}（系统发信记录 {day.isoformat()}）"


def tell(t: Timeline, cal: WorkCalendar, today: dt.date) -> None:
    taicang_2025(t)
    taicang_2026(t)
    taicang_open(t, cal, today)
    port_zone(t, cal, today)
    suzhou(t, cal, today)
    changshu(t, cal, today)


# -- 太仓市人民政府办公室: every decision type --------------------------------------------


def taicang_2025(t: Timeline) -> None:  # a script, read top to bottom
    s = t.story(
        "tc-budget", "TCBGS", P["zhang"], "太仓市2024年本级财政决算及“三公”经费决算情况说明"
    )
    s.register("in_person", D(2025, 2, 10))
    s.decide(
        "disclose",
        D(2025, 2, 24),
        D(2025, 2, 26),
        "该信息属于应当公开的财政预决算信息。",
        provided_form="electronic",
    )
    s.deliver(D(2025, 2, 26), "email", mail_log("zhangming@example.com", D(2025, 2, 26)))

    s = t.story("tc-public", "TCBGS", P["lu"], "《太仓市优化营商环境实施方案》全文及政策解读")
    s.online(D(2025, 3, 3), "21:14", confirmed=D(2025, 3, 4))
    s.decide(
        "already_public",
        D(2025, 3, 10),
        D(2025, 3, 11),
        "该信息已在太仓市人民政府门户网站“政府信息公开—政策文件”栏目主动公开，可自行查阅下载。",
    )
    s.deliver(D(2025, 3, 11), "email", mail_log("luxuefang@example.com", D(2025, 3, 11)))

    s = t.story(
        "tc-late", "TCBGS", P["qian"], "太仓市2024年度政府性基金预算执行情况及专项债券资金使用情况"
    )
    s.register("post_signed", D(2025, 3, 17))
    s.decide(
        "disclose",
        D(2025, 4, 16),
        D(2025, 4, 18),
        "该信息属于财政预决算信息，予以公开。",
        provided_form="paper",
    )
    s.deliver(D(2025, 4, 18), "post", ems(1))

    s = t.story(
        "tc-landpay",
        "TCBGS",
        O["lawfirm"],
        "太仓市城厢镇东林村2024年第1批次村镇建设用地征地补偿安置方案及补偿款发放明细",
        doc_number_sought="太政地〔2024〕17号",
    )
    s.register("post_signed", D(2025, 4, 14))
    s.consult(
        D(2025, 4, 16),
        "third_party",
        "太仓市城厢镇东林村股份经济合作社",
        "拟公开补偿款发放明细，其中含被征地农户姓名、银行账号和补偿金额",
        (
            D(2025, 4, 29),
            "object",
            "同意公开补偿标准和补偿总额；不同意公开农户个人账号及逐户金额。",
        ),
    )
    s.decide(
        "partial",
        D(2025, 5, 8),
        D(2025, 5, 12),
        "补偿款发放明细中农户的银行账号、身份证号码和逐户补偿金额属于个人隐私，第三方不同意公开，已作区分处理。",
        grounds=THIRD,
        provided_form="electronic",
    )
    s.deliver(D(2025, 5, 12), "email", mail_log("loudonglaw@example.com", D(2025, 5, 12)))
    review = s.appeal(
        "review",
        D(2025, 6, 9),
        "太政复〔2025〕23号",
        ("maintained", D(2025, 8, 4), "复议机关决定维持原答复。"),
    )
    s.appeal(
        "lit_after",
        D(2025, 8, 18),
        "（2025）苏0585行初112号",
        ("maintained", D(2026, 3, 16), "判决驳回原告诉讼请求。"),
        after=review,
    )

    s = t.story(
        "tc-airdefence", "TCBGS", P["zhu"], "太仓港区人民防空工程总体规划及防空警报设施布局图"
    )
    s.register("in_person", D(2025, 5, 12))
    s.decide(
        "deny_state_secret",
        D(2025, 5, 26),
        D(2025, 5, 28),
        "经市国防动员办公室确认，该规划图件已依法确定为国家秘密。",
    )
    s.deliver(D(2025, 5, 29), "post", ems(2))

    s = t.story("tc-census", "TCBGS", P["qian"], "第五次全国经济普查中太仓市某企业填报的原始普查表")
    s.register("post_signed", D(2025, 6, 3))
    s.decide(
        "deny_law_forbids",
        D(2025, 6, 17),
        D(2025, 6, 19),
        "依照《中华人民共和国统计法》，统计调查中获得的能够识别单个统计调查对象的资料不得对外提供。",
    )
    s.deliver(D(2025, 6, 20), "post", ems(3))

    s = t.story(
        "tc-hazchem",
        "TCBGS",
        P["ma"],
        "太仓港区危险化学品储罐区消防设施、视频监控点位和安防巡逻路线图",
    )
    s.online(D(2025, 6, 15), "20:40", confirmed=D(2025, 6, 16))
    s.decide(
        "deny_four_securities",
        D(2025, 6, 30),
        D(2025, 7, 2),
        "公开储罐区安防点位和巡逻路线，可能危及公共安全。",
    )
    s.deliver(D(2025, 7, 2), "email", mail_log("maxiaodong@example.com", D(2025, 7, 2)))

    s = t.story(
        "tc-bidders",
        "TCBGS",
        O["realty"],
        "太仓市2025年第8号国有建设用地使用权挂牌出让中其他竞买人提交的财务报表和资信证明",
    )
    s.register("in_person", D(2025, 7, 7))
    s.consult(
        D(2025, 7, 9),
        "third_party",
        "太仓市某置业有限公司（竞买人）",
        "拟公开贵公司参加竞买时提交的财务报表和资信证明",
        (D(2025, 7, 22), "object", "涉及本公司商业秘密，不同意公开。"),
    )
    s.decide(
        "deny_third_party",
        D(2025, 7, 30),
        D(2025, 8, 1),
        "第三方认为涉及其商业秘密，理由合理，公开会损害第三方合法权益。",
    )
    s.deliver(D(2025, 8, 1), "email", mail_log("jcrealty@example.com", D(2025, 8, 1)))

    s = t.story(
        "tc-appraisal", "TCBGS", P["huang"], "太仓市人民政府办公室2024年度工作人员年度考核等次名单"
    )
    s.register("in_person", D(2025, 7, 21))
    s.decide(
        "deny_internal_affairs", D(2025, 8, 4), D(2025, 8, 6), "该信息属于人事管理内部事务信息。"
    )
    s.deliver(D(2025, 8, 7), "post", ems(4))

    s = t.story(
        "tc-minutes",
        "TCBGS",
        P["zhou"],
        "市政府第32次常务会议讨论《太仓市2019年政务公开工作要点》时的会议记录及各部门征求意见稿",
    )
    s.register("in_person", D(2025, 8, 4))
    s.decide(
        "deny_process_info",
        D(2025, 8, 18),
        D(2025, 8, 20),
        "会议记录和征求意见稿属于过程性信息；《太仓市2019年政务公开工作要点》（太政办〔2019〕112号）"
        "正式文本已主动公开。",
    )
    s.deliver(D(2025, 8, 20), "email", mail_log("zhoulijun@example.com", D(2025, 8, 20)))
    s.appeal(
        "lit_direct",
        D(2025, 9, 15),
        "（2025）苏0585行初148号",
        ("corrected", D(2026, 1, 21), "判决撤销答复，责令重新答复：部分意见稿已不属过程性信息。"),
    )

    s = t.story(
        "tc-penalty",
        "TCBGS",
        P["wang"],
        "对本人在城厢镇东林村十一组违法建设作出的行政处罚案卷全部材料（含调查询问笔录、现场勘验记录）",
    )
    s.register("post_signed", D(2025, 8, 18))
    s.decide(
        "deny_enforcement_file",
        D(2025, 9, 1),
        D(2025, 9, 3),
        "该信息属于行政执法案卷信息；行政处罚决定书已依法送达申请人本人。",
    )
    s.deliver(D(2025, 9, 4), "post", ems(5))
    s.appeal(
        "review",
        D(2025, 9, 22),
        "太政复〔2025〕41号",
        ("corrected", D(2025, 11, 14), "复议机关责令重新答复：当事人可依法查阅本人案卷。"),
    )

    s = t.story(
        "tc-procure",
        "TCBGS",
        P["gu"],
        "2019年以来太仓市政府集中采购项目清单及“依申请公开信息化办理系统”采购合同文本",
    )
    s.register("in_person", D(2025, 9, 1))
    s.extend(
        20,
        "涉及2019年以来的采购档案，需市财政局、公共资源交易中心协助调取，不能在规定期限内答复。",
        D(2025, 9, 22),
        D(2025, 9, 23),
    )
    s.letter("extension", D(2025, 9, 23))
    s.decide(
        "disclose",
        D(2025, 10, 27),
        D(2025, 10, 29),
        "该信息属于政府集中采购信息，予以公开。",
        provided_form="electronic",
    )
    s.deliver(D(2025, 10, 29), "email", mail_log("gujianping@example.com", D(2025, 10, 29)))

    s = t.story("tc-registry", "TCBGS", P["xu"], "城厢镇弇山西路某号房屋的不动产登记簿及权利人信息")
    s.register("in_person", D(2025, 9, 1), hm="14:30")
    s.decide(
        "special_law_query",
        D(2025, 9, 9),
        D(2025, 9, 10),
        "不动产登记资料查询适用《不动产登记暂行条例》，请持身份证明至太仓市不动产登记中心申请查询。",
    )
    s.deliver(D(2025, 9, 12), "pickup", "申请人当面签收")

    s = t.story(
        "tc-oldstreet", "TCBGS", P["pu"], "2003年城厢镇老街改造拆迁安置协议原件及安置房分配名单"
    )
    s.register("post_signed", D(2025, 9, 10))
    s.decide(
        "not_exist",
        D(2025, 9, 24),
        D(2025, 9, 26),
        "经检索本机关档案及向市档案馆移交的目录，本机关未制作、获取该信息。",
    )
    s.deliver(D(2025, 9, 26), "post", ems(6))

    s = t.story("tc-permit", "TCBGS", P["shen"], "浏河镇郑和中路某地块的建设工程规划许可证及附图")
    s.online(D(2025, 9, 21), "10:03", confirmed=D(2025, 9, 22))
    s.decide(
        "not_our_info",
        D(2025, 9, 29),
        D(2025, 9, 30),
        "该信息由太仓市自然资源和规划局制作并保存。",
        responsible_organ="太仓市自然资源和规划局（太仓市上海东路188号，电话0512-53521234）",
    )
    s.deliver(D(2025, 9, 30), "email", mail_log("shenhaiyan@example.com", D(2025, 9, 30)))

    s = t.story(
        "tc-analysis",
        "TCBGS",
        O["institute"],
        "2015—2024年太仓市各镇（区）征地面积、补偿标准及安置人数的年度统计和对比分析",
    )
    s.register("in_person", D(2025, 10, 13))
    s.decide(
        "needs_creation",
        D(2025, 10, 27),
        D(2025, 10, 29),
        "本机关没有现成信息，需要对现有信息进行汇总、加工、分析才能形成。",
    )
    s.deliver(D(2025, 10, 29), "email", mail_log("research@example.com", D(2025, 10, 29)))

    s = t.story("tc-vague", "TCBGS", P["jin"], "市政府关于我家房子的所有文件")
    s.register("in_person", D(2025, 10, 20))
    s.correction(
        D(2025, 10, 22), "请写明所需文件的名称、文号或形成时间；\n请写明房屋坐落的具体位置。"
    )
    s.corrected(D(2025, 11, 3), "需要政府关于我家房子的全部文件，房子在城厢镇。")
    s.decide(
        "unclear_after_correction",
        D(2025, 11, 17),
        D(2025, 11, 19),
        "补正后仍未写明所需信息的名称、文号或其他特征性描述。",
    )
    s.deliver(D(2025, 11, 20), "post", ems(7))

    s = t.story(
        "tc-complaint",
        "TCBGS",
        P["wu"],
        "举报小区物业公司违规收取停车费，要求政府查处并公开处理结果",
    )
    s.register("post_ordinary", D(2025, 11, 3), confirmed=D(2025, 11, 3))
    s.decide(
        "petition",
        D(2025, 11, 10),
        D(2025, 11, 12),
        "申请内容属于投诉举报，已告知可向太仓市住房和城乡建设局或12345热线反映。",
    )
    s.deliver(D(2025, 11, 13), "post", ems(8))
    s.appeal("review", D(2026, 10, 19), "太政复〔2026〕87号")

    s = t.story("tc-repeat", "TCBGS", P["pu"], "2003年城厢镇老街改造拆迁安置协议原件")
    s.register("post_signed", D(2025, 11, 17))
    s.decide(
        "repeat",
        D(2025, 11, 24),
        D(2025, 11, 26),
        "本机关已于2025年9月26日就相同内容作出答复，申请人重复申请。",
    )
    s.deliver(D(2025, 11, 27), "post", ems(9))

    s = t.story("tc-gazette", "TCBGS", P["yang"], "《太仓市人民政府公报》2024年全年各期纸质版")
    s.online(D(2025, 11, 30), "22:10", confirmed=D(2025, 12, 1))
    s.decide(
        "publication",
        D(2025, 12, 4),
        D(2025, 12, 5),
        "政府公报属于公开出版物，可在太仓市图书馆、档案馆查阅，或在市政府门户网站“政府公报”栏目下载。",
    )
    s.deliver(D(2025, 12, 5), "email", mail_log("yangfan@example.com", D(2025, 12, 5)))

    s = t.story("tc-mass", "TCBGS", P["shao"], "城厢镇各村2000年以来的全部村民代表会议记录")
    s.register("in_person", D(2025, 12, 8))
    s.decide(
        "unreasonable_mass",
        D(2025, 12, 15),
        D(2025, 12, 17),
        "申请人本月已提交申请45件，数量、频次明显超过合理范围，经要求说明理由，未能提供正当理由。",
    )
    s.deliver(D(2025, 12, 18), "post", ems(10))
    review = s.appeal(
        "review",
        D(2026, 1, 12),
        "太政复〔2026〕4号",
        ("maintained", D(2026, 3, 5), "复议机关决定维持原答复。"),
    )
    s.appeal("lit_after", D(2026, 3, 20), "（2026）苏0585行初57号", after=review)

    s = t.story(
        "tc-envcopies",
        "TCBGS",
        P["shao"],
        "城厢镇2015年以来全部建设项目环境影响评价批复的纸质复印件",
    )
    s.register("in_person", D(2025, 10, 27))
    s.fee(D(2025, 10, 30), D(2025, 10, 31), pages=250)
    s.abandon(D(2025, 12, 1))

    s = t.story(
        "tc-paidcopy",
        "TCBGS",
        O["logistics"],
        "2022—2025年市政府常务会议纪要中涉及太仓港区物流园区规划调整的部分（纸质复印件）",
    )
    s.register("in_person", D(2025, 11, 3))
    s.fee(
        D(2025, 11, 6), D(2025, 11, 7), pages=68, paid=(D(2025, 11, 12), "苏财通3205852025110012")
    )
    s.decide(
        "disclose",
        D(2025, 12, 1),
        D(2025, 12, 3),
        "该信息已形成正式文件，予以公开。",
        provided_form="paper",
    )
    s.deliver(D(2025, 12, 4), "post", ems(11))

    s = t.story("tc-nocorrection", "TCBGS", P["li"], "关于拆迁的文件")
    s.register("post_ordinary", D(2025, 11, 24), confirmed=D(2025, 11, 25))
    s.correction(
        D(2025, 11, 27), "请写明所需文件涉及的拆迁项目名称、地点或文号；\n请补充身份证明复印件。"
    )
    s.abandon(D(2025, 12, 22))
    s.letter("closure", D(2025, 12, 22))

    s = t.story("tc-withdrawn", "TCBGS", P["gong"], "太仓市2025年秋季学期义务教育阶段学校招生范围")
    s.register("email", D(2025, 12, 15), confirmed=D(2025, 12, 15))
    s.withdraw(D(2025, 12, 17), "申请人来电表示已在市教育局网站查到相关信息，并书面撤回申请。")

    s = t.story(
        "tc-elevator",
        "TCBGS",
        P["lu"],
        "太仓市城厢镇2025年老旧小区改造项目（既有多层住宅增设电梯）补助资金拨付情况",
    )
    s.register("in_person", D(2025, 12, 22))
    s.consult(
        D(2025, 12, 29),
        "agency",
        "太仓市住房和城乡建设局",
        "该信息由两机关共同形成，征求是否同意公开",
        (D(2026, 1, 14), "consent", "同意公开。"),
    )
    s.decide("disclose", D(2026, 1, 26), D(2026, 1, 28), "予以公开。", provided_form="electronic")
    s.deliver(D(2026, 1, 28), "email", mail_log("luxuefang@example.com", D(2026, 1, 28)))


def taicang_2026(t: Timeline) -> None:
    s = t.story(
        "tc-confirm",
        "TCBGS",
        P["chen"],
        "确认本人已取得的《东林村2024年第1批次征地补偿安置方案》复印件与原件一致并重新加盖公章",
    )
    s.register("in_person", D(2026, 1, 12))
    s.decide(
        "confirm_reissue",
        D(2026, 1, 19),
        D(2026, 1, 21),
        "申请人要求确认或重新出具已获取的信息，不属于政府信息公开申请的处理范围。",
    )
    s.deliver(D(2026, 1, 22), "post", ems(12))


def taicang_open(t: Timeline, cal: WorkCalendar, today: dt.date) -> None:
    """The live work queue of 太仓市政府办, relative to the day the demo is built."""

    def b(n: int) -> dt.date:
        return back(cal, today, n)

    s = t.story(
        "tc-new-online",
        "TCBGS",
        P["xu"],
        "太仓市城区道路改造工程（上海东路段）立项批复及交通组织方案",
    )
    s.online(today - dt.timedelta(days=1), "20:15")

    s = t.story("tc-ontrack", "TCBGS", P["zhu"], "浮桥镇集镇排水管网改造工程环境影响评价文件的批复")
    s.register("in_person", b(4))
    s.letter("receipt", b(4), "09:25")

    s = t.story("tc-duesoon", "TCBGS", P["wang"], "城厢镇东林村第2批次村镇建设用地征地补偿安置方案")
    s.register("post_signed", b(18))

    s = t.story("tc-overdue", "TCBGS", P["wu"], "城厢镇老旧小区改造项目施工合同及监理月报")
    s.register("in_person", b(23))

    s = t.story("tc-waiting-correction", "TCBGS", P["jin"], "关于城厢镇征收的有关文件")
    s.register("post_ordinary", b(7), confirmed=b(7))
    s.correction(b(5), "请写明所需文件涉及的征收项目名称或地块位置；\n请写明文件的大致形成时间。")
    s.letter("correction", b(5))

    s = t.story(
        "tc-consulting",
        "TCBGS",
        O["lawfirm"],
        "太仓某环保科技有限公司危险废物经营许可证申请材料及审查意见",
    )
    s.register("in_person", b(10))
    s.consult(
        b(6),
        "third_party",
        "太仓某环保科技有限公司",
        "拟公开贵公司申请危险废物经营许可证时提交的材料",
    )
    s.letter("consultation", b(6))

    s = t.story("tc-fee-due", "TCBGS", P["shao"], "城厢镇2025年各村集体资产清产核资报告")
    s.register("in_person", b(9))
    s.fee(b(4), b(3), pieces_before=11)
    s.letter("fee", b(4))

    s = t.story("tc-review", "TCBGS", P["huang"], "沙溪镇历史文化街区保护规划及批复")
    s.register("in_person", b(15))
    s.decide(
        "not_our_info",
        b(4),
        None,
        "该信息由太仓市自然资源和规划局制作。",
        returned=(b(2), "请写明负责公开机关的联系方式，并说明已做的检索。"),
        responsible_organ="太仓市自然资源和规划局（电话0512-53521234）",
    )

    s = t.story(
        "tc-into-2027", "TCBGS", O["village"], "太仓市城厢镇东林村土地征收成片开发方案及审批材料"
    )
    s.register("in_person", b(10))
    s.extend(20, "所需材料分散在自然资源、农业农村等多个部门，需协调调取。", b(3), b(2))
    s.letter("extension", b(2))


# -- the other agencies -------------------------------------------------------------------


def port_zone(t: Timeline, cal: WorkCalendar, today: dt.date) -> None:
    s = t.story(
        "gq-procure",
        "TCGQ",
        O["logistics"],
        "太仓港经济技术开发区2024年政府集中采购项目清单及中标结果",
    )
    s.online(D(2025, 3, 9), "16:48", confirmed=D(2025, 3, 10))
    s.decide("disclose", D(2025, 3, 24), D(2025, 3, 26), "予以公开。", provided_form="paper")
    s.deliver(D(2025, 3, 27), "post", ems(13))

    s = t.story(
        "gq-safety",
        "TCGQ",
        P["zhu"],
        "港区管委会与29家重点企业签订的安全生产挂钩联系责任书及2025年检查记录",
    )
    s.register("post_signed", D(2025, 9, 29))
    s.decide(
        "not_exist", D(2025, 10, 27), D(2025, 10, 29), "经检索，港区管委会未制作该检查记录汇编。"
    )
    s.deliver(D(2025, 10, 30), "post", ems(14))
    review = s.appeal(
        "review",
        D(2025, 11, 10),
        "太政复〔2025〕52号",
        ("maintained", D(2025, 12, 19), "复议机关决定维持原答复。"),
    )
    s.appeal(
        "lit_after",
        D(2026, 1, 5),
        "（2026）苏0585行初3号",
        ("other", D(2026, 4, 10), "原告撤回起诉，裁定准许撤诉。"),
        after=review,
    )

    s = t.story("gq-shoreline", "TCGQ", P["gu"], "太仓港区港口岸线使用规划调整方案")
    s.register("in_person", back(cal, today, 8))
    s.consult(
        back(cal, today, 5),
        "agency",
        "太仓市交通运输局",
        "该方案由两机关共同制作，征求是否同意公开",
    )


def suzhou(t: Timeline, cal: WorkCalendar, today: dt.date) -> None:
    s = t.story("sz-plan", "SZBGS", P["ye"], "《苏州市2025年政务公开工作要点》")
    s.online(D(2025, 1, 19), "09:32", confirmed=D(2025, 1, 20))
    s.decide(
        "already_public",
        D(2025, 2, 12),
        D(2025, 2, 13),
        "该信息已在苏州市人民政府门户网站主动公开，可自行查阅。",
    )
    s.deliver(D(2025, 2, 13), "email", mail_log("yewenbin@example.com", D(2025, 2, 13)))

    s = t.story(
        "sz-system", "SZBGS", O["szlaw"], "“苏州市依申请公开信息化办理系统”建设项目合同及验收报告"
    )
    s.register("in_person", D(2025, 5, 19))
    s.decide(
        "partial",
        D(2025, 6, 9),
        D(2025, 6, 11),
        "合同附件中的报价明细和技术方案涉及供应商商业秘密，已作区分处理。",
        grounds=THIRD,
        provided_form="electronic",
    )
    s.deliver(D(2025, 6, 11), "email", mail_log("mingli@example.com", D(2025, 6, 11)))
    s.appeal(
        "review",
        D(2025, 7, 21),
        "苏府复〔2025〕118号",
        ("other", D(2025, 9, 3), "申请人撤回复议申请，复议终止。"),
    )

    s = t.story(
        "sz-elevator", "SZBGS", P["pan"], "苏州市2025年既有多层住宅增设电梯财政补贴发放名单"
    )
    s.register("in_person", D(2025, 8, 11))
    s.decide(
        "not_our_info",
        D(2025, 8, 25),
        D(2025, 8, 27),
        "该信息由苏州市住房和城乡建设局制作并保存。",
        responsible_organ="苏州市住房和城乡建设局（苏州市姑苏区三香路1180号，电话0512-68616500）",
    )
    s.deliver(D(2025, 8, 27), "email", mail_log("panxiaolin@example.com", D(2025, 8, 27)))
    s.appeal(
        "lit_direct",
        D(2025, 10, 9),
        "（2025）苏0508行初203号",
        ("maintained", D(2026, 2, 26), "判决驳回原告诉讼请求。"),
    )

    s = t.story(
        "sz-investment", "SZBGS", P["pan"], "苏州市市级政府投资项目计划（第二批）及调整说明"
    )
    s.register("in_person", back(cal, today, 25))


def changshu(t: Timeline, cal: WorkCalendar, today: dt.date) -> None:
    s = t.story("cs-water", "CS", O["green"], "2024年常熟市集中式生活饮用水水源地水质监测季度报告")
    s.online(D(2025, 2, 23), "15:06", confirmed=D(2025, 2, 24))
    s.decide("disclose", D(2025, 3, 10), D(2025, 3, 12), "予以公开。", provided_form="electronic")
    s.deliver(D(2025, 3, 12), "email", mail_log("yushangreen@example.com", D(2025, 3, 12)))

    s = t.story("cs-fire", "CS", P["tang"], "莫城街道湖鹤村火灾事故调查报告")
    s.register("in_person", D(2025, 4, 7))
    s.decide("disclose", D(2025, 4, 21), D(2025, 4, 23), "予以公开。", provided_form="paper")
    s.deliver(D(2025, 4, 24), "post", ems(15))
    s.appeal(
        "lit_direct",
        D(2025, 5, 19),
        "（2025）苏0581行初77号",
        ("other", D(2025, 7, 30), "裁定驳回起诉：起诉不符合法定条件。"),
    )

    s = t.story("cs-carpark", "CS", P["xie"], "万达广场地下车库管道掉落事故调查处理报告")
    s.register("in_person", D(2025, 7, 14))
    s.decide(
        "partial",
        D(2025, 7, 28),
        D(2025, 7, 30),
        "报告中伤者姓名、身份证号和医疗信息属于个人隐私，已作区分处理。",
        grounds=THIRD,
        provided_form="electronic",
    )
    s.deliver(D(2025, 7, 30), "email", mail_log("xiezhendong@example.com", D(2025, 7, 30)))
    review = s.appeal(
        "review",
        D(2025, 9, 1),
        "苏府复〔2025〕166号",
        ("maintained", D(2025, 10, 24), "复议机关决定维持原答复。"),
    )
    s.appeal(
        "lit_after",
        D(2025, 11, 10),
        "（2025）苏05行初289号",
        ("corrected", D(2026, 5, 20), "判决撤销答复，责令重新答复。"),
        after=review,
    )

    s = t.story("cs-housing", "CS", P["sun"], "常熟市2025年“安居超市”工程房源分配结果")
    s.register("in_person", D(2025, 12, 29))
    s.decide("disclose", D(2026, 1, 16), D(2026, 1, 20), "予以公开。", provided_form="electronic")
    s.deliver(D(2026, 1, 20), "email", mail_log("sunhaifeng@example.com", D(2026, 1, 20)))
    s.appeal("lit_direct", D(2026, 7, 15), "（2026）苏05行初155号")

    s = t.story("cs-duesoon", "CS", P["sun"], "常熟市垃圾分类处理设施建设项目招标文件及中标结果")
    s.register("in_person", back(cal, today, 17))
