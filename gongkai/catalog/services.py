"""The only code that changes catalogue items: one verb per step of 主动公开.

Each verb: checks permission (agencies.permissions), states its precondition through a
`*_blocker` function (None when allowed; the office shows the same reason), moves the status
by compare-and-set (core.workflow.move), writes an ItemEvent and an audit entry, and keeps
the search index in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit
from gongkai.core.actors import Actor, user_of
from gongkai.core.workflow import actor_or_none, jsonable, move, require

from . import checks, search, taxonomy
from .models import (
    ALLOWED,
    AgencySettings,
    EventKind,
    IndexCode,
    IndexSequence,
    Interpretation,
    Item,
    ItemEvent,
    Status,
    Validity,
)
from .text import clean_body

EDITABLE = (
    "title",
    "doc_no",
    "publisher",
    "written_on",
    "effective_on",
    "category",
    "subject",
    "genre",
    "keywords",
    "summary",
    "body",
)


def _event(item: Item, actor: Actor, kind: str, old: str = "", note: str = "", **data: Any) -> None:
    ItemEvent.objects.create(
        item=item,
        actor=actor_or_none(actor),
        kind=kind,
        from_status=old,
        to_status=item.status if old else "",
        note=note,
        data=jsonable(data),
    )
    audit.record(actor, f"catalog.{kind}", item.index_no, **jsonable(data))


# -- 索引号 ----------------------------------------------------------------------


def index_prefix(agency: Agency) -> str:
    """前段码: the agency's code, or its 统一社会信用代码 where the agency chose that form."""
    setting = AgencySettings.objects.filter(agency=agency).first()
    if setting and setting.index_code == IndexCode.CREDIT:
        if not agency.credit_code:
            raise ValidationError(_("本机关选用统一社会信用代码编制索引号，但尚未填写该代码。"))
        return agency.credit_code.upper()
    return agency.code.replace("-", "").upper()


def next_index_no(agency: Agency, year: int) -> str:
    """`<code>/YYYY-NNNNN`, serial per agency per year, taken under a row lock."""
    seq, _created = IndexSequence.objects.get_or_create(agency=agency, year=year)
    IndexSequence.objects.filter(pk=seq.pk).update(last=F("last") + 1)
    last = IndexSequence.objects.select_for_update().get(pk=seq.pk).last
    return f"{index_prefix(agency)}/{year}-{last:05d}"


# -- fields ----------------------------------------------------------------------


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(_("无法修改字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    out = dict(fields)
    errors: dict[str, str] = {}
    if "title" in out and not str(out["title"]).strip():
        errors["title"] = _("请填写名称。")
    if "doc_no" in out:
        out["doc_no"] = taxonomy.normalise_doc_no(out["doc_no"])
    if out.get("category") and out["category"] not in dict(taxonomy.category_choices()):
        errors["category"] = _("公开类别不在目录中。")
    if out.get("subject") and out["subject"] not in dict(taxonomy.subject_choices()):
        errors["subject"] = _("主题分类不在22类121小类之中。")
    if out.get("genre") and out["genre"] not in dict(taxonomy.genre_choices()):
        errors["genre"] = _("体裁分类不在公文种类之中。")
    written, effective = out.get("written_on"), out.get("effective_on")
    if written and effective and effective < written:
        errors["effective_on"] = _("实施日期不能早于成文日期。")
    if errors:
        raise ValidationError(errors)
    if "body" in out:
        out["body"] = clean_body(out["body"])
    return out


@transaction.atomic
def create_draft(actor: Actor, agency: Agency, **fields: Any) -> Item:
    """A new item in 草稿, with its permanent 索引号 taken now."""
    perm.require(perm.can_draft_item(actor, agency))
    values = _clean_fields(fields)
    values["publisher"] = values.get("publisher") or agency.name  # 发布机构: the agency by default
    if not values.get("category"):
        raise ValidationError({"category": _("请选择公开类别。")})
    index_no = next_index_no(agency, timezone.localdate().year)
    item = Item.objects.create(agency=agency, author=user_of(actor), index_no=index_no, **values)
    _event(item, actor, EventKind.CREATED)
    return item


def edit_blocker(item: Item) -> str | None:
    if item.status != Status.DRAFT:
        return _("只有草稿可以修改；已提交的条目请先退回。")
    return None


@transaction.atomic
def edit_draft(actor: Actor, item: Item, **fields: Any) -> Item:
    perm.require(perm.can_draft_item(actor, item.agency))
    require(edit_blocker(item))
    values = _clean_fields(fields)
    if "publisher" in values and not values["publisher"]:
        values["publisher"] = item.agency.name
    changed = [k for k, v in values.items() if getattr(item, k) != v]
    updated = Item.objects.filter(pk=item.pk, status=Status.DRAFT).update(
        updated_at=timezone.now(), **values
    )
    if updated != 1:
        require(_("已被他人处理，请刷新页面后重试。"))
    for k, v in values.items():
        setattr(item, k, v)
    _event(item, actor, EventKind.EDITED, fields=changed)
    return item


@transaction.atomic
def link_interpretation(
    actor: Actor, item: Item, policy: Item, form: str = "text"
) -> Interpretation:
    """Make `item` the 政策解读 of `policy` (same agency; the interpretation is still a draft)."""
    perm.require(perm.can_draft_item(actor, item.agency))
    require(edit_blocker(item))
    if policy.pk == item.pk or policy.agency_id != item.agency_id:
        raise ValidationError(_("解读只能关联本机关的其他政策文件。"))
    link, _created = Interpretation.objects.update_or_create(
        item=item, defaults={"policy": policy, "form": form}
    )
    _event(item, actor, EventKind.EDITED, interprets=policy.index_no)
    return link


# -- review --------------------------------------------------------------------------


def submit_blocker(item: Item) -> str | None:
    if item.status != Status.DRAFT:
        return _("只有草稿可以提交审核。")
    return None


@transaction.atomic
def submit(actor: Actor, item: Item) -> Item:
    """Send a draft to 初审."""
    perm.require(perm.can_draft_item(actor, item.agency))
    require(submit_blocker(item))
    old = move(item, Status.FIRST_REVIEW, ALLOWED, first_reviewer=None, second_reviewer=None)
    _event(item, actor, EventKind.SUBMITTED, old)
    return item


def first_review_blocker(item: Item, actor: Actor) -> str | None:
    if item.status != Status.FIRST_REVIEW:
        return _("该条目不在待初审状态。")
    if actor.pk == item.author_id:
        return _("初审人不能是起草人本人。")
    return None


def second_review_blocker(item: Item, actor: Actor, approve: bool = True) -> str | None:
    if item.status != Status.SECOND_REVIEW:
        return _("该条目不在待复核状态。")
    if actor.pk in (item.author_id, item.first_reviewer_id):
        return _("复核人不能是起草人或初审人。")
    if approve:
        return _blocking_reason(item)
    return None


def _blocking_reason(item: Item) -> str | None:
    found = checks.blocking(item)
    if not found:
        return None
    listed = "；".join(f"{f.place} {f.message}".strip() for f in found[:5])
    return _("发布前检查未通过：%(f)s") % {"f": listed}


def _reject(actor: Actor, item: Item, comment: str, step: str) -> Item:
    if not comment.strip():
        raise ValidationError({"comment": _("退回时请写明修改意见。")})
    old = move(item, Status.DRAFT, ALLOWED)
    _event(item, actor, EventKind.REJECTED, old, note=comment, step=step)
    return item


@transaction.atomic
def first_review(actor: Actor, item: Item, approve: bool, comment: str = "") -> Item:
    """初审: pass to 复核, or return to the author with comments."""
    perm.require(perm.can_review_item(actor, item.agency))
    require(first_review_blocker(item, actor))
    if not approve:
        return _reject(actor, item, comment, "first_review")
    old = move(item, Status.SECOND_REVIEW, ALLOWED, first_reviewer=actor)
    _event(item, actor, EventKind.FIRST_APPROVED, old, note=comment)
    return item


@transaction.atomic
def second_review(actor: Actor, item: Item, approve: bool, comment: str = "") -> Item:
    """复核: approve for publication (blocking checks must pass), or return with comments."""
    perm.require(perm.can_review_item(actor, item.agency))
    require(second_review_blocker(item, actor, approve))
    if not approve:
        return _reject(actor, item, comment, "second_review")
    old = move(item, Status.APPROVED, ALLOWED, second_reviewer=actor)
    _event(item, actor, EventKind.SECOND_APPROVED, old, note=comment)
    return item


# -- publication ---------------------------------------------------------------------


def publish_blocker(item: Item, at: dt.datetime | None = None) -> str | None:
    if item.status != Status.APPROVED:
        return _("只有复核通过的条目可以发布。")
    if hasattr(item, "interprets") and item.interprets.policy.status != Status.PUBLISHED:
        return _("政策解读随所解读的政策文件同步发布，请发布政策文件。")
    return _blocking_reason(item)


@transaction.atomic
def publish(actor: Actor, item: Item, at: dt.datetime | None = None) -> Item:
    """Publish now, or at `at` (the public gate `published()` hides it until then).
    Interpretations approved with the policy are published with it (同步发布)."""
    perm.require(perm.can_publish_item(actor, item.agency))
    require(publish_blocker(item, at))
    now = timezone.now()
    when = at if at and at > now else now
    _publish_one(actor, item, when)
    for link in Interpretation.objects.filter(policy=item, item__status=Status.APPROVED):
        if _blocking_reason(link.item) is None:
            _publish_one(actor, link.item, when)
    return item


def _publish_one(actor: Actor, item: Item, when: dt.datetime) -> None:
    old = move(item, Status.PUBLISHED, ALLOWED, published_at=when, publish_at=when)
    kind = EventKind.SCHEDULED if when > timezone.now() else EventKind.PUBLISHED
    _event(item, actor, kind, old, at=when)
    search.index_item(item)


def withdraw_blocker(item: Item) -> str | None:
    if item.status != Status.PUBLISHED:
        return _("只有已发布的条目可以撤回。")
    return None


@transaction.atomic
def withdraw(actor: Actor, item: Item, reason: str) -> Item:
    """Take a published item off the portal and out of search, with a reason."""
    perm.require(perm.can_publish_item(actor, item.agency))
    require(withdraw_blocker(item))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写撤回原因。")})
    old = move(item, Status.WITHDRAWN, ALLOWED, withdrawn_reason=reason.strip()[:300])
    _event(item, actor, EventKind.WITHDRAWN, old, note=reason)
    search.index_item(item)
    return item


def validity_blocker(item: Item, validity: str) -> str | None:
    if item.status != Status.PUBLISHED:
        return _("只有已发布的条目可以标记失效或废止。")
    if validity not in (Validity.EXPIRED, Validity.REPEALED):
        return _("请选择“失效”或“废止”。")
    if item.validity != Validity.VALID:
        return _("该文件已标记为%(v)s。") % {"v": item.get_validity_display()}
    return None


@transaction.atomic
def mark_invalid(actor: Actor, item: Item, validity: str, on: dt.date, reason: str) -> Item:
    """失效 / 废止: the item stays public and joins the agency's 失效文件清单."""
    perm.require(perm.can_publish_item(actor, item.agency))
    require(validity_blocker(item, validity))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写失效或废止的原因（如废止文件的文号）。")})
    updated = Item.objects.filter(pk=item.pk, validity=Validity.VALID).update(
        validity=validity, validity_changed_on=on, validity_reason=reason.strip()[:300]
    )
    if updated != 1:
        require(_("已被他人处理，请刷新页面后重试。"))
    item.validity, item.validity_changed_on, item.validity_reason = validity, on, reason.strip()
    _event(item, actor, EventKind.VALIDITY, validity=validity, on=on, note=reason)
    search.index_item(item)
    return item


@transaction.atomic
def save_settings(
    actor: Actor, agency: Agency, index_code: str, blocking: list[str]
) -> AgencySettings:
    """An agency admin chooses the 索引号 form and which checks block publication."""
    from .models import Check

    perm.require(perm.can_manage_catalog(actor, agency))
    if index_code not in IndexCode.values:
        raise ValidationError({"index_code": _("请选择索引号前段码。")})
    if index_code == IndexCode.CREDIT and len(agency.credit_code or "") != 18:
        raise ValidationError({"index_code": _("本机关尚未填写18位统一社会信用代码。")})
    unknown = set(blocking) - set(Check.values)
    if unknown:
        raise ValidationError({"blocking": _("未知的检查项。")})
    setting, _created = AgencySettings.objects.update_or_create(
        agency=agency, defaults={"index_code": index_code, "blocking_checks": sorted(blocking)}
    )
    audit.record(
        actor, "catalog.settings", agency, index_code=index_code, blocking=sorted(blocking)
    )
    return setting
