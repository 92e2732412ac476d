"""The Chinese placeholders an agency admin writes in a letter's wording.

One row per value a letter offers (see context.letter_context): the admin
writes 【申请人】, the letter shows the case's applicant_name. A row marked
`condition` is a yes/no fact: it can only open a 【如果 …】 block, never be
printed. Every key of the letter context has a row; `aliases` are the two
context keys that are better shown through another one (the raw decision
code → its Chinese label, the grounds list → the joined text), used when old
Django-syntax wording is converted (letters/legacy.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Placeholder:
    name: str  # what the admin writes between 【 and 】
    key: str  # the letter-context key it stands for
    group: Promise
    help: Promise
    condition: bool = False  # yes/no fact: only after 如果

    @property
    def token(self) -> str:
        return f"【{self.name}】"


G_CASE = _("申请")
G_AGENCY = _("本机关")
G_REPLY = _("答复")
G_CORRECTION = _("补正")
G_EXTENSION = _("延期")
G_CONSULTATION = _("征求意见")
G_FEE = _("收费")


def _p(name: str, key: str, group: Promise, help: Promise, condition: bool = False) -> Placeholder:
    return Placeholder(name, key, group, help, condition)


PLACEHOLDERS: tuple[Placeholder, ...] = (
    _p("开头段", "opening", G_CASE, _("“本机关于……收到你提出的政府信息公开申请……”整句")),
    _p("你", "you", G_CASE, _("对申请人的称呼：你 或 你单位")),
    _p("申请人", "applicant_name", G_CASE, _("申请人姓名或名称")),
    _p("申请人是单位", "is_organisation", G_CASE, _("申请人为法人或者其他组织"), True),
    _p("申请编号", "number", G_CASE, _("本申请的编号")),
    _p("申请内容", "description", G_CASE, _("申请公开的政府信息的描述")),
    _p("所需信息文号", "doc_number_sought", G_CASE, _("申请人写明的文号")),
    _p("提交方式", "channel", G_CASE, _("当面、邮寄、网上等")),
    _p("到达日期", "arrived_on", G_CASE, _("申请到达本机关的日期")),
    _p("收到日期", "receipt_date", G_CASE, _("依第三十一条确定的收到申请之日")),
    _p("收到日期认定规则", "receipt_rule", G_CASE, _("第三十一条对该提交方式的规定")),
    _p("申请的提供形式", "requested_form", G_CASE, _("申请人要求的形式：纸质、电子等")),
    _p("申请的获取途径", "requested_delivery", G_CASE, _("邮寄、电子邮件、自行领取等")),
    _p("答复期限", "due_on", G_CASE, _("最迟答复日期")),
    _p("发文日期", "issued_on", G_CASE, _("本文书的成文日期")),
    _p("答复工作日数", "reply_days", G_CASE, _("第三十三条规定的答复期限（工作日）")),
    _p("条例", "law", G_CASE, _("《中华人民共和国政府信息公开条例》")),
    _p("复议期限天数", "review_days", G_CASE, _("申请行政复议的期限（日）")),
    _p("诉讼期限月数", "litigation_months", G_CASE, _("提起行政诉讼的期限（月）")),
    _p("机关名称", "agency_name", G_AGENCY, _("本机关全称")),
    _p("机关简称", "agency_short_name", G_AGENCY, _("本机关简称")),
    _p("承办机构", "agency_office", G_AGENCY, _("政府信息公开工作机构")),
    _p("机关地址", "agency_address", G_AGENCY, _("办公地址")),
    _p("邮政编码", "agency_postcode", G_AGENCY, _("办公地址的邮政编码")),
    _p("联系电话", "agency_phone", G_AGENCY, _("咨询电话")),
    _p("办公时间", "agency_hours", G_AGENCY, _("受理申请的办公时间")),
    _p("电子邮箱", "agency_email", G_AGENCY, _("接收申请的电子邮箱")),
    _p("网站", "agency_website", G_AGENCY, _("政府信息公开专栏网址")),
    _p("复议机关", "review_body", G_AGENCY, _("受理行政复议的机关")),
    _p("管辖法院", "court", G_AGENCY, _("受理行政诉讼的法院")),
    _p("答复类型", "decision_label", G_REPLY, _("予以公开、不予公开等")),
    _p("答复依据条款", "decision_article", G_REPLY, _("第三十六条的相应项")),
    _p("理由说明", "reason", G_REPLY, _("承办人填写的理由或说明")),
    _p("不予公开情形", "grounds_text", G_REPLY, _("不予公开内容所属的情形")),
    _p("不予公开依据条款", "grounds_articles", G_REPLY, _("这些情形所依据的条款")),
    _p("负责公开的机关", "responsible_organ", G_REPLY, _("非本机关信息时负责公开的机关")),
    _p(
        "已确定负责公开的机关",
        "responsible_organ_known",
        G_REPLY,
        _("能够确定负责公开的机关"),
        True,
    ),
    _p("提供形式", "provided_form", G_REPLY, _("本机关实际提供的形式")),
    _p("变更形式理由", "provided_form_reason", G_REPLY, _("未按申请的形式提供的原因")),
    _p("提供形式与申请不同", "form_differs", G_REPLY, _("提供形式不同于申请的形式"), True),
    _p("安排查阅", "is_inspection", G_REPLY, _("安排申请人查阅、抄录"), True),
    _p("办结日期", "concluded_on", G_REPLY, _("终止办理或撤回的日期")),
    _p("撤回说明", "withdraw_note", G_REPLY, _("申请人撤回时的说明")),
    _p("已收到补正", "corrected", G_CORRECTION, _("申请人已提交补正"), True),
    _p("补正事项", "correction_items", G_CORRECTION, _("要求补正的事项")),
    _p("补正告知日期", "correction_notice_on", G_CORRECTION, _("发出补正告知书的日期")),
    _p("补正期限", "correction_deadline", G_CORRECTION, _("最迟补正日期")),
    _p("补正收到日期", "correction_received_on", G_CORRECTION, _("收到补正的日期")),
    _p("延长工作日数", "extension_days", G_EXTENSION, _("答复期限延长的工作日数")),
    _p("延期理由", "extension_reason", G_EXTENSION, _("需要延长答复期限的原因")),
    _p("延期批准日期", "extension_approved_on", G_EXTENSION, _("负责人同意延期的日期")),
    _p("延期前答复期限", "due_before_extension", G_EXTENSION, _("延期前的最迟答复日期")),
    _p("延期后答复期限", "due_after_extension", G_EXTENSION, _("延期后的最迟答复日期")),
    _p("征求意见对象", "party", G_CONSULTATION, _("第三方或者其他机关的名称")),
    _p("征求意见对象地址", "party_address", G_CONSULTATION, _("征求意见对象的地址")),
    _p("征求第三方意见", "is_third_party", G_CONSULTATION, _("征求的是第三方的意见"), True),
    _p("征求意见事项", "matter", G_CONSULTATION, _("需要对方提出意见的事项")),
    _p("征求意见发出日期", "consultation_sent_on", G_CONSULTATION, _("发出征求意见函的日期")),
    _p("意见答复期限", "consultation_answer_due", G_CONSULTATION, _("对方最迟提出意见的日期")),
    _p("征求意见工作日数", "consultation_days", G_CONSULTATION, _("提出意见的期限（工作日）")),
    _p("第三方不同意公开", "third_party_objected", G_CONSULTATION, _("第三方不同意公开"), True),
    _p("计收方式", "fee_method", G_FEE, _("按件计收或按量计收")),
    _p("按件计收", "fee_per_piece", G_FEE, _("信息处理费按件计收"), True),
    _p("本月此前申请件数", "fee_pieces_before", G_FEE, _("本自然月内此前的申请件数")),
    _p("本申请计件数", "fee_pieces", G_FEE, _("本申请计入的件数")),
    _p("信息页数", "fee_pages", G_FEE, _("拟提供信息的页数")),
    _p("应缴金额", "fee_amount", G_FEE, _("信息处理费金额（元）")),
    _p("收费标准", "fee_rate", G_FEE, _("国办函〔2020〕109号的收费标准")),
    _p("金额计算", "fee_breakdown", G_FEE, _("应缴金额的计算过程")),
    _p("收费依据", "fee_basis", G_FEE, _("《政府信息公开信息处理费管理办法》")),
    _p("收费通知日期", "fee_notice_on", G_FEE, _("发出收费通知的日期")),
    _p("收费通知送达日期", "fee_notice_received_on", G_FEE, _("收费通知送达的日期")),
    _p("缴费期限", "fee_pay_due", G_FEE, _("最迟缴费日期")),
    _p("缴费工作日数", "fee_days", G_FEE, _("缴费期限（工作日）")),
    _p(
        "缴费期间不计入答复期限",
        "fee_pauses_clock",
        G_FEE,
        _("缴费期间暂停计算答复期限"),
        True,
    ),
)

# Context keys shown through another placeholder (old wording is converted to it).
ALIASES = {"decision": "decision_label", "grounds": "grounds_text"}

# The words that shape a wording: 【如果 X】…【否则】…【结束】, and the
# negations 【如果没有 X】 / 【如果不是 X】 (for a text: empty; for a fact: no).
IF = "如果"
NEGATIONS = ("没有", "不是")
ELSE = "否则"
END = "结束"
KEYWORDS = (IF, ELSE, END)


@cache
def by_name() -> dict[str, Placeholder]:
    return {p.name: p for p in PLACEHOLDERS}


@cache
def by_key() -> dict[str, Placeholder]:
    table = {p.key: p for p in PLACEHOLDERS}
    for alias, key in ALIASES.items():
        table[alias] = table[key]
    return table


def grouped() -> list[tuple[str, list[Placeholder]]]:
    """The table in display order, one list per group (for the insert buttons)."""
    groups: dict[str, list[Placeholder]] = {}
    for p in PLACEHOLDERS:
        groups.setdefault(str(p.group), []).append(p)
    return list(groups.items())
