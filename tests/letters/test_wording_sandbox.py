"""The placeholder language of letter wording: what it means, what it refuses, and
that no wording can hold a worker (issue 9: 28 s / 1.6 GB, and a killed worker)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from gongkai.applications import letter_templates as lt
from gongkai.applications.decisions import Decision
from gongkai.applications.letters import bodies, legacy, sandbox
from gongkai.applications.letters.context import letter_context, sample_facts

CONTEXT = letter_context(sample_facts(None, Decision.DISCLOSE), dt.date(2025, 10, 30))

# The two bodies the attack run used, verbatim in shape.
STRINGFORMAT_BOMB = '{{ opening|stringformat:"200000000s" }}'
NESTED_LOOPS = "".join('{% for v in "0123456789" %}' for _ in range(7)) + "x" + ("{% endfor %}" * 7)


def messages(text: str) -> list[str]:
    return [str(p) for p in sandbox.check(text)]


def test_placeholders_are_filled_from_the_case():
    text = sandbox.render_text("【申请人】（【申请编号】）于【收到日期】提出申请。", CONTEXT)
    assert text == "张明（SAMPLE-2025-00001）于2025年9月26日提出申请。"


def test_a_condition_chooses_its_branch_and_negation_flips_it():
    body = "【如果 安排查阅】查阅【否则】寄送【结束】；【如果没有 网站】无网站【结束】"
    assert sandbox.render_text(body, CONTEXT) == "寄送；无网站"
    assert sandbox.render_text(body, {**CONTEXT, "is_inspection": True}) == "查阅；无网站"


def test_an_unknown_placeholder_suggests_the_nearest_known_one():
    assert messages("请【申请人姓名】确认") == [
        "第1行第2列：没有【申请人姓名】这个占位符，是不是【申请人】？"
    ]


def test_an_english_variable_name_is_pointed_to_its_chinese_placeholder():
    assert messages("【applicant_name】") == [
        "第1行第1列：没有【applicant_name】这个占位符，请改用【申请人】。"
    ]


def test_unbalanced_brackets_are_located():
    assert messages("第一行\n开头【申请人") == [
        "第2行第3列：“【”没有配对的“】”（占位符须写在同一行内）。"
    ]
    assert messages("申请人】") == ["第1行第4列：多余的“】”：前面没有与之配对的“【”。"]


def test_if_else_end_must_pair_up():
    assert "缺少对应的“【结束】”" in messages("\n\n  【如果 机关地址】x")[0]
    assert messages("\n\n  【如果 机关地址】x")[0].startswith("第3行第3列")
    assert "前面没有“【如果 …】”" in messages("x【否则】y")[0]
    assert "只能有一个“【否则】”" in messages("【如果 网站】a【否则】b【否则】c【结束】")[0]


def test_a_yes_no_fact_cannot_be_printed():
    assert "只能写在【如果 安排查阅】中" in messages("【安排查阅】")[0]


def test_every_problem_is_reported_not_only_the_first():
    assert len(messages("【甲】\n【乙】\n{{ x }}")) == 3


@pytest.mark.parametrize(
    "body",
    [
        "{% load static %}",
        "{% include '/etc/passwd' %}",
        "{{ settings.SECRET_KEY }}",
        "{{ opening.__class__.__mro__ }}",
        "{% debug %}",
        "{# comment #}",
    ],
)
def test_django_template_syntax_is_refused(body):
    problems = messages("正文" + body)
    assert problems and problems[0].startswith("第1行第3列：不能使用模板写法")


def test_the_reviewed_stringformat_expression_is_refused_quickly_in_chinese():
    started = time.monotonic()
    problems = messages(STRINGFORMAT_BOMB)
    assert time.monotonic() - started < 0.1
    assert problems == [
        '第1行第1列：不能使用模板写法“{{ opening|stringformat:"200000000s" }}”，'
        "文书正文只能包含文字和【占位符】。"
    ]


def test_the_reviewed_nested_loops_are_refused_quickly_in_chinese():
    started = time.monotonic()
    problems = messages(NESTED_LOOPS)
    assert time.monotonic() - started < 0.1
    assert "文书正文不支持循环、过滤器等程序逻辑" in problems[0]
    assert problems[0].startswith("第1行第1列")


def test_the_worst_legal_wording_renders_in_bounded_time_and_size():
    # the longest value repeated as often as the length limit allows
    body = ("【收费标准】" * (sandbox.MAX_BODY_CHARS // 6))[: sandbox.MAX_BODY_CHARS]
    started = time.monotonic()
    with pytest.raises(sandbox.WordingError) as exc:
        sandbox.render_text(body, CONTEXT)
    assert time.monotonic() - started < 1
    assert "生成的正文过长" in str(exc.value)


def test_deep_nesting_is_refused():
    body = "【如果 网站】" * 4 + "x" + "【结束】" * 4
    assert "最多嵌套3层" in messages(body)[0]


def test_an_over_long_body_is_refused_before_parsing():
    assert "正文过长" in messages("字" * (sandbox.MAX_BODY_CHARS + 1))[0]


def test_the_render_has_a_time_budget(monkeypatch):
    monkeypatch.setattr(sandbox, "RENDER_SECONDS", -1.0)
    with pytest.raises(sandbox.WordingError, match="生成正文超时"):
        sandbox.render_text("【申请人】", CONTEXT)


# -- old wording -----------------------------------------------------------------


def test_old_django_wording_converts_to_placeholders_and_back():
    old = "{{ opening }}\n\n{% if not agency_website %}无{% else %}{{ agency_website }}{% endif %}{# x #}"
    new = legacy.from_django(old)
    assert new == "【开头段】\n\n【如果没有 网站】无【否则】【网站】【结束】"
    assert legacy.to_django(new) == old.replace("{# x #}", "")


@pytest.mark.parametrize(
    "old",
    [STRINGFORMAT_BOMB, NESTED_LOOPS, "{{ you.upper }}", "{% with a=you %}{{ a }}{% endwith %}"],
)
def test_old_wording_with_logic_is_not_guessed(old):
    with pytest.raises(legacy.Unconvertible):
        legacy.from_django(old)


def test_every_shipped_default_renders_the_same_as_under_the_old_engine():
    from django.template import Context, Engine

    engine = Engine(autoescape=False)
    for kind, decision in bodies.all_keys():
        context = letter_context(sample_facts(None, decision), dt.date(2025, 10, 30))
        old = bodies.default_path(kind, decision).read_text(encoding="utf-8")
        expected = engine.from_string(old).render(Context(context, autoescape=False))
        assert sandbox.render_text(bodies.default_body(kind, decision), context) == expected


@pytest.mark.django_db
def test_preview_of_a_draft_is_for_editors_only(agencies, clerk, admin_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        lt.preview_body(clerk, agencies["TCBGS"], "receipt", "", "【申请人】")
    result = lt.preview_body(admin_user, agencies["TCBGS"], "receipt", "", "【申请人】你好")
    assert result.paragraphs == ["张明你好"] and result.problems == []


@pytest.mark.django_db
def test_the_data_migration_converts_stored_wording_and_keeps_what_it_cannot(agencies):
    import importlib

    from django.apps import apps

    from gongkai.applications.models import LetterTemplate
    from gongkai.core.models import AuditEvent

    migration = importlib.import_module(
        "gongkai.applications.migrations.0004_letter_wording_placeholders"
    )
    LetterTemplate.objects.create(
        agency=agencies["TC"], kind="receipt", body="{{ opening }}\n\n请于{{ due_on }}前查询。"
    )
    LetterTemplate.objects.create(agency=agencies["CS"], kind="receipt", body=NESTED_LOOPS)
    migration.forwards(apps, None)
    kept = LetterTemplate.objects.get()
    assert (kept.agency, kept.body) == (agencies["TC"], "【开头段】\n\n请于【答复期限】前查询。")
    dropped = AuditEvent.objects.get(action="letter_template.unconvertible")
    assert dropped.target == "CS:receipt:-" and dropped.detail["body"] == NESTED_LOOPS
    assert lt.effective_template(agencies["CS"], "receipt").is_default
    migration.backwards(apps, None)
    assert LetterTemplate.objects.get().body == "{{ opening }}\n\n请于{{ due_on }}前查询。"
