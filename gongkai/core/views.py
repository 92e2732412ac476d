"""The working-day calendar page: the announced years, adding a new year, a calculator.

A new year's arrangement is pasted as plain lines (one holiday or one 调休
make-up day per line) and saved through `services.save_holiday_year`, which
recomputes every provisional deadline.
"""

from __future__ import annotations

import datetime as dt
import re
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
from gongkai.agencies.views import apply_errors, staff_view

from . import services
from .calendar import WorkCalendar
from .models import HolidayYear
from .workcalendar import get_calendar, out_of_range_message

WEEKDAYS = "一二三四五六日"
DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def parse_day(token: str) -> dt.date | None:
    m = DATE_RE.match(token)
    if not m:
        return None
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def parse_arrangement(text: str, year: int) -> dict[str, list[Any]]:
    """Lines → {"holidays": [...], "makeup_workdays": [...]}; Chinese errors name the line.

    `国庆节 2027-10-01 2027-10-07` is a rest range, `元旦 2027-01-01` a one-day
    rest, `调休上班 2027-09-26` or a bare date a make-up working day."""
    holidays: list[dict[str, str]] = []
    makeup: list[str] = []
    errors: list[str] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            kind, item = _parse_line(line, year)
        except ValueError as exc:
            errors.append(_("第%(n)d行“%(l)s”：%(e)s") % {"n": n, "l": line, "e": exc})
            continue
        if kind == "makeup":
            makeup.append(item)
        else:
            holidays.append(item)
    if errors:
        raise ValidationError({"text": errors})
    if not holidays:
        raise ValidationError({"text": [_("请至少填写一个放假安排。")]})
    return {"holidays": holidays, "makeup_workdays": sorted(makeup)}


def _parse_line(line: str, year: int) -> tuple[str, Any]:
    tokens = re.split(r"[\s,，至~～]+", line.replace("——", " ").replace("—", " "))
    dates: list[dt.date] = []
    names: list[str] = []
    for t in (t for t in tokens if t):
        try:
            day = parse_day(t)
        except ValueError:
            raise ValueError(_("日期“%(t)s”不存在") % {"t": t}) from None
        if day:
            dates.append(day)
        else:
            names.append(t)
    if not dates or len(dates) > 2:
        raise ValueError(_("每行应为“名称 开始日期 结束日期”或“调休上班 日期”"))
    for day in dates:
        if not dt.date(year - 1, 12, 1) <= day <= dt.date(year, 12, 31):
            raise ValueError(_("日期 %(d)s 不属于%(y)d年度的安排") % {"d": day, "y": year})
    name = "".join(names)
    if len(dates) == 1 and (not name or "调休" in name or "上班" in name):
        if dates[0].weekday() < 5:
            raise ValueError(_("调休上班日 %(d)s 不是周六或周日") % {"d": dates[0]})
        return "makeup", dates[0].isoformat()
    if not name:
        raise ValueError(_("请写明节日名称"))
    start, end = dates[0], dates[-1]
    if end < start:
        raise ValueError(_("结束日期早于开始日期"))
    return "holiday", {"name": name, "start": start.isoformat(), "end": end.isoformat()}


def arrangement_text(arrangement: dict[str, Any]) -> str:
    lines = [f"{h['name']} {h['start']} {h['end']}" for h in arrangement.get("holidays", [])]
    lines += [f"调休上班 {d}" for d in arrangement.get("makeup_workdays", [])]
    return "\n".join(lines)


class HolidayYearForm(forms.Form):
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


class CalculatorForm(forms.Form):
    op = forms.ChoiceField(
        choices=[("add", gettext_lazy("加工作日")), ("between", gettext_lazy("计算间隔"))]
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
        for name in ("start", "end"):  # what the calendar cannot answer is refused (H1)
            if data.get(name) and (message := out_of_range_message(data[name])):
                self.add_error(name, message)
        return data


def year_view(cal: WorkCalendar, hy: HolidayYear) -> dict[str, Any]:
    a = hy.arrangement
    rests = []
    for h in a.get("holidays", []):
        start, end = dt.date.fromisoformat(h["start"]), dt.date.fromisoformat(h["end"])
        rests.append(
            {"name": h["name"], "start": start, "end": end, "days": (end - start).days + 1}
        )
    makeup = [dt.date.fromisoformat(d) for d in a.get("makeup_workdays", [])]
    y = hy.year
    return {
        "hy": hy,
        "rests": rests,
        "makeup": [(d, WEEKDAYS[d.weekday()]) for d in makeup],
        "workdays": cal.working_days_between(dt.date(y - 1, 12, 31), dt.date(y, 12, 31)),
    }


def calculate(cal: WorkCalendar, data: dict[str, Any]) -> dict[str, Any]:
    start = data["start"]
    if data["op"] == "add":
        result = cal.add_working_days(start, data["days"])
        return {"date": result.date, "explain": result.explain(), "provisional": result.provisional}
    end = data["end"]
    lo, hi = sorted((start, end))
    notes = [
        f"{d:%Y-%m-%d}（{_('周')}{WEEKDAYS[d.weekday()]}）{label}"
        for y in range(lo.year, hi.year + 1)
        for d, label in cal.arrangement(y)
        if lo < d <= hi and (d.weekday() < 5 or "调休" in label)
    ]
    missing = [y for y in range(lo.year, hi.year + 1) if not cal.is_announced(y)]
    return {
        "count": cal.working_days_between(lo, hi),
        "lo": lo,
        "hi": hi,
        "notes": notes,
        "provisional": bool(missing),
        "missing": missing,
    }


def _provisional_cases(user: Any) -> Any:
    # The calendar is core; the cases it governs live in applications (lazy import).
    from gongkai.applications.models import Application

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
            services.save_holiday_year(
                request.user, d["year"], d["notice"], arrangement, d["doc_no"]
            )
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
