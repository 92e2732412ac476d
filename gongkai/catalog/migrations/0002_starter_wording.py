"""The starter wording list (typos, sensitive phrasings, pre-2018 agency names); admins edit it."""

from django.db import migrations


def load(apps, schema_editor):
    from gongkai.catalog.taxonomy import wording_rules

    WordingRule = apps.get_model("catalog", "WordingRule")
    for rule in wording_rules():
        WordingRule.objects.get_or_create(
            wrong=rule["wrong"], defaults={"kind": rule["kind"], "right": rule["right"]}
        )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
