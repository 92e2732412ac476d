"""政府公报: issues (year, number, PDF) listing their contents."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit
from gongkai.core.actors import Actor, user_of
from gongkai.core.limits import GAZETTE_UPLOAD
from gongkai.core.private_files import write_private

from .attachments import PDF, sniff
from .models import GazetteIssue, Item


def _folder() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "gazette"


@transaction.atomic
def publish_issue(
    actor: Actor,
    agency: Agency,
    year: int,
    number: int,
    published_on: dt.date,
    pdf: bytes,
    contents: list[Item],
) -> GazetteIssue:
    """Publish an issue: its PDF (stored privately, served by the portal) and its contents,
    which must be published items of the agency or its subtree."""
    perm.require(perm.can_publish_item(actor, agency))
    if sniff(pdf) != PDF:
        raise ValidationError({"pdf": GAZETTE_UPLOAD.wrong_type(_("公报电子版"))})
    if len(pdf) > GAZETTE_UPLOAD.max_bytes:
        raise ValidationError({"pdf": GAZETTE_UPLOAD.too_large(_("公报电子版"))})
    if GazetteIssue.objects.filter(agency=agency, year=year, number=number).exists():
        raise ValidationError(
            {"number": _("%(y)s年第%(n)s期已经发布。") % {"y": year, "n": number}}
        )
    allowed = Item.objects.published().filter(agency__path__startswith=agency.path)
    if any(not allowed.filter(pk=item.pk).exists() for item in contents):
        raise ValidationError({"contents": _("公报目录只能收录本级及下级机关已发布的条目。")})
    name = secrets.token_hex(16) + ".pdf"
    write_private(_folder() / name, pdf)
    issue = GazetteIssue.objects.create(
        agency=agency, year=year, number=number, published_on=published_on,
        pdf_name=name, pdf_size=len(pdf), created_by=user_of(actor),
    )  # fmt: skip
    issue.contents.set(contents)
    audit.record(actor, "catalog.gazette.published", issue, items=len(contents))
    return issue


def read_pdf(issue: GazetteIssue) -> bytes:
    return (_folder() / issue.pdf_name).read_bytes()
