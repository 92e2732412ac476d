"""Issue a letter for a case: build, render, store, record.

The 文书 number is taken inside this transaction, so a failed render gives it
back (the series stays gapless). The letter is kept as issued — DOCX and PDF
bytes — for the archive (条例第四十五条: 归档).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies import permissions as perm

from ..models import Application, Consultation, EventKind, Letter


@transaction.atomic
def issue_letter(
    actor: Any,
    app: Application,
    kind: str,
    issued_on: dt.date | None = None,
    consultation: Consultation | None = None,
) -> Letter:
    """Issue a letter of `kind` for the case; staff handling the case only."""
    from ..services import _event
    from .build import build_letter
    from .render import render_docx, render_pdf

    perm.require(perm.can_handle_case(actor, app))
    issued_on = issued_on or timezone.localdate()
    content = build_letter(app, kind, issued_on, consultation)
    letter = Letter.objects.create(
        application=app,
        kind=kind,
        consultation=consultation,
        title=content.title,
        doc_number=content.doc_number,
        issued_on=issued_on,
        docx=render_docx(content),
        pdf=render_pdf(content),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _event(
        app,
        actor,
        EventKind.LETTER_ISSUED,
        letter=content.title,
        letter_id=letter.pk,
        doc_number=content.doc_number,
    )
    return letter
