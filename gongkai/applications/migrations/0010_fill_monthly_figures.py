"""Fill the per-month figures from the cases (the same `case_keys` the services use)."""

from django.db import migrations


def fill(apps, schema_editor):
    from gongkai.applications.figures import FACT_FIELDS, figure_rows, tally

    Application = apps.get_model("applications", "Application")
    MonthlyFigure = apps.get_model("applications", "MonthlyFigure")
    cases = Application.objects.order_by().values(*FACT_FIELDS).iterator(chunk_size=5000)
    MonthlyFigure.objects.all().delete()
    MonthlyFigure.objects.bulk_create(figure_rows(MonthlyFigure, tally(cases)), batch_size=5000)


def empty(apps, schema_editor):
    apps.get_model("applications", "MonthlyFigure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("applications", "0009_monthly_figures")]

    operations = [migrations.RunPython(fill, empty)]
