"""The letter-wording editor (文书模板): an agency admin's view of each letter body.

Wording is inherited down the agency tree (本机关 → 上级机关 → 全站 → 系统默认);
`letter_templates.py` resolves and saves it, this page shows and previews it.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies.models import Agency
from gongkai.agencies.views import managed_agency
from gongkai.core.web import apply_errors, staff_view

from . import letter_templates as lt
from .decisions import Decision
from .letters import bodies, sandbox
from .letters.context import letter_context, sample_facts
from .models import LetterKind


class LetterTemplateForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("正文模板"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "mono"}),
        help_text=gettext_lazy(
            "段落之间空一行。可使用 {{ 变量 }} 与 {% if %}…{% endif %}、{% for %}…{% endfor %}；"
            "标题、文号、称谓、法律依据、救济途径和落款由系统生成，无需写入正文。"
        ),
    )


# -- letter templates (文书模板) ---------------------------------------------------

SOURCE_LABELS = {
    "agency": gettext_lazy("本机关"),
    "ancestor": gettext_lazy("上级机关"),
    "site": gettext_lazy("全站"),
    "default": gettext_lazy("系统默认"),
}


def _template_key(kind: str, decision: str) -> tuple[str, str]:
    decision = "" if decision == "-" else decision
    if not bodies.is_valid_key(kind, decision):
        raise Http404
    return kind, decision


def _key_label(kind: str, decision: str) -> str:
    label = str(LetterKind(kind).label)
    return f"{label} · {Decision(decision).label}" if decision else label


@staff_view
def letter_templates(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency, agencies = managed_agency(request, agency_id)
    rows = []
    for kind, decision in bodies.all_keys():
        eff = lt.effective_template(agency, kind, decision)
        rows.append(
            {
                "kind": kind,
                "decision": decision or "-",
                "label": _key_label(kind, decision),
                "source": SOURCE_LABELS[eff.source],
                "owner": eff.owner,
                "custom": not eff.is_default,
            }
        )
    context = {"agency": agency, "agencies": agencies, "rows": rows}
    return render(request, "accounts/letter_templates.html", context)


def letter_preview(agency: Agency, kind: str, decision: str, body: str) -> list[str]:
    """The body rendered against the sample case, as paragraphs."""
    context = letter_context(sample_facts(agency, decision), dt.date(2025, 10, 30))
    return sandbox.split_paragraphs(sandbox.render_text(body, context))


@staff_view
def letter_template_edit(
    request: HttpRequest, agency_id: int, kind: str, decision: str
) -> HttpResponse:
    agency, agencies = managed_agency(request, agency_id)
    kind, decision = _template_key(kind, decision)
    eff = lt.effective_template(agency, kind, decision)
    form = LetterTemplateForm(request.POST or None, initial={"body": eff.body})
    preview, status = None, 200
    action = request.POST.get("action", "")
    if action == "reset":
        lt.reset_letter_template(request.user, agency, kind, decision)
        messages.success(request, _("已恢复为上级机关或系统默认的模板。"))
        return redirect("office:letter_template_edit", agency.pk, kind, decision or "-")
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        try:
            if action == "save":
                lt.save_letter_template(request.user, agency, kind, decision, body)
                messages.success(request, _("模板已保存，此后生成的文书将使用新的正文。"))
                return redirect("office:letter_template_edit", agency.pk, kind, decision or "-")
            lt.validate_body(body, agency, kind, decision)
            preview = letter_preview(agency, kind, decision, body)
        except ValidationError as exc:
            apply_errors(form, exc)
            status = 400
    elif request.method == "POST":
        status = 400
    if request.method == "GET":
        preview = letter_preview(agency, kind, decision, eff.body)
    context = {
        "agency": agency,
        "agencies": agencies,
        "form": form,
        "label": _key_label(kind, decision),
        "kind": kind,
        "decision": decision or "-",
        "effective": eff,
        "source": SOURCE_LABELS[eff.source],
        "preview": preview,
        "variables": lt.available_variables(kind, decision),
    }
    return render(request, "accounts/letter_template_edit.html", context, status=status)
