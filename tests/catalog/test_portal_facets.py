"""The catalogue's filter drop-downs list exactly the agencies and years with a published item,
computed by index probes (per agency, per year) rather than a DISTINCT over every item."""

from __future__ import annotations

import datetime as dt

import pytest
from catalogdocs import draft_fields
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalog import services
from gongkai.catalog.models import Item
from gongkai.portal.disclosure import _facets

pytestmark = pytest.mark.django_db


def _publish(item, clerk, reviewer, chief, when):
    services.submit(clerk, item)
    services.first_review(reviewer, item, approve=True)
    services.second_review(chief, item, approve=True)
    services.publish(chief, item)
    Item.objects.filter(pk=item.pk).update(published_at=when)


def _local(year, month, day, hour=0):
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def test_facets_are_the_agencies_and_years_with_published_items(agencies, clerk, reviewer, chief):
    office = agencies["TCBGS"]
    # 2019 and 2021 have items, 2020 none: a gap year is not offered
    for when in (_local(2019, 8, 16), _local(2021, 3, 1)):
        _publish(
            services.create_draft(clerk, office, **draft_fields()), clerk, reviewer, chief, when
        )
    # 00:30 on 1 January local time is still 31 December in UTC: the year is the local one
    _publish(
        services.create_draft(clerk, office, **draft_fields()),
        clerk,
        reviewer,
        chief,
        _local(2023, 1, 1, 0) + dt.timedelta(minutes=30),
    )
    # a draft dated 2017 and an item scheduled for next year are not public
    draft = services.create_draft(clerk, office, **draft_fields())
    Item.objects.filter(pk=draft.pk).update(published_at=_local(2017, 5, 1))
    future = services.create_draft(clerk, office, **draft_fields())
    _publish(future, clerk, reviewer, chief, timezone.now() + dt.timedelta(days=400))

    facets = _facets()
    assert facets["years"] == [2023, 2021, 2019]
    published = Item.objects.published()
    naive_years = sorted(
        set(published.annotate(y=ExtractYear("published_at")).values_list("y", flat=True)),
        reverse=True,
    )
    assert facets["years"] == naive_years
    naive_agencies = list(Agency.objects.filter(pk__in=published.values("agency")).order_by("path"))
    assert list(facets["agencies"]) == naive_agencies == [office]


def test_no_published_items_no_years(db):
    assert _facets()["years"] == []
    assert list(_facets()["agencies"]) == []


def test_the_catalogue_page_offers_the_years(client, agencies, clerk, reviewer, chief):
    item = services.create_draft(clerk, agencies["TCBGS"], **draft_fields())
    _publish(item, clerk, reviewer, chief, _local(2020, 6, 1))
    page = client.get(reverse("gk:index")).content.decode()
    assert '<option value="2020"' in page
