"""Issue a letter for a case: build, store, record, and queue its rendering.

The 文书 number is taken inside this transaction, so a failed build gives it
back (the series stays gapless). The DOCX and PDF are rendered by a background
job (`files.render_files`) and kept as issued for the archive (条例第四十五条: 归档);
a failed render leaves the letter and its number, and the job can be retried.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.agencies import permissions as perm
from gongkai.core.actors import Actor, signed_in

from .. import events
from ..models import Application, Consultation, EventKind, Letter


@transaction.atomic
def issue_letter(
    actor: Actor,
    app: Application,
    kind: str,
    issued_on: dt.date | None = None,
    consultation: Consultation | None = None,
) -> Letter:
    """Issue a letter of `kind` for the case; staff handling the case only."""
    from .build import build_letter
    from .files import queue_rendering

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
        docx=b"",
        pdf=b"",
        created_by=signed_in(actor) if getattr(actor, "is_authenticated", False) else None,
    )
    events.record(
        app,
        actor,
        EventKind.LETTER_ISSUED,
        letter=content.title,
        letter_id=letter.pk,
        doc_number=content.doc_number,
    )
    queue_rendering(letter, content, actor)
    letter.refresh_from_db(fields=["docx", "pdf"])
    return letter
