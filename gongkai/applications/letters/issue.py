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
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.core.actors import Actor, signed_in
from gongkai.core.workflow import ConflictError
from gongkai.core.workflow import StepError as CaseError

from .. import events
from ..models import Application, Consultation, EventKind, Letter, LetterKind


@transaction.atomic
def issue_letter(
    actor: Actor,
    app: Application,
    kind: str,
    issued_on: dt.date | None = None,
    consultation: Consultation | None = None,
    reason: str = "",
    token: str = "",
) -> Letter:
    """Issue a letter of `kind` for the case; staff handling the case only.

    A letter of a kind the case already has (for a consultation letter: to the same
    party) replaces it: a reason is required, and the earlier letter is kept, marked
    作废 with the reason, who and when; its number is never reused. `token` names
    the form that asked: a second click with the same token returns the letter the
    first one issued and takes no number."""
    from .build import build_letter
    from .files import queue_rendering

    perm.require(perm.can_handle_case(actor, app))
    # One issue at a time per case: the token check and the void see each other's result.
    Application.objects.select_for_update().filter(pk=app.pk).first()
    if token:
        done = Letter.objects.filter(application=app, request_token=token).first()
        if done is not None:
            return done
    earlier = current_letters(app, kind, consultation)
    if earlier and not reason.strip():
        raise CaseError(
            {
                "reason": [
                    _("本案已有%(kind)s（%(numbers)s），重新出具须说明理由，原文书将作废。")
                    % {
                        "kind": LetterKind(kind).label,
                        "numbers": "、".join(e.doc_number for e in earlier),
                    }
                ]
            }
        )
    issued_on = issued_on or timezone.localdate()
    content = build_letter(app, kind, issued_on, consultation)
    letter = Letter.objects.create(
        application=app,
        kind=kind,
        consultation=consultation,
        title=content.title,
        doc_number=content.doc_number,
        seq=content.seq,
        issued_on=issued_on,
        docx=b"",
        pdf=b"",
        created_by=signed_in(actor) if getattr(actor, "is_authenticated", False) else None,
        request_token=token,
    )
    events.record(
        app,
        actor,
        EventKind.LETTER_ISSUED,
        letter=content.title,
        letter_id=letter.pk,
        doc_number=content.doc_number,
    )
    for old in earlier:
        void_letter(actor, old, reason.strip(), replaced_by=letter)
    queue_rendering(letter, content, actor)
    letter.refresh_from_db(fields=["docx", "pdf"])
    return letter


def current_letters(
    app: Application, kind: str, consultation: Consultation | None = None
) -> list[Letter]:
    """The case's letters of `kind` still in force (a consultation letter: to that party)."""
    found = Letter.objects.filter(application=app, kind=kind, voided_at__isnull=True)
    if kind == LetterKind.CONSULTATION:
        found = found.filter(consultation=consultation)
    return list(found.defer("docx", "pdf"))


def void_letter(
    actor: Actor, letter: Letter, reason: str, replaced_by: Letter | None = None
) -> None:
    """Mark a letter 作废 (compare-and-set: a letter is voided once); kept, number not reused."""
    changed = Letter.objects.filter(pk=letter.pk, voided_at__isnull=True).update(
        voided_at=timezone.now(),
        voided_by=signed_in(actor),
        void_reason=reason,
        replaced_by=replaced_by,
    )
    if changed != 1:
        raise ConflictError(_("该文书已作废。"))
    events.record(
        letter.application,
        actor,
        EventKind.LETTER_VOIDED,
        letter=letter.title,
        letter_id=letter.pk,
        doc_number=letter.doc_number,
        reason=reason,
        replaced_by=replaced_by.doc_number if replaced_by else "",
    )
