"""Stored letter wording moves from Django-template syntax to Chinese placeholders.

Converting once (rather than accepting both forms on read) means letters are
rendered by one small engine with no loops or filters, so the old engine and
its unbounded cost (issue 9) can go. A stored wording that uses something the
placeholders cannot say (a loop, a filter, attribute access) is removed, so
the agency falls back to its parent's or the shipped wording, which is
statute-correct, instead of issuing letters with template code in them; its
full text is kept in an audit record (letter_template.unconvertible) for the
admin to re-enter. Reversing converts the placeholders back.
"""

from django.db import migrations

from gongkai.applications.letters import legacy


def forwards(apps, schema_editor):
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for row in LetterTemplate.objects.select_related("agency"):
        target = f"{row.agency.code if row.agency else '*'}:{row.kind}:{row.decision or '-'}"
        try:
            row.body = legacy.from_django(row.body)
        except legacy.Unconvertible as exc:
            AuditEvent.objects.create(
                action="letter_template.unconvertible",
                target=target,
                detail={"body": row.body, "reason": str(exc)},
            )
            row.delete()
            continue
        row.save(update_fields=["body"])
        AuditEvent.objects.create(action="letter_template.convert", target=target, detail={})


def backwards(apps, schema_editor):
    LetterTemplate = apps.get_model("applications", "LetterTemplate")
    for row in LetterTemplate.objects.all():
        row.body = legacy.to_django(row.body)
        row.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_search_columns_and_list_indexes"),
        ("core", "0004_shared_cache_table"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
