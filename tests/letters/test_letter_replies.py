"""Every reply decision produces its own 答复告知书, as DOCX and PDF, that cites its
provisions article by article and states the remedies."""

from __future__ import annotations

import pytest
from letterdocs import docx_text, flat, pdf_text

from gongkai.applications.decisions import DECISIONS, REPLY_DECISIONS, Decision
from gongkai.applications.letters import law
from gongkai.applications.letters.build import REPLY_BASIS

D = Decision
# The sentence only this decision's letter says (besides its articles).
SAYS: dict[str, str] = {
    D.ALREADY_PUBLIC: "已由本机关主动公开",
    D.DISCLOSE: "本机关决定予以公开",
    D.PARTIAL: "能够作区分处理",
    D.DENY_STATE_SECRET: "属于依法确定为国家秘密的政府信息",
    D.DENY_LAW_FORBIDS: "属于法律、行政法规禁止公开的政府信息",
    D.DENY_FOUR_SECURITIES: "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    D.DENY_THIRD_PARTY: "第三方不同意公开且有合理理由",
    D.DENY_INTERNAL_AFFAIRS: "属于行政机关的内部事务信息",
    D.DENY_PROCESS_INFO: "等过程性信息。根据",
    D.DENY_ENFORCEMENT_FILE: "属于行政执法案卷信息",
    D.SPECIAL_LAW_QUERY: "依照有关法律、行政法规的规定办理",
    D.NOT_EXIST: "所申请公开的政府信息不存在",
    D.NOT_OUR_INFO: "负责公开该政府信息的行政机关为太仓市交通运输局",
    D.NEEDS_CREATION: "需要本机关对现有政府信息进行加工、分析",
    D.UNCLEAR_AFTER_CORRECTION: "补正后的申请内容仍不明确",
    D.PETITION: "不作为政府信息公开申请处理",
    D.REPEAT: "本机关不予重复处理",
    D.PUBLICATION: "公开出版物",
    D.UNREASONABLE_MASS: "明显超过合理范围",
    D.CONFIRM_REISSUE: "确认或者重新出具",
}
REMEDIES = (
    "你如对本答复不服，可以依照《中华人民共和国行政复议法》第二十条的规定，"
    "自收到本告知书之日起60日内向太仓市人民政府申请行政复议；"
    "也可以依照《中华人民共和国行政诉讼法》第四十六条的规定，"
    "自收到本告知书之日起6个月内向太仓市人民法院提起行政诉讼。"
)
REMEDY_LAWS = (
    "《中华人民共和国行政复议法》第二十条第一款：公民、法人或者其他组织认为行政行为侵犯其合法权益的，"
    "可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请；",
    "《中华人民共和国行政诉讼法》第四十六条第一款：公民、法人或者其他组织直接向人民法院提起诉讼的，"
    "应当自知道或者应当知道作出行政行为之日起六个月内提出。",
)


def test_every_reply_decision_has_its_own_sentence():
    assert set(SAYS) == set(REPLY_DECISIONS)
    assert set(REPLY_BASIS) == set(DECISIONS)


@pytest.mark.parametrize("decision", REPLY_DECISIONS, ids=str)
def test_reply_letter_states_decision_basis_and_remedies_in_docx_and_pdf(
    replied, decision, applicant_data
):
    id_number = applicant_data["id_number"]
    app, letter = replied(decision)
    docx, pdf = flat(docx_text(bytes(letter.docx))), pdf_text(bytes(letter.pdf))
    for text in (docx, pdf):
        assert "政府信息公开申请答复告知书" in text
        assert letter.doc_number == "太仓市政府办依申复〔2025〕1号"
        assert letter.doc_number in text
        assert "张明：" in text
        assert app.number in text and "2025年9月26日" in text
        assert app.description in text
        assert SAYS[decision] in text
        assert REMEDIES in text
        assert all(line in text for line in REMEDY_LAWS)
        assert "特此告知。" in text
        assert "太仓市人民政府办公室" in text and "二〇二五年十月二十四日" in text
        assert id_number not in text and id_number[:6] not in text
        for key in REPLY_BASIS[decision]:
            assert f"{law.ORDINANCE}{key}：{law.ARTICLES[key]}" in text, key
        # the report mapping (decisions.DECISIONS) and the letter agree on the article
        # (确认或重新出具 has no article of its own: the letter rests on 第二、三十八条)
        if decision != D.CONFIRM_REISSUE:
            assert DECISIONS[decision].article.split("、")[0] in text


def test_partial_reply_gives_the_withheld_parts_reason_and_each_grounds_article(replied):
    _app, letter = replied(
        D.PARTIAL,
        grounds=["process_info", "third_party"],
        reason="专家评审意见属于过程性信息；投标报价属于商业秘密。",
    )
    text = flat(docx_text(bytes(letter.docx)))
    assert "专家评审意见属于过程性信息；投标报价属于商业秘密。" in text
    assert "第十六条第二款、第十五条的规定，不予公开" in text
    for key in ("第三十七条", "第十六条第二款", "第十五条"):
        assert f"{law.ORDINANCE}{key}：" in text
    assert "附件：所申请公开的政府信息（可以公开的部分）" in text


def test_disclosure_in_another_form_than_asked_cites_article_40_with_the_reason(replied):
    _app, letter = replied(
        D.DISCLOSE, provided_form="paper", provided_form_reason="该文件仅有纸质原件"
    )
    text = pdf_text(bytes(letter.pdf))
    assert "你申请以电子形式获取该政府信息。因该文件仅有纸质原件" in text
    assert "第四十条的规定，本机关以纸质形式提供" in text
    assert f"{law.ORDINANCE}第四十条：" in text


def test_disclosure_in_the_asked_form_does_not_cite_article_40(replied):
    _app, letter = replied(D.DISCLOSE)
    text = pdf_text(bytes(letter.pdf))
    assert "第四十条" not in text
    assert "现以电子形式向你提供该政府信息（见附件）" in text


def test_disclosure_by_inspection_tells_where_and_when_and_lists_no_attachment(replied):
    _app, letter = replied(
        D.DISCLOSE, provided_form="inspect", provided_form_reason="原件为档案，不宜复制"
    )
    text = pdf_text(bytes(letter.pdf))
    assert "查阅、抄录该政府信息" in text
    assert "太仓市县府东街99号" in text
    assert "附件：" not in text


def test_not_our_info_without_a_known_organ_says_so(replied):
    _app, letter = replied(D.NOT_OUR_INFO, responsible_organ="无法确定")
    text = pdf_text(bytes(letter.pdf))
    assert "本机关无法确定负责公开该政府信息的行政机关" in text
    assert "负责公开该政府信息的行政机关为" not in text


def test_third_party_denial_without_consultation_does_not_claim_an_objection(replied):
    _app, letter = replied(D.DENY_THIRD_PARTY)  # the driver consulted: objection present
    assert "第三方不同意公开" in pdf_text(bytes(letter.pdf))
    _app2, plain = replied(D.DENY_INTERNAL_AFFAIRS)
    assert "第三方不同意公开" not in pdf_text(bytes(plain.pdf))


def test_organisation_applicant_is_addressed_by_its_name_as_you_unit(replied, org_applicant_data):
    _app, letter = replied(D.NOT_EXIST, data=org_applicant_data)
    text = pdf_text(bytes(letter.pdf))
    assert "江苏太仓某某律师事务所：" in text
    assert "你单位如对本答复不服" in text
    assert org_applicant_data["credit_code"] not in text


def test_unclear_after_correction_recalls_the_correction_notice(replied):
    _app, letter = replied(D.UNCLEAR_AFTER_CORRECTION)
    text = pdf_text(bytes(letter.pdf))
    assert "本机关于2025年9月28日依照" in text
    assert "本机关于2025年10月9日收到你补正后的申请" in text


def test_the_quoted_request_carries_no_doubled_punctuation(new_case, issue):
    from gongkai.applications.letters.context import quoted

    assert quoted("城区道路改造项目中标公告。") == "城区道路改造项目中标公告"
    assert quoted("  请提供2024年预算表；\n") == "请提供2024年预算表"
    app = new_case()
    app.description = "2025年城区道路改造项目的中标公告。"
    app.save(update_fields=["description"])
    import datetime as dt

    text = pdf_text(bytes(issue(app, "receipt", on=dt.date(2025, 9, 26)).pdf))
    assert "。”。" not in text and "中标公告”" in text
