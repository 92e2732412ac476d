"""The procedural letters — 受理回执, 补正告知书, 延期答复告知书, 征求意见函,
收费通知书 and 终止办理告知书 — each built from a case driven through the services."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from letterdocs import docx_text, flat, pdf_text

from gongkai.applications import services
from gongkai.applications.letters import law
from gongkai.applications.letters.build import LetterError
from gongkai.applications.models import Opinion

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

REMEDY_BODIES = ("向太仓市人民政府申请行政复议", "向太仓市人民法院提起行政诉讼")


def texts(letter) -> tuple[str, str]:
    return flat(docx_text(bytes(letter.docx))), pdf_text(bytes(letter.pdf))


def assert_common(text: str, app, title: str, number: str, applicant_data) -> None:
    assert title in text
    assert number in text
    assert app.number in text
    assert app.description in text
    assert applicant_data["id_number"] not in text
    assert applicant_data["phone"] not in text


def assert_quotes(text: str, *keys: str) -> None:
    for key in keys:
        assert f"{law.ORDINANCE}{key}：{law.ARTICLES[key]}" in text, key


def test_receipt_confirms_the_receipt_date_and_the_reply_deadline(new_case, issue, applicant_data):
    app = new_case()
    letter = issue(app, "receipt", on=dt.date(2025, 9, 26))
    for text in texts(letter):
        assert_common(
            text, app, "政府信息公开申请受理回执", "太仓市政府办依申受〔2025〕1号", applicant_data
        )
        assert "申请人当面提交申请的，以提交之日为收到申请之日" in text
        assert "本机关确认2025年9月26日为收到你申请之日" in text
        assert "（截至2025年10月30日）作出答复" in text
        assert "特此回执。" in text
        assert "行政复议" not in text  # nothing decided yet
        assert_quotes(text, "第三十一条", "第三十三条第二款", "第三十三条第三款")


def test_receipt_for_an_online_application_waits_for_the_confirmed_receipt_date(
    agencies, issue, applicant_data
):
    app, _code = services.submit_online(agencies["TCBGS"], applicant_data)
    with pytest.raises(LetterError, match="尚未确认收到"):
        issue(app, "receipt")
    assert not app.letters.exists()


def test_correction_notice_lists_the_items_once_and_the_consequence(
    new_case, clerk, issue, applicant_data
):
    app = new_case()
    services.request_correction(
        clerk,
        app,
        "1. 请写明所需文件的名称或者文号\n2. 请写明文件的形成时间",
        dt.date(2025, 9, 28),
    )
    deadline = app.corrections.get().deadline
    letter = issue(app, "correction", on=dt.date(2025, 9, 28))
    for text in texts(letter):
        assert_common(
            text, app, "政府信息公开申请补正告知书", "太仓市政府办依申补〔2025〕1号", applicant_data
        )
        assert "一次性告知你对以下事项作出补正" in text
        assert "1.请写明所需文件的名称或者文号" in text and "2.请写明文件的形成时间" in text
        assert f"请最迟于{deadline.year}年{deadline.month}月{deadline.day}日" in text
        assert "无正当理由逾期不补正的，视为放弃申请" in text
        assert_quotes(text, "第三十条")


def test_correction_items_typed_on_two_lines_become_two_paragraphs(new_case, clerk, issue):
    import io

    from docx import Document

    app = new_case()
    services.request_correction(clerk, app, "第一项\n第二项", dt.date(2025, 9, 28))
    letter = issue(app, "correction", on=dt.date(2025, 9, 28))
    paragraphs = [p.text for p in Document(io.BytesIO(bytes(letter.docx))).paragraphs]
    assert "第一项" in paragraphs and "第二项" in paragraphs


def test_extension_notice_gives_the_reason_the_days_and_both_deadlines(
    new_case, clerk, reviewer, issue, applicant_data
):
    app = new_case()
    with time_machine.travel(dt.datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI)):
        services.request_extension(clerk, app, 15, "需要调取2019年的档案核查。")
    services.decide_extension(reviewer, app, True, dt.date(2025, 10, 20))
    app.refresh_from_db()
    letter = issue(app, "extension", on=dt.date(2025, 10, 20))
    for text in texts(letter):
        assert_common(
            text,
            app,
            "政府信息公开申请延期答复告知书",
            "太仓市政府办依申延〔2025〕1号",
            applicant_data,
        )
        assert "因需要调取2019年的档案核查，本机关不能在" in text
        assert "（截至2025年10月30日）作出答复" in text
        assert "答复期限延长15个工作日" in text
        due = app.due_on
        assert f"最迟于{due.year}年{due.month}月{due.day}日作出答复" in text
        assert "经本机关政府信息公开工作机构负责人同意" in text
        assert_quotes(text, "第三十三条第二款")


def test_extension_notice_needs_an_approved_extension(new_case, clerk, reviewer, issue):
    app = new_case()
    with time_machine.travel(dt.datetime(2025, 10, 20, 9, 0, tzinfo=SHANGHAI)):
        services.request_extension(clerk, app, 10, "需要调取档案")
    with pytest.raises(LetterError, match="经批准的延期"):
        issue(app, "extension")
    services.decide_extension(reviewer, app, False, dt.date(2025, 10, 20))
    with pytest.raises(LetterError, match="经批准的延期"):
        issue(app, "extension")


def test_third_party_consultation_letter_is_addressed_to_the_third_party_not_the_applicant(
    new_case, clerk, issue, applicant_data
):
    app = new_case()
    c = services.start_consultation(
        clerk,
        app,
        "third_party",
        "太仓某某建设有限公司",
        dt.date(2025, 9, 29),
        matter="申请公开的批复文件附有你方的投标报价",
    )
    letter = issue(app, "consultation", on=dt.date(2025, 9, 29), consultation=c)
    assert letter.consultation == c
    for text in texts(letter):
        assert "政府信息公开征求意见函" in text and "太仓市政府办依申征〔2025〕1号" in text
        assert "太仓某某建设有限公司：" in text
        assert "张明" not in text  # the applicant's name stays with the agency
        assert applicant_data["id_number"] not in text
        assert "征求意见的事项：申请公开的批复文件附有你方的投标报价。" in text
        assert "自收到本函之日起15个工作日内" in text
        assert "你方逾期未提出意见的，由本机关依照" in text
        assert "可以决定予以公开，并将决定公开的政府信息内容和理由书面告知你方" in text
        assert "特此函询。" in text
        assert_quotes(text, "第三十二条")


def test_agency_consultation_letter_says_silence_is_consent(new_case, clerk, issue):
    app = new_case()
    c = services.start_consultation(
        clerk, app, "agency", "太仓市发展和改革委员会", dt.date(2025, 9, 29)
    )
    letter = issue(app, "consultation", on=dt.date(2025, 9, 29), consultation=c)
    for text in texts(letter):
        assert "太仓市发展和改革委员会：" in text
        assert "本机关与贵机关共同制作" in text
        assert "逾期未提出意见的，视为同意公开" in text
        assert_quotes(text, "第三十四条")
        assert "第三十二条" not in text


def test_consultation_letter_needs_a_consultation_of_the_same_case(new_case, clerk, issue):
    app, other = new_case(), new_case()
    c = services.start_consultation(clerk, other, "agency", "某局", dt.date(2025, 9, 29))
    with pytest.raises(LetterError, match="征求意见"):
        issue(app, "consultation", consultation=c)


def test_fee_notice_per_page_states_basis_rate_amount_method_and_pay_by_date(
    new_case, clerk, issue, applicant_data
):
    app = new_case()
    fee = services.issue_fee_notice(
        clerk, app, "per_page", dt.date(2025, 10, 9), dt.date(2025, 10, 10), pages=150
    )
    assert fee.amount == 1700
    assert fee.pay_due == dt.date(2025, 11, 6)  # 20 WD after 10-10; 10-11 is a 调休 workday
    letter = issue(app, "fee", on=dt.date(2025, 10, 9))
    for text in texts(letter):
        assert_common(
            text,
            app,
            "政府信息公开信息处理费收费通知书",
            "太仓市政府办依申费〔2025〕1号",
            applicant_data,
        )
        assert "国办函〔2020〕109号" in text
        assert "计收方式：按量计收" in text and "共150页" in text
        assert "31—100页（含100页）的部分，收费10元/页" in text
        assert "人民币1700元（第31—100页共70页×10元＋第101—150页共50页×20元＝1700元）" in text
        assert "自收到本通知书次日起20个工作日内，即最迟于2025年11月6日缴纳" in text
        assert "缴费方式：" in text
        assert "逾期未缴纳信息处理费的，视为放弃申请" in text
        assert "特此通知。" in text
        assert all(body in text for body in REMEDY_BODIES)
        assert "如对本收费决定不服，可以依照《中华人民共和国行政复议法》第二十条的规定，" in text
        assert "自收到本通知书之日起60日内向太仓市人民政府申请行政复议" in text
        assert_quotes(text, "第四十二条")
        assert law.FEE_MEASURES + "（要点）" in text


def test_fee_notice_per_piece_shows_the_monthly_count_and_the_bands(new_case, clerk, issue):
    app = new_case()
    services.issue_fee_notice(
        clerk,
        app,
        "per_piece",
        dt.date(2025, 10, 9),
        dt.date(2025, 10, 10),
        pieces_before=29,
        pieces=3,
    )
    text = pdf_text(bytes(issue(app, "fee", on=dt.date(2025, 10, 9)).pdf))
    assert "计收方式：按件计收" in text
    assert "此前已提出政府信息公开申请29件，本申请计3件" in text
    assert "人民币500元（第30件×100元＋第31—32件共2件×200元＝500元）" in text


def test_closure_after_no_correction_says_deemed_abandoned_with_remedies(
    new_case, clerk, issue, applicant_data
):
    app = new_case()
    services.request_correction(clerk, app, "请写明文号", dt.date(2025, 9, 28))
    services.abandon(clerk, app, dt.date(2025, 11, 10))
    letter = issue(app, "closure", on=dt.date(2025, 11, 10))
    for text in texts(letter):
        assert_common(
            text,
            app,
            "政府信息公开申请终止办理告知书",
            "太仓市政府办依申终〔2025〕1号",
            applicant_data,
        )
        assert "本机关于2025年9月28日依照" in text
        assert "视为你放弃申请，本机关不再处理该政府信息公开申请" in text
        assert "你如对终止办理决定不服" in text
        assert all(body in text for body in REMEDY_BODIES)
        assert_quotes(text, "第三十条")


def test_closure_after_an_unpaid_fee_cites_the_fee_measures(new_case, clerk, issue):
    app = new_case()
    services.issue_fee_notice(
        clerk, app, "per_page", dt.date(2025, 10, 9), dt.date(2025, 10, 10), pages=40
    )
    services.abandon(clerk, app, dt.date(2025, 11, 20))
    text = pdf_text(bytes(issue(app, "closure", on=dt.date(2025, 11, 20)).pdf))
    assert "最迟于2025年11月6日缴纳信息处理费人民币100元" in text
    assert "国办函〔2020〕109号" in text
    assert_quotes(text, "第四十二条")
    assert all(body in text for body in REMEDY_BODIES)


def test_closure_after_withdrawal_confirms_it_and_states_no_remedies(new_case, clerk, issue):
    app = new_case()
    services.withdraw(clerk, app, dt.date(2025, 10, 10), note="申请人来电撤回")
    text = pdf_text(bytes(issue(app, "closure", on=dt.date(2025, 10, 10)).pdf))
    assert "你于2025年10月10日申请撤回上述政府信息公开申请（申请人来电撤回）" in text
    assert "行政复议" not in text and "附：相关法律规定" not in text
    assert "行政诉讼法" not in text


def test_closure_letter_needs_a_closed_case(new_case, issue):
    with pytest.raises(LetterError, match="终止办理告知书"):
        issue(new_case(), "closure")


def test_reply_letter_after_a_returned_draft_is_refused(new_case, clerk, reviewer, issue):
    app = new_case()
    services.propose_decision(clerk, app, "not_exist")
    services.return_decision(reviewer, app, "请补充检索情况")
    with pytest.raises(LetterError, match="退回修改"):
        issue(app, "reply")


def test_the_consulted_opinion_does_not_leak_into_the_applicants_reply(replied):
    """The third party's own words stay in the file; the reply gives the agency's reason."""
    from gongkai.applications.decisions import Decision

    app, letter = replied(Decision.DENY_THIRD_PARTY)
    assert app.consultations.get().opinion == Opinion.OBJECT
    assert "涉及商业秘密" in app.consultations.get().opinion_text
    assert "太仓某某建设有限公司" not in pdf_text(bytes(letter.pdf))
