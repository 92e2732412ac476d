"""Fill the per-year figures by summing the per-month ones (one grouped query: ~90k month
rows at 500k cases, a few seconds)."""

from django.db import migrations
from django.db.models import Sum
from django.db.models.functions import ExtractYear

BREAKDOWN = ("kind", "applicant_type", "decision", "replied", "on_time")


def fill(apps, schema_editor):
    MonthlyFigure = apps.get_model("applications", "MonthlyFigure")
    YearlyFigure = apps.get_model("applications", "YearlyFigure")
    sums = (
        MonthlyFigure.objects.order_by()
        .annotate(year=ExtractYear("month"))
        .values("agency_id", "year", *BREAKDOWN)
        .annotate(n=Sum("count"))
    )
    YearlyFigure.objects.all().delete()
    YearlyFigure.objects.bulk_create(
        (
            YearlyFigure(
                agency_id=r["agency_id"],
                year=r["year"],
                **{f: r[f] for f in BREAKDOWN},
                count=r["n"],
            )
            for r in sums.iterator(chunk_size=5000)
            if r["n"]
        ),
        batch_size=5000,
    )


def empty(apps, schema_editor):
    apps.get_model("applications", "YearlyFigure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0013_yearly_figures")]

    operations = [migrations.RunPython(fill, empty)]
