"""政府信息公开指南: each agency publishes its guide as numbered versions (条例第十二条)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit
from gongkai.core.actors import Actor, user_of

from .models import Guide

FIELDS = (
    "arrangement", "how_to_obtain", "application", "remedies", "office_name", "address",
    "office_hours", "phone", "fax", "email", "website",
)  # fmt: skip
REQUIRED = ("arrangement", "how_to_obtain", "application", "remedies", "office_name",
            "address", "office_hours", "phone")  # fmt: skip


def current(agency: Agency) -> Guide | None:
    return Guide.objects.filter(agency=agency).order_by("-version").first()


def initial_fields(agency: Agency) -> dict[str, str]:
    """A new version starts from the current one, or from the agency's contact details."""
    guide = current(agency)
    if guide:
        return {name: getattr(guide, name) for name in FIELDS}
    return {
        "office_name": agency.office_name or agency.name,
        "address": agency.address,
        "office_hours": agency.office_hours,
        "phone": agency.phone,
        "fax": agency.fax,
        "email": agency.email,
        "website": agency.website,
    }


@transaction.atomic
def publish_guide(actor: Actor, agency: Agency, **fields: Any) -> Guide:
    """Publish a new version of the agency's guide; earlier versions stay readable."""
    perm.require(perm.can_publish_item(actor, agency))
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError(_("无法修改字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    missing = {
        name: _("请填写此项。") for name in REQUIRED if not str(fields.get(name, "")).strip()
    }
    if missing:
        raise ValidationError(missing)
    # lock the agency row so two publishers cannot take the same version number
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    last = Guide.objects.filter(agency=agency).aggregate(n=Max("version"))["n"] or 0
    guide = Guide.objects.create(agency=agency, version=last + 1, author=user_of(actor), **fields)
    audit.record(actor, "catalog.guide.published", agency, version=guide.version)
    return guide
