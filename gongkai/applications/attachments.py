"""Uploaded files (identity copies, corrections, proofs): checked, stored privately.

Files are checked by their bytes, not their names: only PDF, JPEG, PNG and
OOXML/ZIP-based Word files under the size limit are accepted. They are stored
under PRIVATE_MEDIA_ROOT with a random name and are never served by a static
route: `open_attachment` is the only way to read one, after a permission check.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core.actors import Actor, signed_in
from gongkai.core.limits import CASE_UPLOAD, UploadRule
from gongkai.core.private_files import write_private
from gongkai.core.workflow import require

from . import events
from .models import Application, Attachment, AttachmentKind, EventKind
from .preconditions import why_not_save_attachment

# (magic prefix, content type, extensions, the format's name in core.limits)
SIGNATURES = [
    (b"%PDF-", "application/pdf", {".pdf"}, "PDF"),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}, "JPG"),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}, "PNG"),
    (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        {".docx"},
        "DOCX",
    ),
]
DOCX = SIGNATURES[3][1]


def sniff(head: bytes, name: str, rule: UploadRule = CASE_UPLOAD) -> str:
    """The content type the bytes prove, if the rule accepts it and it agrees with the
    file name's extension."""
    ext = Path(name).suffix.lower()
    for magic, ctype, exts, fmt in SIGNATURES:
        if head.startswith(magic) and fmt in rule.formats:
            if ext not in exts:
                raise ValidationError(_("文件扩展名与文件内容不符：%(n)s") % {"n": name})
            return ctype
    raise ValidationError(rule.wrong_type(name))


def validate_upload(f: Any, rule: UploadRule = CASE_UPLOAD) -> tuple[bytes, str]:
    """Read and check an uploaded file; returns its bytes and content type. The errors
    quote the rule, as the fields' help texts do."""
    size = getattr(f, "size", None)
    if size is not None:
        rule.check_size(f.name, size)
    data = f.read(rule.max_bytes + 1)
    rule.check_size(f.name, len(data))
    if not data:
        raise ValidationError(_("文件为空：%(n)s") % {"n": f.name})
    ctype = sniff(data[:16], f.name, rule)
    if ctype == DOCX and b"word/" not in data[:65536] and b"[Content_Types].xml" not in data:
        raise ValidationError(_("不是有效的 Word 文档：%(n)s") % {"n": f.name})
    return data, ctype


def _safe_name(name: str) -> str:
    base = Path(name).name.replace("\x00", "")[:150]
    return base or "file"


@transaction.atomic
def save_attachment(
    actor: Actor | None, app: Application, kind: str, f: Any, *, public_submission: bool = False
) -> Attachment:
    """Store a checked upload for a case. `public_submission` marks the applicant's
    own upload at submission time (no staff permission involved)."""
    if not public_submission:
        perm.require(perm.can_handle_case(actor, app))
    require(why_not_save_attachment(app))
    if kind not in AttachmentKind.values:
        raise ValidationError(_("材料类型无效。"))
    data, ctype = validate_upload(f)
    digest = hashlib.sha256(data).hexdigest()
    stored_as = f"{app.agency_id}/{app.year}/{secrets.token_hex(16)}"
    path = Path(settings.PRIVATE_MEDIA_ROOT) / stored_as
    write_private(path, data)  # 0600 in 0700 folders: identity scans
    try:
        att = Attachment.objects.create(
            application=app,
            kind=kind,
            name=_safe_name(f.name),
            content_type=ctype,
            size=len(data),
            sha256=digest,
            stored_as=stored_as,
            uploaded_by=signed_in(actor) if getattr(actor, "is_authenticated", False) else None,
        )
    except Exception:
        path.unlink(missing_ok=True)  # nothing rejected is kept
        raise
    events.record(
        app, actor, EventKind.ATTACHMENT_ADDED, name=att.name, attachment_kind=kind, size=att.size
    )
    return att


def open_attachment(actor: Actor, att: Attachment) -> IO[bytes]:
    """Staff of the handling agency only: attachments carry personal data."""
    perm.require(perm.can_see_personal_data(actor, att.application))
    return (Path(settings.PRIVATE_MEDIA_ROOT) / att.stored_as).open("rb")
