"""The demo catalogue is built through the real services, once."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from gongkai.catalog import taxonomy
from gongkai.catalog.models import Item, Status, Validity


def test_seed_catalog_builds_the_demo_once(agencies):
    from gongkai.applications.demo import ensure_staff

    ensure_staff(agencies)
    out = StringIO()
    call_command("seed_catalog", stdout=out)
    plan = Item.objects.published().get(doc_no="太政办〔2019〕112号")
    assert plan.agency.name == "太仓市人民政府办公室"
    assert plan.published_at.date().isoformat() == "2019-08-20"
    assert "推进政务运行公开透明" in plan.body
    assert plan.interpretations.get().item.status == Status.PUBLISHED
    categories = set(Item.objects.values_list("category", flat=True))
    assert categories == {code for code, _label in taxonomy.category_choices()}
    assert Item.objects.filter(status=Status.WITHDRAWN).count() == 1
    assert Item.objects.filter(validity=Validity.REPEALED).count() == 1
    from gongkai.catalog.models import GazetteIssue, Guide

    assert plan in GazetteIssue.objects.get().contents.all()

    assert Guide.objects.filter(agency=plan.agency).exists()
    assert Guide.objects.values("agency").distinct().count() >= 4
    call_command("seed_catalog", stdout=out)
    assert "未重复生成" in out.getvalue()
