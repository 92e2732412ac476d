"""The working-day calendar page (工作日历): the announced years, adding a new year, a calculator.

The page belongs to the office: it counts the user's cases whose deadlines are
still provisional. A new year is saved through `agencies.services.save_holiday_year`,
which checks the permission and lets every deadline owner recompute.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions as perm
from gongkai.agencies.services import save_holiday_year
from gongkai.core.arrangement import arrangement_text, calculate, parse_arrangement, year_view
from gongkai.core.calendar import WorkCalendar
from gongkai.core.forms import ChineseForm
from gongkai.core.models import HolidayYear
from gongkai.core.web import apply_errors, staff_view
from gongkai.core.workcalendar import get_calendar, out_of_range_message

from .models import Application


class HolidayYearForm(ChineseForm):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    notice = forms.CharField(
        label=gettext_lazy("通知名称"),
        max_length=200,
        help_text=gettext_lazy("如：国务院办公厅关于2027年部分节假日安排的通知"),
    )
    doc_no = forms.CharField(label=gettext_lazy("文号"), max_length=100, required=False)
    text = forms.CharField(
        label=gettext_lazy("放假与调休安排"),
        widget=forms.Textarea(attrs={"rows": 12, "class": "mono"}),
        help_text=gettext_lazy(
            "每行一项。放假：“名称 开始日期 结束日期”，如“国庆节 2027-10-01 2027-10-07”；"
            "一天的可只写一个日期。调休上班：“调休上班 2027-09-26”。以 # 开头的行为注释。"
        ),
    )


class CalculatorForm(ChineseForm):
    op = forms.ChoiceField(
        label=gettext_lazy("计算方式"),
        choices=[("add", gettext_lazy("加工作日")), ("between", gettext_lazy("计算间隔"))],
    )
    start = forms.DateField(label=gettext_lazy("起始日期"))
    days = forms.IntegerField(
        label=gettext_lazy("工作日数"), min_value=0, max_value=400, required=False
    )
    end = forms.DateField(label=gettext_lazy("截止日期"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("op") == "add" and data.get("days") is None:
            self.add_error("days", _("请填写工作日数。"))
        if data.get("op") == "between" and not data.get("end"):
            self.add_error("end", _("请填写截止日期。"))
        for name in ("start", "end"):  # what the calendar cannot answer is refused
            if data.get(name) and (message := out_of_range_message(data[name])):
                self.add_error(name, message)
        return data


def _provisional_cases(user: Any) -> Any:
    return Application.objects.open().filter(
        due_provisional=True, agency__in=perm.visible_agencies(user)
    )


@staff_view
def index(request: HttpRequest) -> HttpResponse:
    cal = get_calendar()
    can_manage = perm.can_manage_calendar(request.user)
    form = None
    if can_manage:
        form = HolidayYearForm(initial=_initial_year(request))
    return _page(request, cal, form)


def _initial_year(request: HttpRequest) -> dict[str, Any]:
    edit = request.GET.get("edit", "")
    hy = HolidayYear.objects.filter(year=int(edit)).first() if edit.isdigit() else None
    if hy:
        return {
            "year": hy.year,
            "notice": hy.notice,
            "doc_no": hy.doc_no,
            "text": arrangement_text(hy.arrangement),
        }
    last = HolidayYear.objects.order_by("-year").first()
    return {"year": (last.year + 1) if last else timezone.localdate().year}


def _page(request: HttpRequest, cal: WorkCalendar, form: Any, status: int = 200) -> HttpResponse:
    calc_form = CalculatorForm(request.GET if "op" in request.GET else None)
    result = calculate(cal, calc_form.cleaned_data) if calc_form.is_valid() else None
    years = [year_view(cal, hy) for hy in HolidayYear.objects.order_by("-year")]
    announced = sorted(cal.announced)
    context = {
        "years": years,
        "form": form,
        "calc_form": calc_form,
        "result": result,
        "next_year": (announced[-1] + 1) if announced else None,
        "provisional": _provisional_cases(request.user).count(),
        "today": timezone.localdate(),
    }
    return render(request, "calendar/index.html", context, status=status)


@staff_view
@require_POST
def add_year(request: HttpRequest) -> HttpResponse:
    perm.require(
        perm.can_manage_calendar(request.user), _("只有机关管理员或主管部门可以维护节假日安排。")
    )
    form = HolidayYearForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        before = _provisional_cases(request.user).count()
        try:
            arrangement = parse_arrangement(d["text"], d["year"])
            save_holiday_year(request.user, d["year"], d["notice"], arrangement, d["doc_no"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            after = _provisional_cases(request.user).count()
            messages.success(
                request,
                _(
                    "已保存%(y)d年节假日安排。重新计算了 %(n)d 件暂定的答复期限，"
                    "其中 %(fixed)d 件已成为确定期限。"
                )
                % {"y": d["year"], "n": before, "fixed": before - after},
            )
            return redirect("calendar:index")
    return _page(request, get_calendar(), form, status=400)
