"""Every form speaks Chinese and names the field it complains about (issue 9: "English
showing through … Django's stock messages that do not name the field", "unlabeled selects")."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import override

import gongkai
from gongkai.agencies.models import Agency
from gongkai.catalog.models import Item
from gongkai.core.forms import ChineseFormMixin, ChineseModelForm

ENGLISH = re.compile(r"[A-Za-z]{3,}")
STOCK_EMPTY_CHOICE = "---------"


def project_form_classes() -> list[type[forms.BaseForm]]:
    """Import every module of the project, then collect the form classes it defines."""
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if ".migrations" not in module.name and not module.name.endswith(".wsgi"):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type] = [forms.BaseForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("gongkai.") and sub.__module__ != "gongkai.core.forms":
                found.append(sub)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORM_CLASSES = project_form_classes()


def make_form(cls: type[forms.BaseForm], context: dict[str, Any], **kwargs: Any) -> Any:
    """The form, given whatever keyword arguments its __init__ asks for by name."""
    for _attempt in range(4):
        try:
            return cls(**kwargs)
        except TypeError as exc:
            missing = re.search(r"required (?:keyword-only|positional) argument: '(\w+)'", str(exc))
            if not missing or missing.group(1) not in context:
                raise
            kwargs[missing.group(1)] = context[missing.group(1)]
    raise AssertionError(f"{cls.__name__}: too many required arguments")


@pytest.fixture
def context(agencies, clerk, received_case):
    from gongkai.catalog import services

    every_agency = Agency.objects.order_by("path")
    item = services.create_draft(
        clerk,
        agencies["TCBGS"],
        title="关于印发《太仓市2019年政务公开工作要点》的通知",
        written_on=dt.date(2019, 8, 16),
        category="L-03",
        subject="综合政务\\政务公开",
        genre="通知",
        body="<p>各镇人民政府，各有关部门：现将工作要点印发给你们。</p>",
    )
    return {
        "item": item,
        "agencies": every_agency,
        "scopes": every_agency,
        "app": received_case,
        "items": Item.objects.all(),
        "policies": Item.objects.all(),
        "user": clerk,
        "years": [2024, 2025],
    }


def errors_of(form: forms.BaseForm) -> list[str]:
    return [str(m) for messages in form.errors.values() for m in messages]


def test_the_walk_finds_the_forms_of_every_app():
    apps = {cls.__module__.split(".")[1] for cls in FORM_CLASSES}
    assert {"agencies", "applications", "catalog", "portal", "reports"} <= apps
    assert len(FORM_CLASSES) > 40


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_project_form_uses_the_chinese_mixin(cls):
    assert issubclass(cls, ChineseFormMixin), f"{cls.__module__}.{cls.__name__}"


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_renders_and_answers_empty_input_in_chinese(cls, context):
    with override("zh-hans"):
        form = make_form(cls, context, data=MultiValueDict(), files=MultiValueDict())
        html = str(form)
        form.is_valid()
        messages = errors_of(form)
    assert STOCK_EMPTY_CHOICE not in html
    assert ":</label>" not in html, "no ASCII colon after a Chinese label"
    for message in messages:  # a label may name a format ("电子版（PDF）"): not English
        assert not ENGLISH.search(re.sub(r"「[^」]*」", "", message)), message
        assert message != "这个字段是必填项。", "a required error must name its field"
    for name, field in form.fields.items():
        if field.required and field.label and name in form.errors:
            assert any(str(field.label) in m or "请" in m for m in form.errors[name])


def test_bad_input_gives_field_named_messages(context):
    from gongkai.applications.calendar_views import HolidayYearForm
    from gongkai.reports.workplan.forms import PlanForm, TaskForm

    with override("zh-hans"):
        plan = PlanForm(data={"year": "明年", "title": "标" * 230}, agencies=context["agencies"])
        task = TaskForm(
            data={"title": "公开", "due_on": "2026-13-40", "agencies": ["x"]},
            agencies=context["agencies"],
        )
        holidays = HolidayYearForm(data={"year": "1999", "notice": "通知", "text": "国庆节"})
        assert not plan.is_valid() and not task.is_valid() and not holidays.is_valid()

    assert plan.errors["agency"] == ["请选择「印发机关」。"]
    assert plan.errors["year"] == ["「年度」须为整数。"]
    assert plan.errors["title"] == ["「标题」不能超过200字（现有230字）。"]
    assert task.errors["due_on"] == ["「完成时限」不是有效的日期。"]
    assert task.errors["agencies"] == ["「责任单位」的选项无效。"]
    assert holidays.errors["year"] == ["「年度」不能小于2000。"]


def test_choice_email_and_required_messages_name_the_field(context):
    from gongkai.agencies.forms import UserCreateForm
    from gongkai.applications.forms import RegisterForm
    from gongkai.catalog.forms import ItemForm
    from gongkai.portal.forms import ApplyForm

    with override("zh-hans"):
        user = UserCreateForm(data={"email": "not-an-address", "role": "emperor"})
        item = ItemForm(data={"title": "", "category": "no-such-category"})
        register = RegisterForm(
            data={"arrived_on": "昨天", "channel": "pigeon"}, agencies=context["agencies"]
        )
        apply = ApplyForm(data={"id_type": "passport-of-atlantis"})
        for form in (user, item, register, apply):
            form.is_valid()

    assert user.errors["username"] == ["请填写「登录名」。"]
    assert user.errors["email"] == ["「电子邮箱」不是有效的电子邮箱地址。"]
    assert user.errors["role"] == ["「角色」的选项无效。"]
    assert item.errors["title"] == ["请填写「名称」。"]
    assert item.errors["category"] == ["「公开类别」的选项无效。"]
    assert register.errors["agency"] == ["请选择「受理机关」。"]
    assert register.errors["channel"] == [
        f"「{RegisterForm.base_fields['channel'].label}」的选项无效。"
    ]
    assert register.errors["arrived_on"] == [
        f"「{RegisterForm.base_fields['arrived_on'].label}」不是有效的日期。"
    ]
    assert apply.errors["id_type"] == ["「证件类型」的选项无效。"]


def test_a_message_the_form_sets_itself_is_kept():
    from gongkai.portal.forms import ApplyForm, TrackForm

    with override("zh-hans"):
        apply = ApplyForm(data={})
        track = TrackForm(data={"number": "x" * 41})
        apply.is_valid()
        track.is_valid()
    assert apply.errors["declaration"] == ["请阅读并勾选承诺声明。"]
    assert track.errors["code"] == ["请填写查询码。"]
    assert track.errors["number"] == ["「申请编号」不能超过40字（现有41字）。"]


class AgencyNameForm(ChineseModelForm):
    class Meta:
        model = Agency
        fields = ("name",)


def test_a_model_form_names_the_field_in_a_uniqueness_error(agencies):
    taken = Agency.objects.order_by("pk").first()
    with override("zh-hans"):
        form = AgencyNameForm(data={"name": taken.name})
        assert not form.is_valid()
        html = str(AgencyNameForm())
    assert form.errors["name"] == ["「机关名称」已被使用，请换一个。"]
    assert ":</label>" not in html


def test_the_stock_empty_choice_reads_as_a_dash(agencies):
    class PickForm(ChineseModelForm):
        class Meta:
            model = Agency
            fields = ("parent",)

    with override("zh-hans"):
        html = str(PickForm())
    assert STOCK_EMPTY_CHOICE not in html
    assert '<option value="" selected>——</option>' in html


# -- selects on the rendered pages have labels -------------------------------------------


class SelectLabels(HTMLParser):
    """Ids of selects, the ids labels point at, and selects labelled otherwise."""

    def __init__(self) -> None:
        super().__init__()
        self.selects: list[str] = []
        self.labelled: set[str] = set()
        self.label_for: set[str] = set()
        self.inside_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label":
            self.inside_label += 1
            if a.get("for"):
                self.label_for.add(a["for"] or "")
        if tag == "select":
            ident = a.get("id") or a.get("name") or "?"
            self.selects.append(ident)
            if self.inside_label or a.get("aria-label") or a.get("aria-labelledby"):
                self.labelled.add(ident)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.inside_label -= 1

    def unlabelled(self) -> list[str]:
        return [s for s in self.selects if s not in self.labelled | self.label_for]


def unlabelled_selects(html: str) -> tuple[int, list[str]]:
    parser = SelectLabels()
    parser.feed(html)
    return len(parser.selects), parser.unlabelled()


OFFICE_PAGES = [
    ("clerk", "office:queue", []),
    ("clerk", "office:register", []),
    ("clerk", "office:dashboard", []),
    ("clerk", "office:letter_register", []),
    ("admin_user", "office:agency_users_default", []),
    ("supervisor", "reports:index", []),
    ("supervisor", "reports:compare", []),
]


@pytest.mark.parametrize(("who", "name", "args"), OFFICE_PAGES)
def test_office_selects_have_labels(client, request, who, name, args):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name, args=args), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    _count, missing = unlabelled_selects(html)
    assert missing == [], f"{name}: selects without a label: {missing}"
    assert STOCK_EMPTY_CHOICE not in html
    assert ":</label>" not in html


def test_office_pages_do_show_selects(client, clerk):
    client.force_login(clerk)
    count, _missing = unlabelled_selects(client.get(reverse("office:queue")).content.decode())
    assert count >= 4


@pytest.mark.parametrize("path", ["portal:apply", "portal:track", "portal:track_lost"])
def test_portal_selects_have_labels(client, agencies, path):
    args = ["TCBGS"] if path == "portal:apply" else []
    response = client.get(reverse(path, args=args))
    assert response.status_code == 200
    html = response.content.decode()
    count, missing = unlabelled_selects(html)
    assert missing == []
    assert STOCK_EMPTY_CHOICE not in html
    if path == "portal:apply":
        assert count >= 3


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_no_textarea_truncates_a_paste_silently(cls, context):
    """A ``maxlength`` on a textarea makes the browser cut a paste off without a word
    (issue 9): a limited textarea shows a live counter instead (``data-maxchars``) and the
    server names the field and the count."""
    form = make_form(cls, context)
    for bound in form:
        if isinstance(bound.field.widget, forms.Textarea):
            html = str(bound)
            assert "maxlength" not in html, f"{cls.__name__}.{bound.name}"
