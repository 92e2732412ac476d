"""Per-agency wording of letters: the only code that writes a LetterTemplate.

A letter body is looked up for the case's agency, then its ancestors (nearest
first), then a site-wide row (agency empty), then the shipped default in
letters/defaults/. An agency admin (or an admin above it) may override a body;
the template must compile in the sandboxed engine and render against a sample
case with no unknown variable, or nothing is saved. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template import TemplateSyntaxError
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit
from gongkai.core.actors import Actor

from .letters import bodies, sandbox
from .letters.context import letter_context, sample_facts
from .models import LetterTemplate

MAX_BODY_CHARS = 20_000


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
    body = body.replace("\r\n", "\n").strip()
    validate_body(body, agency, kind, decision)
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


# -- validation ---------------------------------------------------------------


def validate_body(body: str, agency: Agency | None, kind: str, decision: str) -> None:
    """Compile the body and render it against a sample case (both branches of
    every yes/no fact); raise a ValidationError in Chinese on any problem."""
    if not body:
        raise ValidationError({"body": [_("正文模板不能为空。")]})
    if len(body) > MAX_BODY_CHARS:
        raise ValidationError(
            {"body": [_("正文模板过长（不超过%(n)d个字符）。") % {"n": MAX_BODY_CHARS}]}
        )
    try:
        sandbox.compile_body(body, strict=True)
    except TemplateSyntaxError as exc:
        raise ValidationError({"body": [_syntax_message(exc)]}) from exc
    texts = [_render_sample(body, c) for c in _sample_contexts(agency, kind, decision)]
    unknown = sorted({name for text in texts for name in sandbox.UNKNOWN_RE.findall(text)})
    if unknown:
        names = "、".join(f"{{{{ {name} }}}}" for name in unknown)
        raise ValidationError(
            {
                "body": [
                    _("正文模板使用了不存在的变量：%(names)s。请对照可用变量列表修改。")
                    % {"names": names}
                ]
            }
        )
    if not all(sandbox.split_paragraphs(text) for text in texts):
        raise ValidationError({"body": [_("正文模板生成的正文为空。")]})


def _sample_contexts(agency: Agency | None, kind: str, decision: str) -> list[dict[str, Any]]:
    import datetime as dt

    full = letter_context(sample_facts(agency, decision), dt.date(2025, 10, 30))
    return [full, _inverse(full)]


def _inverse(context: dict[str, Any]) -> dict[str, Any]:
    """The sample with every yes/no fact flipped and every optional text empty,
    so the other branch of each {% if %} is rendered too."""
    keep = {"law", "number", "applicant_name", "you", "description", "opening"}
    out: dict[str, Any] = {}
    for key, value in context.items():
        if isinstance(value, bool):
            out[key] = not value
        elif key in keep or isinstance(value, int):
            out[key] = value
        elif isinstance(value, list):
            out[key] = []
        else:
            out[key] = ""
    return out


def _render_sample(body: str, context: dict[str, Any]) -> str:
    try:
        return sandbox.render_text(body, context, strict=True)
    except Exception as exc:  # a filter or tag failing at render time
        raise ValidationError(
            {"body": [_("正文模板用示例案件试生成时出错：%(e)s") % {"e": exc}]}
        ) from exc


def _syntax_message(exc: TemplateSyntaxError) -> str:
    info = getattr(exc, "template_debug", None)
    line = info.get("line") if info else None
    where = _("第%(n)d行") % {"n": line} if line else _("模板中")
    return _(
        "正文模板有语法错误（%(where)s）：%(detail)s。请检查 {{ }} 与 {%% %%} 是否成对，"
        "标签是否拼写正确；可用的标签只有 if、for、with、firstof 等。"
    ) % {"where": where, "detail": exc}


def available_variables(kind: str, decision: str = "") -> dict[str, Any]:
    """The variables a body may use, with the sample values (for the editor's help)."""
    _check_key(kind, decision)
    return _sample_contexts(None, kind, decision)[0]
