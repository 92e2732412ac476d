"""An online submission with its optional identity copy: shared by the portal
form and the public API, so both refuse and store files the same way."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.applications import attachments, services
from gongkai.applications.models import Application, AttachmentKind
from gongkai.core.limits import CORRECTION_UPLOAD, IDENTITY_UPLOAD


def check_identity_upload(upload: Any) -> None:
    """Raise a Chinese ValidationError unless the bytes are a PDF, JPEG or PNG
    matching the name; leaves the file positioned at its start."""
    try:
        attachments.validate_upload(upload, IDENTITY_UPLOAD)
    finally:
        upload.seek(0)


def check_correction_upload(upload: Any) -> None:
    """The same byte checks as every upload (PDF, JPEG, PNG, DOCX under the size limit);
    leaves the file positioned at its start for save_attachment, which checks again."""
    try:
        attachments.validate_upload(upload, CORRECTION_UPLOAD)
    finally:
        upload.seek(0)


def submit_with_identity(
    agency: Agency, data: dict[str, Any], upload: Any, ip: str
) -> tuple[Application, str]:
    """The application and its identity copy in one transaction: both or neither."""
    with transaction.atomic():
        app, secret = services.submit_online(agency, data, ip)
        if upload:
            try:
                attachments.save_attachment(
                    None, app, AttachmentKind.IDENTITY, upload, public_submission=True
                )
            except ValidationError as exc:
                raise ValidationError({"identity_file": exc.messages}) from exc
    return app, secret
