"""Load the shipped 2019–2026 arrangements (regs/holidays.json) into HolidayYear."""

from django.db import migrations


def load(apps, schema_editor):
    from gongkai.core.workcalendar import shipped_years

    HolidayYear = apps.get_model("core", "HolidayYear")
    for key, y in shipped_years().items():
        if "holidays" not in y:
            continue  # announced years only (2027: not published)
        HolidayYear.objects.update_or_create(
            year=int(key),
            defaults={
                "notice": y.get("notice", ""),
                "doc_no": (y.get("doc_no") or "").split(" ")[0],  # drop research notes
                "arrangement": {"holidays": y["holidays"], "makeup_workdays": y["makeup_workdays"]},
            },
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
