"""Golden cases for the detectors the reviewer sees: personal data and the wording list."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalog import checks

PERSONAL = [
    # (text, expected (offset, kind) pairs)
    ("申请人身份证号11010519491231002X。", [(7, "身份证号")]),
    ("身份证号码：320585198503121026", [(6, "身份证号")]),
    ("号码 11010519491231002x 小写x", [(3, "身份证号")]),
    ("校验位错误：110105194912310021", []),  # 18 digits, wrong check digit
    ("日期错误：110105194913310023", []),  # month 13
    ("旧证：320585850312102", [(3, "身份证号（15位）")]),
    ("联系电话13912345678。", [(4, "手机号码")]),
    ("电话 139-1234-5678 或 139 1234 5678", [(3, "手机号码"), (19, "手机号码")]),
    ("座机0512-53512345不算", []),
    ("银行卡6222020200112233445。", []),  # fails Luhn
    ("银行卡4111111111111111，", [(3, "银行卡号")]),
    ("卡号 4111 1111 1111 1111", [(3, "银行卡号")]),
    ("邮箱zhang.san@example.com。", [(2, "电子邮箱")]),
    ("太政办〔2019〕112号 成文于2019年8月16日", []),
    ("合同金额12345678901234元", []),  # 14 digits: no card, no id
]


@pytest.mark.parametrize(("text", "expected"), PERSONAL)
def test_personal_data_detector(text, expected):
    found = [(offset, kind) for offset, kind, _masked in checks.personal_data(text)]
    assert found == expected


def test_personal_data_is_masked_in_the_finding():
    [(_o, _k, masked)] = list(checks.personal_data("身份证320585198503121026"))
    assert masked == "320***********1026"


def test_id_check_digit_follows_gb11643():
    assert checks.id_check_digit("11010519491231002") == "X"
    assert checks.id_check_digit("32058519850312102") == "6"


WORDING = [
    ("太仓市国土资源局发布", [(3, "国土资源局", "自然资源局")]),
    ("太仓市自然资源和规划局发布", []),  # 规划局 inside the right name is no finding
    ("苏州市规划局", [(3, "规划局", "自然资源和规划局")]),
    ("认真贯沏落实", [(2, "贯沏", "贯彻")]),
    ("中华人民共合国", [(0, "中华人民共合国", "中华人民共和国")]),
    ("做好政务公开工作", []),
]


@pytest.mark.parametrize(("text", "expected"), WORDING)
def test_wording_detector_with_starter_list(text, expected):
    from gongkai.catalog.taxonomy import wording_rules

    rules = [(r["wrong"], r["right"]) for r in wording_rules()]
    assert list(checks.wording(text, rules)) == expected


def test_starter_list_is_loaded_and_editable(db):
    from gongkai.catalog.models import WordingRule

    assert WordingRule.objects.filter(kind="obsolete_agency", wrong="国土资源局").exists()
    assert WordingRule.objects.count() >= 90


def test_findings_point_at_body_offset_and_attachment_page(draft):
    from gongkai.catalog.models import Attachment, Item

    Item.objects.filter(pk=draft.pk).update(body="<p>第一段</p><p>联系人电话13912345678</p>")
    Attachment.objects.create(
        item=draft,
        name="名单.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0",
        stored_name="x.pdf",
        pages=["第一页", "张三 320585198503121026"],
        extract_state="done",
    )
    draft.refresh_from_db()
    found = [f for f in checks.run_checks(draft) if f.check == "personal_data"]
    assert [f.place for f in found] == ["正文第10字", "附件《名单.pdf》第2页第4字"]


def test_wrong_wording_in_title_is_found(agencies, clerk):
    from catalogdocs import draft_fields

    from gongkai.catalog import services

    item = services.create_draft(
        clerk, agencies["TCBGS"], **draft_fields(title="太仓市环境保护局关于秸杆禁烧的通告")
    )
    places = {(f.place, f.message) for f in checks.run_checks(item) if f.check == "wording"}
    assert ("名称第4字", "“环境保护局”应为“生态环境局”") in places
    assert ("名称第11字", "“秸杆”应为“秸秆”") in places


def test_missing_metadata_is_listed(agencies, clerk):
    from gongkai.catalog import services

    item = services.create_draft(clerk, agencies["TCBGS"], title="无元数据", category="20-01")
    messages = [f.message for f in checks.metadata(item)]
    assert "缺少成文日期。" in messages
    assert "规范性文件须填写文号。" in messages
    assert "正文与附件不能都为空。" in messages


def test_twenty_working_days_rule_counts_the_national_day_holiday(draft):
    # 成文 2019-09-20; 国庆 10-01..10-07 with 调休 09-29 and 10-12 worked
    draft.written_on = dt.date(2019, 9, 20)
    # 20th working day: 10-23 (09-29 and 10-12 count, 10-01..10-07 do not)
    assert checks.deadline(draft, on=dt.date(2019, 10, 23)) == []
    [late] = checks.deadline(draft, on=dt.date(2019, 10, 24))
    assert "2019-10-23" in late.message


def test_blocking_is_configurable_per_agency(draft):
    from gongkai.catalog.models import AgencySettings, Item

    Item.objects.filter(pk=draft.pk).update(body="<p>电话13912345678</p>")
    draft.refresh_from_db()
    assert [f.check for f in checks.blocking(draft)] == ["personal_data"]
    AgencySettings.objects.create(agency=draft.agency, blocking_checks=["wording"])
    assert checks.blocking(draft) == []


def test_planted_id_number_blocks_second_review(draft, clerk, reviewer, chief):
    from gongkai.catalog import services
    from gongkai.core.workflow import StepError

    services.edit_draft(clerk, draft, body="<p>经办人身份证号320585198503121026</p>")
    services.submit(clerk, draft)
    services.first_review(reviewer, draft, approve=True)
    with pytest.raises(StepError, match="身份证号"):
        services.second_review(chief, draft, approve=True)
