"""`manage.py workdays` for staff and scripts: the answer alone on the last line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str) -> tuple[list[str], str]:
    out, err = StringIO(), StringIO()
    call_command("workdays", *args, stdout=out, stderr=err)
    return out.getvalue().strip().splitlines(), err.getvalue()


def test_add_prints_the_explanation_then_the_iso_date_alone():
    lines, err = run("add", "2025-09-26", "20")

    assert lines[-1] == "2025-10-30"
    assert "国庆节、中秋节放假" in lines[0]
    assert err == ""


def test_add_into_an_unannounced_year_warns_on_stderr():
    lines, err = run("add", "2026-12-10", "20")

    assert lines[-1] == "2027-01-08"  # 01-01 is a statutory holiday
    assert "暂定" in err


def test_between_prints_the_count_alone():
    lines, _err = run("between", "2025-01-20", "2025-02-21")

    assert lines[-1] == "20"


def test_between_into_an_unannounced_year_warns():
    lines, err = run("between", "2026-12-25", "2027-01-08")

    assert lines[-1] == "9"  # weekends and the statutory 01-01 in 2027
    assert "2027" in err


def test_year_lists_rest_days_and_makeup_days_then_their_count():
    lines, _err = run("year", "2025")

    assert "2025-10-08 三 国庆节、中秋节放假" in lines
    assert "2025-02-08 六 调休上班" in lines
    assert lines[-1] == str(len(lines) - 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2025-13-01", "5"), "日期格式应为 YYYY-MM-DD"),
        (("add", "2025-10-01", "-3"), "工作日数不能为负数"),
        (("between", "2025-10-09", "2025-10-01"), "截止日期不能早于起始日期"),
        (("year", "2027"), "2027年节假日安排尚未公布"),
    ],
)
def test_bad_input_is_refused_with_a_chinese_message(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
