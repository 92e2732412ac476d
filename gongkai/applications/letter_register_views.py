"""The 文号 register page and its Excel export (letters/register.py decides who may see it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.core import audit
from gongkai.core.forms import ChineseForm
from gongkai.core.http import client_ip
from gongkai.core.spreadsheet import xlsx_stream
from gongkai.core.web import staff_view

from .forms import PlainSelect, _year_choices
from .letters import register as reg
from .models import LetterKind


class RegisterFilterForm(ChineseForm):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("机关"),
        queryset=Agency.objects.none(),
        required=False,
        widget=PlainSelect,  # the 200 agencies of a province tree, built in Python
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("年度"),
        coerce=int,
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": gettext_lazy("年度须从列表中选择（2019年至今年）。")},
    )
    kind = forms.ChoiceField(label=gettext_lazy("文书类型"), required=False, widget=PlainSelect)
    state = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        widget=PlainSelect,
        choices=[
            ("", gettext_lazy("全部")),
            (reg.ISSUED, gettext_lazy("有效")),
            (reg.VOIDED, gettext_lazy("已作废")),
        ],
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = agencies.order_by("path")
        agency.empty_label = None
        year = self.fields["year"]
        assert isinstance(year, forms.ChoiceField)
        year.choices = _year_choices()
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", _("全部")), *LetterKind.choices]


def _register_for(request: HttpRequest) -> tuple[RegisterFilterForm, reg.Register]:
    """The filter form and the register it asks for; an agency out of sight → 403 (service)."""
    user: Any = request.user
    visible = perm.visible_agencies(user)
    form = RegisterFilterForm(request.GET or None, agencies=visible)
    data = form.cleaned_data if form.is_valid() else {}
    agency = data.get("agency") or _asked_agency(request) or visible.order_by("path").first()
    if agency is None:
        raise Http404(_("没有可查看的机关。"))
    year = data.get("year") or timezone.localdate().year
    register = reg.letter_register(
        user, agency, year, kind=data.get("kind") or "", state=data.get("state") or ""
    )
    if not form.is_bound:
        form = RegisterFilterForm(initial={"agency": agency, "year": year}, agencies=visible)
    return form, register


def _asked_agency(request: HttpRequest) -> Agency | None:
    """An agency named in the URL but not among the visible ones: the service refuses it."""
    raw = request.GET.get("agency", "")
    if not raw:
        return None
    found = Agency.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if found is None:
        raise Http404(_("没有这个机关。"))
    return found


@staff_view
def letter_register(request: HttpRequest) -> HttpResponse:
    form, register = _register_for(request)
    return render(request, "office/letter_register.html", {"form": form, "register": register})


COLUMNS = [
    (gettext_lazy("文书类型"), 14),
    (gettext_lazy("序号"), 6),
    (gettext_lazy("文号"), 30),
    (gettext_lazy("申请编号"), 18),
    (gettext_lazy("出具日期"), 12),
    (gettext_lazy("出具人"), 12),
    (gettext_lazy("状态"), 8),
    (gettext_lazy("作废时间"), 18),
    (gettext_lazy("作废人"), 12),
    (gettext_lazy("作废原因"), 40),
    (gettext_lazy("替代文号"), 30),
]


@staff_view
def letter_register_export(request: HttpRequest) -> StreamingHttpResponse:
    """The register as shown (same filters) as an XLSX workbook; audited before it is sent."""
    _form, register = _register_for(request)
    audit.record(
        request.user,
        "letters.register_exported",
        register.agency.code,
        ip=client_ip(request),
        year=register.year,
        rows=len(register.rows),
    )
    response = StreamingHttpResponse(
        _xlsx(register),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"gongkai-letter-register-{register.agency.code}-{register.year}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _xlsx(register: reg.Register) -> Iterator[bytes]:
    voided, valid = _("已作废"), _("有效")
    rows = (
        [
            r.kind_label,
            r.seq,
            r.doc_number,
            r.case_number,
            r.issued_on,
            r.issued_by,
            voided if r.voided else valid,
            timezone.localtime(r.voided_at).replace(tzinfo=None) if r.voided_at else None,
            r.voided_by,
            r.void_reason,
            r.replaced_by,
        ]
        for r in register.rows
    )
    return xlsx_stream(
        _("文号登记簿"),
        [str(label) for label, _width in COLUMNS],
        rows,
        widths=[width for _label, width in COLUMNS],
    )
