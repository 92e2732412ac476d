"""Which public pages are served from the page cache (core.pagecache), and what empties it.

`cacheable` marks a portal view; its copies live at most `pagecache.TTL` seconds, and no
longer than the next scheduled publication (`Item.published_at` in the future: the item
appears through `published()` at that instant without any write to signal it).

`connect_signals()` (PortalConfig.ready) bumps the portal version on every save or delete
of what the public pages show, except the steps of an item that has never been public
(draft to approved: a clerk's edits do not empty every copy). The catalogue's steps that move a status by
compare-and-set (`queryset.update()`, no signal) each also write an `ItemEvent`, and an
annual report's publication writes a `ReportVersion`: their saves carry the change.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from gongkai.catalog.models import (
    Attachment,
    GazetteIssue,
    Guide,
    Interpretation,
    Item,
    ItemEvent,
    Status,
)
from gongkai.core.pagecache import TTL, cacheable_page, portal_changed
from gongkai.reports.annual.models import AgencyReport, ReportVersion

SHOWN_ON_PORTAL = (Item, ItemEvent, Attachment, Interpretation, Guide, GazetteIssue,
                   AgencyReport, ReportVersion)  # fmt: skip


def seconds_to_live() -> int:
    """TTL, or fewer seconds when a scheduled item goes public sooner (at least 1)."""
    now = timezone.now()
    due = Item.objects.filter(status=Status.PUBLISHED, published_at__gt=now).aggregate(
        at=Min("published_at")
    )["at"]
    if due is None:
        return TTL
    return max(1, min(TTL, int((due - now).total_seconds())))


cacheable = cacheable_page(ttl=seconds_to_live)


# An item in these states has never been public: the steps before publication (a clerk's
# draft edits, review, attachments and readings of a draft) leave every copy in place.
NEVER_SHOWN = {Status.DRAFT, Status.FIRST_REVIEW, Status.SECOND_REVIEW, Status.APPROVED}
ITEM_PARTS = (ItemEvent, Attachment, Interpretation)


def _changed(sender: type, instance: Any = None, **kwargs: Any) -> None:
    if _never_shown(sender, instance):
        return
    portal_changed()


def _never_shown(sender: type, instance: Any) -> bool:
    if sender is not Item and sender not in ITEM_PARTS:
        return False
    try:
        item = instance if sender is Item else instance.item
    except ObjectDoesNotExist:  # deleted with its item: decide by the item's own signal
        return False
    return item.status in NEVER_SHOWN


def _changed_m2m(**kwargs: Any) -> None:
    portal_changed()


def connect_signals() -> None:
    for model in SHOWN_ON_PORTAL:
        uid = f"page-cache-{model._meta.label}"
        post_save.connect(_changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
    m2m_changed.connect(
        _changed_m2m,
        sender=GazetteIssue.contents.through,
        weak=False,
        dispatch_uid="page-cache-m2m",
    )
