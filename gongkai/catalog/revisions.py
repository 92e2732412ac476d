"""Corrections of published items (更正): a typo, a new 实施日期, a better summary.

A published item is never edited directly. Staff propose a `Revision` (the changed fields and
a reason); it goes through the same four eyes as a new item — 初审 by a reviewer who is not
the author, 复核 by a reviewer who is neither — with the same automatic checks run on the
item *as it would read after the change*. 复核 approval applies it: the item changes in place,
keeps its 索引号, gets a new 更新日期 (`revised_at`), and its search row is rebuilt in the
same transaction. Every step is an ItemEvent on the item (and an audit entry).

The moves are `models.REVISION_ALLOWED`; each verb here checks permission, states its
precondition in a `*_blocker` function, and moves the state by compare-and-set.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core.actors import Actor, user_of
from gongkai.core.workflow import ConflictError, jsonable, move, require

from . import attachments, checks, search, services
from .models import (
    REVISION_ALLOWED,
    REVISION_OPEN,
    Attachment,
    EventKind,
    Item,
    Revision,
    RevisionState,
    Status,
)

__all__ = ["Revision", "RevisionState"]

DATE_FIELDS = ("written_on", "effective_on")


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    return jsonable(values)


def _loaded(values: dict[str, Any]) -> dict[str, Any]:
    """Stored JSON back to field values (dates from their ISO strings)."""
    out = dict(values)
    for name in DATE_FIELDS:
        if out.get(name):
            out[name] = dt.date.fromisoformat(out[name])
    return out


def proposed_values(revision: Revision) -> dict[str, Any]:
    return _loaded(revision.proposed)


def preview(revision: Revision) -> Item:
    """The item as it would read once the revision is applied (unsaved; for the checks)."""
    item = copy.copy(revision.item)
    for name, value in proposed_values(revision).items():
        setattr(item, name, value)
    return item


def added_files(revision: Revision) -> list[Attachment]:
    return list(Attachment.all_objects.filter(added_by=revision))  # not current until applied


def removed_files(revision: Revision) -> list[Attachment]:
    return list(Attachment.all_objects.filter(pk__in=revision.removed_attachments))


def files_after(revision: Revision) -> list[Attachment]:
    """The item's files as they would be once the revision is applied."""
    kept = revision.item.attachments.exclude(pk__in=revision.removed_attachments)
    return [*kept, *added_files(revision)]


def findings(revision: Revision) -> list[checks.Finding]:
    """The automatic checks on the corrected item and its files, shown to both reviewers."""
    return checks.run_checks(preview(revision), attachments=files_after(revision))


def changes(revision: Revision) -> list[tuple[str, Any, Any]]:
    """(field label, old value, new value) for the office's side-by-side view."""
    rows = [
        (
            str(getattr(Item._meta.get_field(name), "verbose_name", name)),
            revision.old.get(name, ""),
            value,
        )
        for name, value in revision.proposed.items()
    ]
    removed, added = removed_files(revision), added_files(revision)
    if removed or added:
        rows.append(
            (_("附件"), "、".join(a.name for a in removed), "、".join(a.name for a in added))
        )
    return rows


def _event(revision: Revision, actor: Actor, kind: str, note: str = "", **data: Any) -> None:
    # the item's own _event: its history and the audit log in one place
    services._event(revision.item, actor, kind, note=note, revision=revision.pk, **data)


# -- propose ----------------------------------------------------------------------------


def propose_blocker(item: Item) -> str | None:
    if item.status != Status.PUBLISHED:
        return _("只有已发布的条目可以更正；草稿请直接修改。")
    if item.revisions.filter(state__in=REVISION_OPEN).exists():
        return _("该条目已有一项更正正在办理，请先完成或撤销。")
    return None


@transaction.atomic
def propose(
    actor: Actor,
    item: Item,
    reason: str,
    remove_attachments: Sequence[int] = (),
    files: Sequence[tuple[str, bytes]] = (),
    **fields: Any,
) -> Revision:
    """A correction of a published item, in 草稿: only the fields that change are kept; files
    to take off (`remove_attachments`, ids) and new files (`files`, name and bytes) are
    part of it and change the item only when it is applied."""
    perm.require(perm.can_draft_item(actor, item.agency))
    require(propose_blocker(item))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写更正理由。")})
    removed = sorted(set(remove_attachments))
    if set(removed) - set(item.attachments.values_list("pk", flat=True)):
        raise ValidationError({"remove_attachments": _("只能删除本条目现有的附件。")})
    for name, data in files:
        attachments.validate(name, data)  # before anything is stored
    # validated as the whole item will read (实施日期 against the published 成文日期 …)
    current = {name: getattr(item, name) for name in services.EDITABLE}
    values = services._clean_fields({**current, **fields})
    if "publisher" in values and not values["publisher"]:
        values["publisher"] = item.agency.name
    changed = {k: v for k, v in values.items() if getattr(item, k) != v}
    if not (changed or removed or files):
        raise ValidationError(_("更正内容与已发布的内容相同，没有需要更正之处。"))
    try:
        with transaction.atomic():
            revision = Revision.objects.create(
                item=item,
                proposed=_stored(changed),
                old=_stored({k: getattr(item, k) for k in changed}),
                removed_attachments=removed,
                reason=reason.strip(),
                author=user_of(actor),
            )
    except IntegrityError:  # another correction was proposed at the same moment
        raise ConflictError(_("该条目已有一项更正正在办理，请先完成或撤销。")) from None
    for name, data in files:
        attachments.store(actor, item, name, data, is_current=False, added_by=revision)
    _event(
        revision,
        actor,
        EventKind.REVISION_PROPOSED,
        note=reason,
        fields=sorted(changed),
        **_file_names(revision),
    )
    return revision


def _file_names(revision: Revision) -> dict[str, list[str]]:
    removed, added = removed_files(revision), added_files(revision)
    return {
        **({"removed_files": [a.name for a in removed]} if removed else {}),
        **({"added_files": [a.name for a in added]} if added else {}),
    }


# -- review -----------------------------------------------------------------------------


def submit_blocker(revision: Revision) -> str | None:
    if revision.state != RevisionState.DRAFT:
        return _("只有草稿状态的更正可以提交审核。")
    return None


@transaction.atomic
def submit(actor: Actor, revision: Revision) -> Revision:
    """Send a proposed correction to 初审."""
    perm.require(perm.can_draft_item(actor, revision.item.agency))
    require(submit_blocker(revision))
    move(revision, RevisionState.FIRST_REVIEW, REVISION_ALLOWED, field="state")
    _event(revision, actor, EventKind.REVISION_SUBMITTED)
    return revision


def first_review_blocker(revision: Revision, actor: Actor) -> str | None:
    if revision.state != RevisionState.FIRST_REVIEW:
        return _("该更正不在待初审状态。")
    if actor.pk == revision.author_id:
        return _("初审人不能是更正的提出人。")
    return None


def second_review_blocker(revision: Revision, actor: Actor, approve: bool = True) -> str | None:
    if revision.state != RevisionState.SECOND_REVIEW:
        return _("该更正不在待复核状态。")
    if actor.pk in (revision.author_id, revision.first_reviewer_id):
        return _("复核人不能是更正的提出人或初审人。")
    if approve:
        return _blocking_reason(revision)
    return None


def _blocking_reason(revision: Revision) -> str | None:
    found = checks.blocking(revision.item, findings(revision))
    if not found:
        return None
    listed = "；".join(f"{f.place} {f.message}".strip() for f in found[:5])
    return _("更正后的内容未通过检查：%(f)s") % {"f": listed}


def _reject(actor: Actor, revision: Revision, comment: str, step: str) -> Revision:
    if not comment.strip():
        raise ValidationError({"comment": _("不通过时请写明意见。")})
    move(revision, RevisionState.REJECTED, REVISION_ALLOWED, field="state")
    _event(revision, actor, EventKind.REVISION_REJECTED, note=comment, step=step)
    return revision


@transaction.atomic
def first_review(actor: Actor, revision: Revision, approve: bool, comment: str = "") -> Revision:
    """初审 of a correction: pass to 复核, or reject it with comments."""
    perm.require(perm.can_review_item(actor, revision.item.agency))
    require(first_review_blocker(revision, actor))
    if not approve:
        return _reject(actor, revision, comment, "first_review")
    move(
        revision,
        RevisionState.SECOND_REVIEW,
        REVISION_ALLOWED,
        field="state",
        first_reviewer=user_of(actor),
    )
    _event(revision, actor, EventKind.REVISION_FIRST_APPROVED, note=comment)
    return revision


@transaction.atomic
def second_review(actor: Actor, revision: Revision, approve: bool, comment: str = "") -> Revision:
    """复核 of a correction: approve and apply it to the published item, or reject it."""
    perm.require(perm.can_review_item(actor, revision.item.agency))
    require(second_review_blocker(revision, actor, approve))
    if not approve:
        return _reject(actor, revision, comment, "second_review")
    now = timezone.now()
    move(
        revision,
        RevisionState.APPLIED,
        REVISION_ALLOWED,
        field="state",
        second_reviewer=user_of(actor),
        applied_at=now,
    )
    _apply(actor, revision, now, comment)
    return revision


def _apply(actor: Actor, revision: Revision, now: dt.datetime, comment: str) -> None:
    """Change the published item in place (compare-and-set: it must still be published)."""
    item = revision.item
    values = proposed_values(revision)
    updated = Item.objects.filter(pk=item.pk, status=Status.PUBLISHED).update(
        revised_at=now, updated_at=now, **values
    )
    if updated != 1:
        raise ConflictError(_("条目已不在发布状态（可能已被撤回），更正无法生效。"))
    for name, value in {**values, "revised_at": now, "updated_at": now}.items():
        setattr(item, name, value)
    item.attachments.filter(pk__in=revision.removed_attachments).update(is_current=False)
    Attachment.all_objects.filter(added_by=revision).update(is_current=True)
    _event(
        revision,
        actor,
        EventKind.REVISION_APPLIED,
        note=comment,
        fields=sorted(values),
        was=revision.old,  # ("old" is the event's from-status)
        **_file_names(revision),
    )
    search.index_item(item)


# -- withdraw ---------------------------------------------------------------------------


def withdraw_blocker(revision: Revision) -> str | None:
    if not revision.is_open:
        return _("该更正已办结，不能撤销。")
    return None


@transaction.atomic
def withdraw(actor: Actor, revision: Revision, reason: str = "") -> Revision:
    """The author's side (any drafter of the agency) takes back a correction not yet applied."""
    perm.require(perm.can_draft_item(actor, revision.item.agency))
    require(withdraw_blocker(revision))
    move(revision, RevisionState.WITHDRAWN, REVISION_ALLOWED, field="state")
    _event(revision, actor, EventKind.REVISION_WITHDRAWN, note=reason)
    return revision
