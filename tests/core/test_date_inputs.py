"""<input type=date> shows only ISO dates. A date typed or stored in the zh-hans input format
(2019/08/16) and written back unchanged shows an empty box, and the next save clears it
(seen on the catalogue's forms; the same widget served the case and 工作要点 forms). One
widget in core now writes every date as ISO, on first display and after a form error."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import override

from gongkai.agencies.models import Agency
from gongkai.applications.forms import date_field
from gongkai.core.forms import DateInput, DateTimeLocalInput
from gongkai.reports.workplan.forms import TaskForm


def value_of(html: str) -> str:
    found = re.search(r'value="([^"]*)"', html)
    return found.group(1) if found else ""


def test_a_typed_date_in_the_local_format_is_written_back_as_iso():
    with override("zh-hans"):
        assert value_of(DateInput().render("d", "2019/08/16")) == "2019-08-16"
        assert value_of(DateInput().render("d", dt.date(2019, 8, 16))) == "2019-08-16"
        assert value_of(DateInput().render("d", "不是日期")) == "不是日期"
        html = DateTimeLocalInput().render("t", "2019/08/16 09:30")
        assert value_of(html) == "2019-08-16T09:30"


def test_case_and_work_plan_dates_use_the_iso_widget():
    assert isinstance(date_field("收到日期").widget, DateInput)
    assert isinstance(TaskForm.base_fields["due_on"].widget, DateInput)


def test_a_work_plan_task_redisplayed_after_an_error_keeps_its_due_date(db):
    with override("zh-hans"):
        form = TaskForm(data={"due_on": "2025/12/31"}, agencies=Agency.objects.none())
        assert not form.is_valid()  # the task's other fields are missing
        assert 'value="2025-12-31"' in str(form["due_on"])
