"""The letter-wording editor (文书模板): an agency admin's view of each letter body.

Wording is inherited down the agency tree (本机关 → 上级机关 → 全站 → 系统默认);
`letter_templates.py` resolves and saves it, this page shows and previews it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Agency
from gongkai.agencies.views import managed_agency
from gongkai.core.forms import ChineseForm
from gongkai.core.web import staff_view

from . import letter_templates as lt
from .decisions import Decision
from .letters import bodies, placeholders, sandbox
from .models import LetterKind


class LetterTemplateForm(ChineseForm):
    body = forms.CharField(
        label=gettext_lazy("正文"),
        strip=False,  # problems are reported by line and column of the text as typed
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "mono wording", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "段落之间空一行。用【占位符】插入案件信息，例如【申请人】【申请编号】；"
            "按条件取舍的文字写成【如果 安排查阅】……【否则】……【结束】。"
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


def _problem_rows(body: str, problems: list[sandbox.Problem]) -> list[dict[str, Any]]:
    """Each problem with the line it is on, the offending character marked."""
    lines = body.replace("\r\n", "\n").split("\n")
    rows = []
    for p in problems:
        line = lines[p.line - 1] if 0 < p.line <= len(lines) else ""
        col = p.column - 1
        start = max(0, col - 20)
        rows.append(
            {
                "problem": p,
                "before": ("…" if start else "") + line[start:col],
                "mark": line[col : col + 1],
                "after": line[col + 1 : col + 21] + ("…" if len(line) > col + 21 else ""),
            }
        )
    return rows


@staff_view
def letter_template_edit(
    request: HttpRequest, agency_id: int, kind: str, decision: str
) -> HttpResponse:
    agency, agencies = managed_agency(request, agency_id)
    kind, decision = _template_key(kind, decision)
    eff = lt.effective_template(agency, kind, decision)
    action = request.POST.get("action", "")
    if action == "reset":
        lt.reset_letter_template(request.user, agency, kind, decision)
        messages.success(request, _("已恢复为上级机关或系统默认的模板。"))
        return redirect("office:letter_template_edit", agency.pk, kind, decision or "-")
    body = request.POST.get("body", "") if request.method == "POST" else eff.body
    preview = lt.preview_body(request.user, agency, kind, decision, body)
    if action == "save" and not preview.problems:
        lt.save_letter_template(request.user, agency, kind, decision, body)
        messages.success(request, _("正文已保存，此后生成的文书将使用新的正文。"))
        return redirect("office:letter_template_edit", agency.pk, kind, decision or "-")
    context = {
        "agency": agency,
        "agencies": agencies,
        "form": LetterTemplateForm(initial={"body": body}),
        "label": _key_label(kind, decision),
        "kind": kind,
        "decision": decision or "-",
        "effective": eff,
        "source": SOURCE_LABELS[eff.source],
        "preview": preview.paragraphs,
        "problems": _problem_rows(body, preview.problems),
        "placeholder_groups": lt.available_placeholders(agency, kind, decision),
        "keywords": placeholders.KEYWORDS,
    }
    status = 400 if preview.problems and request.method == "POST" else 200
    return render(request, "accounts/letter_template_edit.html", context, status=status)


@require_POST
@staff_view
def letter_template_preview(
    request: HttpRequest, agency_id: int, kind: str, decision: str
) -> HttpResponse:
    """The editor's live preview: the draft rendered on the sample case, or its
    problems with line and column (JSON; CSRF-checked like every POST)."""
    agency = get_object_or_404(Agency, pk=agency_id)
    kind, decision = _template_key(kind, decision)
    try:
        result = lt.preview_body(request.user, agency, kind, decision, request.POST.get("body", ""))
    except PermissionDenied as exc:
        return JsonResponse({"error": str(exc) or _("您无权修改该机关的文书正文。")}, status=403)
    return JsonResponse(
        {
            "paragraphs": result.paragraphs,
            "problems": [p.as_dict() for p in result.problems],
        }
    )
