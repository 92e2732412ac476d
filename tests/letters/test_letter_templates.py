"""Per-agency wording: lookup along the tree, validation, permissions, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from letterdocs import pdf_text

from gongkai.applications import letter_templates as lt
from gongkai.applications.decisions import Decision
from gongkai.applications.letters import bodies
from gongkai.applications.letters.context import letter_context, sample_facts
from gongkai.applications.models import LetterTemplate
from gongkai.core.models import AuditEvent

CUSTOM = (
    "【开头段】\n\n经查，【你】所申请公开的政府信息，本机关未制作也未获取。（【机关简称】定制）"
)


def admin_of(username, agency):
    from django.contrib.auth import get_user_model

    from gongkai.agencies.models import Membership

    user = get_user_model().objects.create_user(username, password="pw-for-tests-1")
    Membership.objects.create(user=user, agency=agency, role="admin")
    return user


@pytest.fixture
def tc_admin(admin_user):
    return admin_user  # 机关管理员 of 太仓市人民政府 (TC): TC, TCBGS, TCGQ


def test_without_overrides_the_shipped_default_applies(agencies):
    eff = lt.effective_template(agencies["TCBGS"], "reply", Decision.NOT_EXIST)
    assert eff.is_default and eff.owner is None
    assert eff.body == bodies.default_body("reply", Decision.NOT_EXIST)
    assert eff.body.startswith("【开头段】") and "{{" not in eff.body


def test_an_ancestors_override_applies_below_it_until_a_nearer_one_exists(agencies, tc_admin):
    lt.save_letter_template(tc_admin, agencies["TC"], "reply", Decision.NOT_EXIST, CUSTOM)
    below = lt.effective_template(agencies["TCBGS"], "reply", Decision.NOT_EXIST)
    assert (below.source, below.owner) == ("ancestor", agencies["TC"])
    assert lt.effective_template(agencies["CS"], "reply", Decision.NOT_EXIST).is_default

    own = CUSTOM.replace("定制", "办公室定制")
    lt.save_letter_template(tc_admin, agencies["TCBGS"], "reply", Decision.NOT_EXIST, own)
    nearest = lt.effective_template(agencies["TCBGS"], "reply", Decision.NOT_EXIST)
    assert (nearest.source, nearest.owner, nearest.body) == ("agency", agencies["TCBGS"], own)
    # other letters of the same agency are untouched
    assert lt.effective_template(agencies["TCBGS"], "reply", Decision.DISCLOSE).is_default


def test_the_override_is_used_in_the_issued_letter(agencies, tc_admin, replied):
    lt.save_letter_template(tc_admin, agencies["TC"], "reply", Decision.NOT_EXIST, CUSTOM)
    _app, letter = replied(Decision.NOT_EXIST)
    text = pdf_text(bytes(letter.pdf))
    assert "本机关未制作也未获取。（太仓市政府办定制）" in text
    assert "进行了检索" not in text
    # the statutory parts stay whatever the wording
    assert "向太仓市人民政府申请行政复议" in text
    assert "第三十六条第（四）项：经检索没有所申请公开信息的" in text


def test_resetting_falls_back_to_the_ancestor_then_the_default(agencies, tc_admin):
    lt.save_letter_template(tc_admin, agencies["TC"], "receipt", "", "【开头段】上级")
    lt.save_letter_template(tc_admin, agencies["TCBGS"], "receipt", "", "【开头段】本级")
    assert lt.reset_letter_template(tc_admin, agencies["TCBGS"], "receipt") is True
    assert lt.effective_template(agencies["TCBGS"], "receipt").body == "【开头段】上级"
    assert lt.reset_letter_template(tc_admin, agencies["TC"], "receipt") is True
    assert lt.effective_template(agencies["TCBGS"], "receipt").is_default
    assert lt.reset_letter_template(tc_admin, agencies["TC"], "receipt") is False
    assert AuditEvent.objects.filter(action="letter_template.reset").count() == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("【开头段】【如果 安排查阅】未结束", "缺少对应的“【结束】”"),
        ("【开头段】{% load static %}", "只能包含文字和【占位符】"),
        ("{% include 'base.html' %}", "只能包含文字和【占位符】"),
        ("{{ opening }}", "请改用【开头段】"),
        ("【开头段】【身份证号】", "没有【身份证号】这个占位符"),
        ("【如果 申请人是单位】【申请人名字】【结束】", "是不是【申请人】"),
        ("【如果 理由说明】【否则】【理由说明】【结束】【结束】", "多余的“【结束】”"),
        ("   ", "不能为空"),
        ("【如果 理由说明】【结束】", "没有任何文字"),
    ],
)
def test_a_broken_wording_is_refused_in_chinese_and_nothing_changes(
    agencies, tc_admin, body, message
):
    lt.save_letter_template(tc_admin, agencies["TCBGS"], "reply", Decision.REPEAT, CUSTOM)
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        lt.save_letter_template(tc_admin, agencies["TCBGS"], "reply", Decision.REPEAT, body)
    assert message in " ".join(exc.value.message_dict["body"])
    assert LetterTemplate.objects.get(agency=agencies["TCBGS"]).body == CUSTOM
    assert AuditEvent.objects.count() == audits


def test_an_error_names_the_line_and_column_as_typed(agencies, tc_admin):
    with pytest.raises(ValidationError) as exc:
        lt.save_letter_template(
            tc_admin, agencies["TCBGS"], "receipt", "", "\n【开头段】\n\n第二段\n\n这里【申请日】"
        )
    assert exc.value.message_dict["body"] == [
        "第6行第3列：没有【申请日】这个占位符，是不是【申请人】？"
    ]


def test_a_decision_that_does_not_belong_to_the_kind_is_refused(agencies, tc_admin):
    for kind, decision in [("receipt", "disclose"), ("reply", ""), ("reply", "withdrawn")]:
        with pytest.raises(ValidationError):
            lt.save_letter_template(tc_admin, agencies["TCBGS"], kind, decision, CUSTOM)
    assert not LetterTemplate.objects.exists()


def test_every_shipped_default_passes_the_same_validation(agencies):
    keys = bodies.all_keys()
    assert len(keys) == 5 + len(bodies.decisions_for("reply")) + 3
    for kind, decision in keys:
        lt.validate_body(bodies.default_body(kind, decision), agencies["TCBGS"], kind, decision)


def test_the_template_context_holds_only_plain_values():
    context = letter_context(sample_facts(None, Decision.PARTIAL), dt.date(2025, 10, 30))
    for key, value in context.items():
        assert isinstance(value, str | int | bool | list), key
        if isinstance(value, list):
            assert all(isinstance(v, str) for v in value), key
    assert not any("id_number" in key or key == "phone" for key in context)


def test_every_context_value_a_letter_offers_has_a_chinese_placeholder():
    from gongkai.applications.letters import placeholders

    context = letter_context(sample_facts(None, Decision.PARTIAL), dt.date(2025, 10, 30))
    assert set(context) == set(placeholders.by_key())
    for p in placeholders.PLACEHOLDERS:
        assert p.condition == isinstance(context[p.key], bool), p.name


# -- who may edit ---------------------------------------------------------------


def test_anonymous_user_may_not_edit_wording(agencies):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        lt.save_letter_template(AnonymousUser(), agencies["TCBGS"], "receipt", "", CUSTOM)
    assert not LetterTemplate.objects.exists()


def test_a_clerk_or_reviewer_may_not_edit_their_own_agencys_wording(agencies, clerk, reviewer):
    for user in (clerk, reviewer):
        with pytest.raises(PermissionDenied):
            lt.save_letter_template(user, agencies["TCBGS"], "receipt", "", CUSTOM)
    assert not LetterTemplate.objects.exists()


def test_another_agencys_admin_or_a_child_admin_may_not_edit_it(agencies):
    cs_admin = admin_of("csadmin", agencies["CS"])
    tcbgs_admin = admin_of("tcbgsadmin", agencies["TCBGS"])
    with pytest.raises(PermissionDenied):
        lt.save_letter_template(cs_admin, agencies["TCBGS"], "receipt", "", CUSTOM)
    with pytest.raises(PermissionDenied):  # rights go down the tree, never up
        lt.save_letter_template(tcbgs_admin, agencies["TC"], "receipt", "", CUSTOM)
    with pytest.raises(PermissionDenied):
        lt.reset_letter_template(cs_admin, agencies["TCBGS"], "receipt")
    assert not LetterTemplate.objects.exists()


def test_only_a_superuser_may_set_a_site_wide_wording(agencies, tc_admin):
    from django.contrib.auth import get_user_model

    with pytest.raises(PermissionDenied):
        lt.save_letter_template(tc_admin, None, "receipt", "", CUSTOM)
    root = get_user_model().objects.create_superuser("root", "root@example.gov.cn", "pw-1234567")
    lt.save_letter_template(root, None, "receipt", "", "【开头段】全站")
    assert lt.effective_template(agencies["CS"], "receipt").source == "site"


def test_the_agencys_admin_and_an_ancestors_admin_may_edit_and_are_audited(agencies, tc_admin):
    tcbgs_admin = admin_of("tcbgsadmin", agencies["TCBGS"])
    lt.save_letter_template(tcbgs_admin, agencies["TCBGS"], "receipt", "", CUSTOM)
    template = lt.save_letter_template(tc_admin, agencies["TCBGS"], "receipt", "", CUSTOM + "修改")
    assert LetterTemplate.objects.count() == 1
    assert template.body.endswith("修改") and template.updated_by == tc_admin
    events = list(AuditEvent.objects.filter(action="letter_template.save").order_by("id"))
    assert [(e.actor, e.detail["created"]) for e in events] == [
        (tcbgs_admin, True),
        (tc_admin, False),
    ]
    assert events[0].target == "TCBGS:receipt:-"
    assert events[0].detail["agency"] == "TCBGS"
