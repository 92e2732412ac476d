"""Date inputs of the item forms keep their values: <input type=date> accepts only ISO
dates, and the zh-hans input format (2019/08/16) made the browser show an empty field, so the
next save silently cleared 成文日期 and 实施日期."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from gongkai.catalog import forms
from gongkai.catalog.models import Item


def _date_values(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="date" name="(\w+)" value="([^"]*)"', page))


def test_edit_form_shows_stored_dates_in_iso_form(client, draft, clerk):
    Item.objects.filter(pk=draft.pk).update(effective_on=dt.date(2019, 9, 1))
    client.force_login(clerk)
    page = client.get(reverse("catalog_office:edit", args=[draft.pk])).content.decode()
    assert _date_values(page) == {"written_on": "2019-08-16", "effective_on": "2019-09-01"}


def test_dates_survive_a_form_error(client, draft, clerk):
    """Typed in the local form (a browser without a date picker sends the text as typed),
    the dates come back in ISO form, so a date input can show them."""
    client.force_login(clerk)
    data = {
        "title": "",  # the form error
        "written_on": "2019/08/16",
        "effective_on": "2019-09-01",
        "category": draft.category,
    }
    response = client.post(reverse("catalog_office:edit", args=[draft.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "errorlist" in page
    assert _date_values(page) == {"written_on": "2019-08-16", "effective_on": "2019-09-01"}
    draft.refresh_from_db()
    assert draft.written_on == dt.date(2019, 8, 16) and draft.effective_on is None


def test_dates_survive_a_service_error(client, draft, clerk):
    client.force_login(clerk)
    data = {
        "title": draft.title,
        "written_on": "2019-08-16",
        "effective_on": "2019/08/01",  # before 成文日期: refused by the service
        "category": draft.category,
    }
    page = client.post(reverse("catalog_office:edit", args=[draft.pk]), data).content.decode()
    assert "实施日期不能早于成文日期" in page
    assert _date_values(page) == {"written_on": "2019-08-16", "effective_on": "2019-08-01"}


def test_scheduled_publish_time_renders_as_datetime_local():
    at = dt.datetime(2026, 12, 7, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    form = forms.PublishForm(initial={"at": at})
    assert 'type="datetime-local"' in str(form["at"])
    assert 'value="2026-12-07T09:30"' in str(form["at"])
    posted = forms.PublishForm({"at": "2026-12-07T09:30"})
    assert posted.is_valid() and timezone.localtime(posted.cleaned_data["at"]).hour == 9
    typed = forms.PublishForm({"at": "2026/12/07 09:30"})
    assert 'value="2026-12-07T09:30"' in str(typed["at"])
