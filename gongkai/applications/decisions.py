"""Decisions (答复类型) and their one annual-report row each.

One table, `DECISIONS`, says for every way a case can end: the article it
rests on, the grounds it cites, the letter it produces, and exactly one row of
table 三 in each official report format (ids of regs/report-formats.json). The
format registry (`reportmodel.formats`) reads its decision → row maps from here.
Mapping choices the sources mark [I] are noted (ordinance.md §6).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    ALREADY_PUBLIC = "already_public", _("已主动公开，告知获取方式")
    DISCLOSE = "disclose", _("予以公开")
    PARTIAL = "partial", _("部分公开（区分处理）")
    DENY_STATE_SECRET = "deny_state_secret", _("不予公开：属于国家秘密")
    DENY_LAW_FORBIDS = "deny_law_forbids", _("不予公开：其他法律行政法规禁止公开")
    DENY_FOUR_SECURITIES = "deny_four_securities", _("不予公开：危及“三安全一稳定”")
    DENY_THIRD_PARTY = "deny_third_party", _("不予公开：保护第三方合法权益")
    DENY_INTERNAL_AFFAIRS = "deny_internal_affairs", _("不予公开：属于三类内部事务信息")
    DENY_PROCESS_INFO = "deny_process_info", _("不予公开：属于四类过程性信息")
    DENY_ENFORCEMENT_FILE = "deny_enforcement_file", _("不予公开：属于行政执法案卷")
    SPECIAL_LAW_QUERY = "special_law_query", _("不予公开：属于行政查询事项")
    NOT_EXIST = "not_exist", _("无法提供：政府信息不存在")
    NOT_OUR_INFO = "not_our_info", _("无法提供：非本机关负责公开")
    NEEDS_CREATION = "needs_creation", _("无法提供：没有现成信息需要另行制作")
    UNCLEAR_AFTER_CORRECTION = "unclear_after_correction", _("无法提供：补正后申请内容仍不明确")
    PETITION = "petition", _("不予处理：信访举报投诉类申请")
    REPEAT = "repeat", _("不予处理：重复申请")
    PUBLICATION = "publication", _("不予处理：要求提供公开出版物")
    UNREASONABLE_MASS = "unreasonable_mass", _("不予处理：无正当理由大量反复申请")
    CONFIRM_REISSUE = "confirm_reissue", _("不予处理：要求确认或重新出具已获取信息")
    ABANDONED_NO_CORRECTION = "abandoned_no_correction", _("逾期不补正，视为放弃申请")
    ABANDONED_NO_FEE = "abandoned_no_fee", _("逾期未缴费，视为放弃申请")
    WITHDRAWN = "withdrawn", _("申请人撤回申请")


class Ground(models.TextChoices):
    """Non-disclosure grounds a 不予公开 / 部分公开 reply cites (条例第十四、十五、十六条)."""

    STATE_SECRET = "state_secret", _("依法确定为国家秘密（第十四条）")
    LAW_FORBIDS = "law_forbids", _("法律、行政法规禁止公开（第十四条）")
    FOUR_SECURITIES = (
        "four_securities",
        _("公开后可能危及国家安全、公共安全、经济安全、社会稳定（第十四条）"),
    )
    THIRD_PARTY = "third_party", _("涉及商业秘密、个人隐私等，公开会损害第三方合法权益（第十五条）")
    INTERNAL_AFFAIRS = (
        "internal_affairs",
        _("人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）"),
    )
    PROCESS_INFO = (
        "process_info",
        _("讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）"),
    )
    ENFORCEMENT_FILE = "enforcement_file", _("行政执法案卷信息（第十六条第二款）")


@dataclass(frozen=True)
class DecisionSpec:
    article: str  # the article the reply rests on, as cited in the letter
    row_2019: str  # table 三 row id, 国办公开办函〔2019〕60号 (registered format "2019")
    row_2021: str  # table 三 row id, 国办公开办函〔2021〕30号 (registered format "2021")
    ground: Ground | None = None  # the ground a denial cites
    needs_grounds: bool = False  # PARTIAL: the withheld part's grounds are chosen
    closes_without_reply: bool = False  # abandonment / withdrawal: no 告知书 on the merits
    inferred: bool = False  # the row mapping is [I] in ordinance.md §6


D = Decision
DECISIONS: dict[Decision, DecisionSpec] = {
    D.ALREADY_PUBLIC: DecisionSpec("第三十六条第（一）项", "r_open", "r_open", inferred=True),
    D.DISCLOSE: DecisionSpec("第三十六条第（二）项", "r_open", "r_open"),
    # 区分处理 counts only as 部分公开 (official row text), whatever the withheld part's ground.
    D.PARTIAL: DecisionSpec("第三十七条", "r_partial", "r_partial", needs_grounds=True),
    D.DENY_STATE_SECRET: DecisionSpec(
        "第三十六条第（三）项、第十四条", "r_deny_secret", "r_deny_secret", Ground.STATE_SECRET
    ),
    D.DENY_LAW_FORBIDS: DecisionSpec(
        "第三十六条第（三）项、第十四条", "r_deny_law", "r_deny_law", Ground.LAW_FORBIDS
    ),
    D.DENY_FOUR_SECURITIES: DecisionSpec(
        "第三十六条第（三）项、第十四条", "r_deny_safety", "r_deny_safety", Ground.FOUR_SECURITIES
    ),
    D.DENY_THIRD_PARTY: DecisionSpec(
        "第三十六条第（三）项、第十五条、第三十二条",
        "r_deny_third_party",
        "r_deny_third_party",
        Ground.THIRD_PARTY,
    ),
    D.DENY_INTERNAL_AFFAIRS: DecisionSpec(
        "第三十六条第（三）项、第十六条第一款",
        "r_deny_internal",
        "r_deny_internal",
        Ground.INTERNAL_AFFAIRS,
    ),
    D.DENY_PROCESS_INFO: DecisionSpec(
        "第三十六条第（三）项、第十六条第二款",
        "r_deny_process",
        "r_deny_process",
        Ground.PROCESS_INFO,
    ),
    D.DENY_ENFORCEMENT_FILE: DecisionSpec(
        "第三十六条第（三）项、第十六条第二款",
        "r_deny_enforcement",
        "r_deny_enforcement",
        Ground.ENFORCEMENT_FILE,
    ),
    D.SPECIAL_LAW_QUERY: DecisionSpec(
        "第三十六条第（七）项", "r_deny_inquiry", "r_deny_inquiry", inferred=True
    ),
    D.NOT_EXIST: DecisionSpec(
        "第三十六条第（四）项", "r_na_not_held", "r_na_not_held", inferred=True
    ),
    D.NOT_OUR_INFO: DecisionSpec(
        "第三十六条第（五）项", "r_na_not_held", "r_na_not_held", inferred=True
    ),
    D.NEEDS_CREATION: DecisionSpec("第三十八条", "r_na_need_create", "r_na_need_create"),
    D.UNCLEAR_AFTER_CORRECTION: DecisionSpec("第三十条", "r_na_unclear", "r_na_unclear"),
    D.PETITION: DecisionSpec("第三十九条第一款", "r_np_petition", "r_np_petition"),
    D.REPEAT: DecisionSpec("第三十六条第（六）项", "r_np_repeat", "r_np_repeat"),
    D.PUBLICATION: DecisionSpec("第三十九条第二款", "r_np_publication", "r_np_publication"),
    D.UNREASONABLE_MASS: DecisionSpec("第三十五条", "r_np_mass", "r_np_mass"),
    D.CONFIRM_REISSUE: DecisionSpec("第三十六条", "r_np_confirm", "r_np_confirm", inferred=True),
    # 2019 has one 其他处理 row; the 2021 format splits it in three.
    D.ABANDONED_NO_CORRECTION: DecisionSpec(
        "第三十条", "r_other", "r_other_no_correction", closes_without_reply=True
    ),
    D.ABANDONED_NO_FEE: DecisionSpec(
        "第四十二条、国办函〔2020〕109号", "r_other", "r_other_no_fee", closes_without_reply=True
    ),
    D.WITHDRAWN: DecisionSpec(
        "—", "r_other", "r_other_other", closes_without_reply=True, inferred=True
    ),
}


REPLY_DECISIONS = [d for d, s in DECISIONS.items() if not s.closes_without_reply]
