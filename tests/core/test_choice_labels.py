"""`core.choices.label` answers what `get_<field>_display()` answers, for every choice and
for a value outside the choices, translating each choice set once, not per call."""

from __future__ import annotations

import pytest
from django.utils import translation

from gongkai.applications.models import Application, Channel, Status
from gongkai.core import choices


@pytest.mark.parametrize("field", ["status", "channel", "applicant_type", "decision", "due_state"])
def test_label_equals_get_display_for_every_choice(field):
    with translation.override("zh-hans"):
        for value, _label in Application._meta.get_field(field).flatchoices:
            app = Application(**{field: value})
            assert choices.label(app, field) == getattr(app, f"get_{field}_display")()


def test_an_unknown_value_is_shown_as_it_is():
    assert choices.label(Application(decision=""), "decision") == ""
    assert choices.label(Application(status="gone"), "status") == "gone"


def test_a_list_of_cases_translates_each_choice_set_once():
    choices._labels.cache_clear()
    apps = [Application(status=Status.REPLIED, channel=Channel.EMAIL) for _ in range(50)]
    with translation.override("zh-hans"):
        shown = [(choices.label(a, "status"), choices.label(a, "channel")) for a in apps]
    assert shown[0][0] == "已答复"
    assert choices._labels.cache_info().misses == 2  # one per choice set, not per row
