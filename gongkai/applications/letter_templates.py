"""Per-agency wording of letters: the only code that writes a LetterTemplate.

A letter body is looked up for the case's agency, then its ancestors (nearest
first), then a site-wide row (agency empty), then the shipped default in
letters/defaults/. An agency admin (or an admin above it) may override a body,
written with Chinese placeholders (letters/placeholders.py, letters/sandbox.py);
it must parse with no problem and render on the sample case, or nothing is
saved. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit
from gongkai.core.actors import Actor

from .letters import bodies, placeholders, sandbox
from .letters.context import letter_context, sample_facts
from .models import LetterTemplate

MAX_BODY_CHARS = sandbox.MAX_BODY_CHARS


@dataclass(frozen=True)
class EffectiveTemplate:
    body: str
    source: str  # "agency" | "ancestor" | "site" | "default"
    owner: Agency | None = None  # whose override applies (agency or ancestor)

    @property
    def is_default(self) -> bool:
        return self.source == "default"


def _chain(agency: Agency) -> list[Agency]:
    """The agency and its ancestors, nearest first."""
    ids = [int(p) for p in agency.path.strip("/").split("/") if p]
    found = Agency.objects.in_bulk(ids)
    return [agency] + [found[i] for i in reversed(ids) if i != agency.pk and i in found]


def effective_template(agency: Agency | None, kind: str, decision: str = "") -> EffectiveTemplate:
    """The body a letter of this kind uses for a case of `agency`."""
    if not bodies.is_valid_key(kind, decision):
        raise ValueError(f"no letter body for {(kind, decision)}")
    chain = _chain(agency) if agency is not None else []
    rows = {
        t.agency_id: t
        for t in LetterTemplate.objects.filter(kind=kind, decision=decision).filter(
            Q(agency__in=chain) | Q(agency__isnull=True)
        )
    }
    for a in chain:
        if a.pk in rows:
            return EffectiveTemplate(rows[a.pk].body, "agency" if a == agency else "ancestor", a)
    if None in rows:
        return EffectiveTemplate(rows[None].body, "site")
    return EffectiveTemplate(bodies.default_body(kind, decision), "default")


def _require_manager(actor: Actor, agency: Agency | None) -> None:
    if agency is None:
        # A site-wide wording applies to every agency: superusers only.
        perm.require(getattr(actor, "is_superuser", False))
    else:
        perm.require(perm.can_manage_agency(actor, agency))


def _check_key(kind: str, decision: str) -> None:
    if not bodies.is_valid_key(kind, decision):
        raise ValidationError({"decision": [_("该文书类型与答复类型的组合不存在。")]})


@transaction.atomic
def save_letter_template(
    actor: Actor, agency: Agency | None, kind: str, decision: str, body: str
) -> LetterTemplate:
    """Create or replace an agency's wording of one letter body."""
    _require_manager(actor, agency)
    decision = decision or ""
    _check_key(kind, decision)
    body = body.replace("\r\n", "\n")
    validate_body(body, agency, kind, decision)  # before stripping: lines as the editor shows
    body = body.strip()
    template, created = LetterTemplate.objects.update_or_create(
        agency=agency,
        kind=kind,
        decision=decision,
        defaults={"body": body, "updated_by": actor if actor.is_authenticated else None},
    )
    audit.record(
        actor,
        "letter_template.save",
        target=_target(agency, kind, decision),
        agency=agency.code if agency else "",
        kind=kind,
        decision=decision,
        created=created,
        chars=len(body),
    )
    return template


@transaction.atomic
def reset_letter_template(
    actor: Actor, agency: Agency | None, kind: str, decision: str = ""
) -> bool:
    """Remove the agency's own wording (it falls back along the tree); True if one existed."""
    _require_manager(actor, agency)
    decision = decision or ""
    _check_key(kind, decision)
    deleted, _rows = LetterTemplate.objects.filter(
        agency=agency, kind=kind, decision=decision
    ).delete()
    if deleted:
        audit.record(
            actor,
            "letter_template.reset",
            target=_target(agency, kind, decision),
            agency=agency.code if agency else "",
            kind=kind,
            decision=decision,
        )
    return bool(deleted)


def _target(agency: Agency | None, kind: str, decision: str) -> str:
    return f"{agency.code if agency else '*'}:{kind}:{decision or '-'}"


# -- validation and preview ---------------------------------------------------

SAMPLE_ISSUED_ON = dt.date(2025, 10, 30)


@dataclass(frozen=True)
class Preview:
    """A draft wording rendered on the sample case, or the problems that stop it."""

    paragraphs: list[str]
    problems: list[sandbox.Problem]


def body_problems(
    body: str, agency: Agency | None, kind: str, decision: str
) -> list[sandbox.Problem]:
    """Every problem that stops a wording being saved ([] when it can be)."""
    if not body.strip():
        return [sandbox.Problem(1, 1, _("正文不能为空。"))]
    problems = sandbox.check(body)
    if problems:
        return problems
    try:
        paragraphs = _render_sample(body, agency, decision)
    except sandbox.WordingError as exc:
        return exc.problems
    if not paragraphs:
        return [sandbox.Problem(1, 1, _("按这段正文生成的文书没有任何文字。"))]
    return []


def validate_body(body: str, agency: Agency | None, kind: str, decision: str) -> None:
    """Raise a ValidationError in Chinese (one message per problem, each with
    its line and column) unless the wording can be saved."""
    problems = body_problems(body, agency, kind, decision)
    if problems:
        raise ValidationError({"body": [str(p) for p in problems]})


def preview_body(actor: Any, agency: Agency | None, kind: str, decision: str, body: str) -> Preview:
    """A draft wording rendered on the built-in sample case (never a real
    applicant's data). Only those who may edit the wording may preview it."""
    _require_manager(actor, agency)
    decision = decision or ""
    _check_key(kind, decision)
    body = body.replace("\r\n", "\n")
    problems = body_problems(body, agency, kind, decision)
    if problems:
        return Preview([], problems)
    return Preview(_render_sample(body, agency, decision), [])


def _render_sample(body: str, agency: Agency | None, decision: str) -> list[str]:
    context = letter_context(sample_facts(agency, decision), SAMPLE_ISSUED_ON)
    return sandbox.split_paragraphs(sandbox.render_text(body, context))


def available_placeholders(
    agency: Agency | None, kind: str, decision: str = ""
) -> list[tuple[str, list[tuple[placeholders.Placeholder, str]]]]:
    """The placeholder table by group, each with its value in the sample case."""
    _check_key(kind, decision)
    context = letter_context(sample_facts(agency, decision), SAMPLE_ISSUED_ON)
    return [
        (group, [(p, _sample_value(context[p.key], p)) for p in rows])
        for group, rows in placeholders.grouped()
    ]


def _sample_value(value: Any, p: placeholders.Placeholder) -> str:
    if p.condition:
        return _("是") if value else _("否")
    return str(value)
