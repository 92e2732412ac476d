"""Form errors name their field, in Chinese (issue 9, m8: "该字段是必填项。" named nothing)."""

from __future__ import annotations

from gongkai.applications import forms as f


def test_every_missing_field_is_named(received_case):
    form = f.ReceiveCorrectionForm(data={}, app=received_case)
    assert not form.is_valid()
    assert "请填写“收到补正之日”。" in form.errors["received_on"]
    for name, errors in form.errors.items():
        assert all(str(form.fields[name].label) in e for e in errors), (name, errors)


def test_an_unchosen_choice_asks_to_choose(received_case):
    form = f.StartConsultationForm(data={}, app=received_case)
    assert not form.is_valid()
    assert "请选择“征求对象类型”。" in form.errors["kind"]


def test_an_over_long_text_is_refused_with_its_field_and_limit(received_case):
    form = f.ReceiveCorrectionForm(
        data={"received_on": "2025-10-09", "content": "字" * 4001}, app=received_case
    )
    assert not form.is_valid()
    assert "补正内容不能超过4000字（现有4001字）。" in form.errors["content"]
