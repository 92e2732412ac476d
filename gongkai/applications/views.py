"""The staff back office (工作平台): queues, registration, the case page, dashboards.

Views read; every change on a case is one step of ``steps.STEPS``, which calls
exactly one service verb (services/, attachments.py). Permissions are asked of permissions.py here
and enforced again by the services; a PermissionDenied becomes the Chinese
403 page (`staff_view`). Personal data is masked in every list and shown in
full only to staff of the handling agency (`can_see_personal_data`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.core import audit, masking, sealed
from gongkai.core.http import client_ip
from gongkai.core.web import apply_errors, staff_view

from . import attachments, dashboards, deadlines, forms, services
from . import preconditions as pre
from .decisions import DECISIONS, Decision, Ground
from .letters import files as letter_files
from .models import (
    ApplicantType,
    Application,
    ApplicationQuerySet,
    Attachment,
    Channel,
    DueState,
    Extension,
    Fee,
    Letter,
    Status,
)
from .steps import STEPS, Step

PAGE_SIZE = 25


# -- masking -----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A case as a list shows it: personal data masked."""

    app: Application
    name: str
    phone: str


def list_row(user: Any, app: Application) -> Row:
    """Natural persons' names only to the handling agency's staff; phones never in lists."""
    name = listed_name(
        perm.staff_paths(user), app.agency.path, app.applicant_type, app.applicant_name
    )
    return Row(app, name, masking.mask_phone(app.phone))


def listed_name(staff_of: frozenset[str], agency_path: str, applicant_type: str, name: str) -> str:
    """The applicant's name in a list or export: a natural person's name in full only when the
    reader is staff of the handling agency (`staff_of`: perm.staff_paths), else masked."""
    if applicant_type == ApplicantType.NATURAL and agency_path not in staff_of:
        return masking.mask_name(name)
    return name


def applicant_view(app: Application, full: bool) -> list[tuple[str, str]]:
    """The applicant block of the case page, masked unless `full`."""

    def m(value: str, mask: Callable[[str], str]) -> str:
        return value if full or not value else mask(value)

    natural = app.applicant_type == ApplicantType.NATURAL
    rows = [
        (_("申请人类型"), app.get_applicant_type_display()),
        (
            _("姓名/名称"),
            m(app.applicant_name, masking.mask_name) if natural else app.applicant_name,
        ),
    ]
    if natural:
        rows.append((_("证件"), f"{app.get_id_type_display()} {m(app.id_number, masking.mask_id)}"))
    else:
        rows += [
            (_("统一社会信用代码"), app.credit_code),
            (_("法定代表人/负责人"), app.legal_representative),
            (_("联系人"), m(app.contact_person, masking.mask_name)),
        ]
    rows += [
        (_("联系电话"), m(app.phone, masking.mask_phone)),
        (_("电子邮箱"), m(app.email, masking.mask_email)),
        (_("通信地址"), m(app.address, masking.mask_address)),
        (_("邮政编码"), app.postcode),
    ]
    return [(k, v) for k, v in rows if v and v.strip()]


# -- queues ------------------------------------------------------------------------


def search(cases: ApplicationQuerySet, q: str, user: Any) -> ApplicationQuerySet:
    """Number, description, document number; names only where the user may see them.

    One substring match per maintained search column (trigram-indexed on PostgreSQL),
    no join: a natural person's name only within the user's own agencies."""
    needle = q.upper()
    cond = Q(search_text__contains=needle)
    own = [path for path, role in perm.memberships(user) if role != Role.SUPERVISOR]
    if own:
        own_ids = Agency.objects.filter(path__in=own).values("pk")
        cond |= Q(search_name__contains=needle, agency_id__in=own_ids)
    number = re.fullmatch(r"([A-Za-z0-9]+)-(\d{4})-(\d{1,6})", q)
    if number:
        code, year, seq = number.groups()
        agency_ids = Agency.objects.filter(code__iexact=code).values("pk")
        cond |= Q(agency_id__in=agency_ids, year=int(year), seq=int(seq))
    elif q.isdigit() and len(q) <= 6:
        cond |= Q(seq=int(q))
    return cases.filter(cond)


def filtered_cases(user: Any, form: forms.QueueFilterForm) -> ApplicationQuerySet:
    cases = dashboards.visible_cases(user)
    if not form.is_bound:
        return cases
    form.is_valid()  # a field that does not validate (e.g. an agency not visible) is ignored
    d = form.cleaned_data
    if d.get("agency"):
        cases = cases.filter(agency__path__startswith=d["agency"].path)
    for key in ("year", "status", "decision", "channel"):
        if d.get(key):
            cases = cases.filter(**{key: d[key]})
    if d.get("q"):
        cases = search(cases, d["q"].strip(), user)
    return cases


@staff_view
def queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = forms.QueueFilterForm(request.GET or None, agencies=perm.visible_agencies(user))
    cases = filtered_cases(user, form)
    tabs = dashboards.tabs_for(user)
    tab = next((t for t in tabs if t.key == request.GET.get("tab")), tabs[0])
    ordered = dashboards.ordered_for_tab(cases.filter(tab.where()), tab)
    counts = dashboards.tab_counts(cases, tabs)
    paginator = Paginator(ordered.select_related("agency"), PAGE_SIZE)
    paginator.count = counts[tab.key]  # the same filter, already counted (and cached)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "tabs": tabs,
        "tab": tab,
        "counts": counts,
        "page": page,
        "rows": [list_row(user, app) for app in page],
        "can_register": _register_agencies(user).exists(),
    }
    return render(request, "office/queue.html", context)


@staff_view
def queue_export(request: HttpRequest) -> StreamingHttpResponse:
    """The current queue (same filters and tab) as an XLSX workbook, masked, streamed.

    Rows are read from the database in chunks while the workbook is written and sent, so
    a 20,000-row export holds neither all cases nor the whole file in memory. The audit
    record (with the row count) is written before the first byte leaves.
    """
    from . import exports

    user: Any = request.user
    form = forms.QueueFilterForm(request.GET or None, agencies=perm.visible_agencies(user))
    tabs = dashboards.tabs_for(user)
    tab = next((t for t in tabs if t.key == request.GET.get("tab")), tabs[0])
    cases = dashboards.ordered_for_tab(filtered_cases(user, form).filter(tab.where()), tab)
    values = cases.values_list(*exports.FIELDS)[:EXPORT_LIMIT]
    audit.record(user, "cases.exported", tab.key, ip=client_ip(request), rows=values.count())
    # Plain tuples, not model instances (a third of the time per row went to building two
    # instances); the masking is list_row's, on the tuple's fields.
    staff_of, mask_phone = perm.staff_paths(user), masking.mask_phone
    rows = (
        (
            case,
            listed_name(staff_of, case.agency_path, case.applicant_type, case.applicant_name),
            mask_phone(case.phone),
        )
        for case in map(exports.Case._make, values.iterator(chunk_size=2000))
    )
    response = StreamingHttpResponse(
        exports.cases_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, exports.filename())
    return response


EXPORT_LIMIT = 20000  # one workbook; larger sets go through the API page by page


@staff_view
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    cases = dashboards.visible_cases(user)
    tabs = dashboards.tabs_for(user)
    urgent = (
        cases.open()
        .filter(due_state__in=[DueState.DUE_SOON, DueState.OVERDUE])
        .order_by("due_on")
        .select_related("agency")[:10]
    )
    waiting = (
        cases.filter(status=Status.SUBMITTED).order_by("arrived_on").select_related("agency")[:10]
    )
    review = (
        cases.filter(dashboards.TABS_BY_KEY["review"].where())
        .order_by("due_on")
        .select_related("agency")[:10]
        if dashboards.is_reviewer(user)
        else []
    )
    context = {
        "tabs": tabs,
        "counts": dashboards.tab_counts(cases, tabs),
        "urgent": [list_row(user, a) for a in urgent],
        "waiting": [list_row(user, a) for a in waiting],
        "review": [list_row(user, a) for a in review],
        "memberships": Membership.objects.filter(user_id=user.pk)
        .select_related("agency")
        .order_by("agency__path"),
        "can_register": _register_agencies(user).exists(),
        "can_manage": any(r == Role.ADMIN for _p, r in perm.memberships(user)),
    }
    return render(request, "office/home.html", context)


# -- registration ------------------------------------------------------------------


def _register_agencies(user: Any) -> QuerySet[Agency]:
    # Registering needs a role in the agency itself (`is_staff_of`), so only the user's own
    # agencies are candidates, not the 200 of a supervisor's subtree.
    own = {path for path, _role in perm.memberships(user)}
    candidates = perm.visible_agencies(user).filter(path__in=own)
    ids = [a.pk for a in candidates if perm.can_register_in(user, a)]
    return Agency.objects.filter(pk__in=ids, is_active=True)


def _code_key(pk: int) -> str:
    return f"gongkai:new-code:{pk}"


@staff_view
def register(request: HttpRequest) -> HttpResponse:
    agencies = _register_agencies(request.user)
    perm.require(agencies.exists(), _("您没有登记申请的权限（须为信息员或审核人）。"))
    form = forms.RegisterForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            app, code = _register(request.user, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            request.session[_code_key(app.pk)] = sealed.seal(code)
            return redirect("office:registered", pk=app.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "office/register.html", {"form": form}, status=status)


@transaction.atomic
def _register(user: Any, d: dict[str, Any]) -> tuple[Application, str]:
    """Register and keep the uploads; a rejected file rolls the number back (gapless)."""
    app, code = services.register(
        user, d["agency"], d, d["channel"], d["arrived_on"], d.get("confirmed_on")
    )
    for kind, upload in (("identity", d.get("identity_copy")), ("form", d.get("form_scan"))):
        if upload:
            attachments.save_attachment(user, app, kind, upload)
    return app, code


@staff_view
def registered(request: HttpRequest, pk: int) -> HttpResponse:
    """The number and the one-time tracking code: shown once, never stored in clear."""
    app = _case_for(request, pk)
    perm.require(perm.can_handle_case(request.user, app))
    code = sealed.unseal(request.session.pop(_code_key(app.pk), None))
    return render(request, "office/registered.html", {"app": app, "code": code})


# -- the case page -----------------------------------------------------------------


def _case_for(request: HttpRequest, pk: int) -> Application:
    app = get_object_or_404(
        Application.objects.select_related("agency", "proposed_by", "approved_by"), pk=pk
    )
    perm.require(perm.can_view_case(request.user, app), _("该申请不属于您所在的机关。"))
    return app


def available_actions(user: Any, app: Application) -> list[tuple[Step, forms.CaseForm]]:
    """The steps this user may take on the case now, each with its empty form."""
    return [(s, s.form(app=app, prefix=s.name)) for s in STEPS.values() if s.available(user, app)]


@staff_view
def case(request: HttpRequest, pk: int) -> HttpResponse:
    app = _case_for(request, pk)
    user: Any = request.user
    full = perm.can_see_personal_data(user, app)
    if full:
        services.note_personal_data_view(user, app)
    spec = DECISIONS[Decision(app.decision)] if app.decision else None
    letters = list(app.letters.defer("docx", "pdf").select_related("voided_by"))
    context = {
        "app": app,
        "full": full,
        "applicant": applicant_view(app, full),
        "actions": available_actions(user, app),
        "warnings": deadlines.clock_warnings(app),
        "clock": deadlines.clock_state(app),
        "spec": spec,
        "grounds": [Ground(g).label for g in app.decision_grounds if g in Ground.values],
        "corrections": app.corrections.all(),
        "consultations": app.consultations.all(),
        "extension": Extension.objects.filter(application=app)
        .select_related("requested_by", "approved_by")
        .first(),
        "fee": Fee.objects.filter(application=app).first(),
        "letters": letters,
        "voidable": _voidable(user, app, letters),
        "deliveries": app.deliveries.select_related("letter"),
        "appeals": app.appeals.all(),
        "attachments": app.attachments.all(),
        "events": app.events.select_related("actor"),
        "self_proposed": app.proposed_by_id == user.pk,
        "needs_confirmation": app.channel in services.NEEDS_CONFIRMATION,
        "channel_label": Channel(app.channel).label,
        "can_reissue_code": perm.can_handle_case(user, app),
    }
    return render(request, "office/case.html", context)


def _voidable(user: Any, app: Application, letters: list[Letter]) -> set[int]:
    """The letters this user may void now (the case page links them to the confirm page)."""
    if not perm.can_handle_case(user, app):
        return set()
    return {x.pk for x in letters if pre.why_not_void_letter(x) is None}


@staff_view
def void_letter(request: HttpRequest, pk: int, letter_id: int) -> HttpResponse:
    """作废 a letter without a replacement: GET shows the letter and asks why; POST voids."""
    app = _case_for(request, pk)
    item = get_object_or_404(Letter.objects.defer("docx", "pdf"), pk=letter_id, application=app)
    perm.require(
        perm.can_handle_case(request.user, app), _("只有承办机关的信息员或审核人可以作废文书。")
    )
    refused = pre.why_not_void_letter(item)
    if refused:
        messages.warning(request, refused)
        return redirect(reverse("office:case", args=[app.pk]) + "#letters")
    form = forms.VoidLetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void_letter(item, request.user, form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已作废 %(n)s。") % {"n": item.doc_number})
            return redirect(reverse("office:case", args=[app.pk]) + "#letters")
    status = 400 if form.errors else 200
    context = {"app": app, "letter": item, "form": form}
    return render(request, "office/void_letter.html", context, status=status)


@staff_view
def reissue_code(request: HttpRequest, pk: int) -> HttpResponse:
    """补发查询码: the new code is shown in this response only — never stored in clear, not
    even in the session — and the old code stops working at once."""
    app = _case_for(request, pk)
    perm.require(perm.can_handle_case(request.user, app))
    form = forms.ReissueCodeForm(request.POST or None)
    code = None
    if request.method == "POST" and form.is_valid():
        try:
            code = services.reissue_tracking_code(
                request.user, app, form.cleaned_data["identity_check"], client_ip(request)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    status = 400 if form.errors else 200
    response = render(
        request, "office/reissue_code.html", {"app": app, "form": form, "code": code}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_view
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    app = _case_for(request, pk)
    act = STEPS.get(action)
    if act is None:
        raise Http404
    perm.require(act.permitted(request.user, app))
    if request.method != "POST":
        if not act.offered(app):
            messages.warning(request, _("案件当前状态不能执行“%(a)s”。") % {"a": act.label})
            return redirect("office:case", pk=app.pk)
        if act.preview_first:
            return _opening_preview(request, app, act)
        return _action_page(request, app, act, act.form(app=app, prefix=act.name))
    form = act.form(request.POST, request.FILES, app=app, prefix=act.name)
    if form.is_valid():
        try:
            if act.preview and not _preview_confirmed(request, act, app, form):
                return _preview_page(request, app, act, form)
            result = act.take(request.user, app, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, str(act.done))
            return redirect(_after(request, app, act, result))
    return _action_page(request, app, act, form, status=400)


def _action_page(
    request: HttpRequest, app: Application, act: Step, form: Any, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"app": app, "act": act, "form": form, **extra}
    return render(request, "office/case_action.html", context, status=status)


def _preview_confirmed(request: HttpRequest, act: Step, app: Application, form: Any) -> bool:
    """Confirmed only if the figures shown are the ones being confirmed."""
    assert act.preview is not None
    shown = request.POST.get("preview_key")
    return bool(form.cleaned_data.get("confirm")) and shown == _preview_key(
        act.preview(app, form.cleaned_data)
    )


def _preview_key(preview: dict[str, Any]) -> str:
    """A fingerprint of everything shown: a draft letter that changed since is shown again."""
    shown = "|".join(f"{k}={preview[k]!r}" for k in sorted(preview))
    return hashlib.sha256(shown.encode()).hexdigest()


def _opening_preview(request: HttpRequest, app: Application, act: Step) -> HttpResponse:
    """The action page opened on the preview of the form's initial values (the draft reply
    under today's date): what is to be approved is read before anything is entered."""
    empty = act.form(app=app, prefix=act.name)
    data = QueryDict(mutable=True)
    for name, field in empty.fields.items():
        value = empty.get_initial_for_field(field, name)
        if value is not None:
            data[empty.add_prefix(name)] = (
                value.isoformat() if hasattr(value, "isoformat") else value
            )
    form = act.form(data, app=app, prefix=act.name)
    if not form.is_valid():
        return _action_page(request, app, act, empty)
    try:
        return _preview_page(request, app, act, form)
    except ValidationError:
        return _action_page(request, app, act, empty)


def _preview_page(request: HttpRequest, app: Application, act: Step, form: Any) -> HttpResponse:
    assert act.preview is not None
    data = form.data.copy()  # the POST, or the initial values the page opened on
    data[f"{act.name}-confirm"] = "1"
    confirm_form = act.form(data, app=app, prefix=act.name)
    confirm_form.is_valid()
    preview = act.preview(app, form.cleaned_data)
    return _action_page(
        request, app, act, confirm_form, preview=preview, preview_key=_preview_key(preview)
    )


def _after(request: HttpRequest, app: Application, act: Step, result: Any) -> str:
    if isinstance(result, Letter) and request.POST.get("open") == "pdf":
        return reverse("office:letter", args=[app.pk, result.pk, "pdf"]) + "?inline=1"
    anchor = {"letter": "#letters", "upload": "#attachments", "deliver": "#letters"}
    return reverse("office:case", args=[app.pk]) + anchor.get(act.name, "")


# -- files: permission-checked downloads ------------------------------------------


@staff_view
def attachment(request: HttpRequest, pk: int, att_id: int) -> FileResponse:
    app = _case_for(request, pk)
    att = get_object_or_404(Attachment, pk=att_id, application=app)
    handle = attachments.open_attachment(request.user, att)
    note_download(request, app, "attachment", att.pk, att.get_kind_display())
    response = FileResponse(
        handle, as_attachment=True, filename=att.name, content_type=att.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def note_download(request: HttpRequest, app: Application, what: str, pk: int, kind: str) -> None:
    """Every download of a file that names a person is audited (who, whose, which file)."""
    audit.record(
        request.user, "personal_data.downloaded", app.number, ip=client_ip(request),
        file=what, id=pk, kind=kind,
    )  # fmt: skip


@staff_view
def letter(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> HttpResponse:
    """Letters name the applicant: the handling agency's staff only."""
    app = _case_for(request, pk)
    perm.require(
        perm.can_see_personal_data(request.user, app),
        _("文书含申请人个人信息，仅承办机关工作人员可下载。"),
    )
    item = get_object_or_404(Letter, pk=letter_id, application=app)
    if fmt not in letter_files.TYPES:
        raise Http404
    return letter_files.download_response(
        app, item, fmt, actor=request.user, ip=client_ip(request), channel="office",
        inline=fmt == "pdf" and request.GET.get("inline") == "1",
    )  # fmt: skip


# -- dashboard ---------------------------------------------------------------------


@staff_view
def dashboard(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    visible = perm.visible_agencies(user).order_by("path")
    form = forms.DashboardForm(request.GET or None, agencies=visible)
    agency, year = form.scope(default_agency=visible.first())
    perm.require(agency is not None and visible.filter(pk=agency.pk).exists())
    assert agency is not None
    scope = dashboards.dashboard_scope(user, agency)
    cases = Application.objects.filter(agency__in=scope)
    today = services.today()
    end = today if year >= today.year else dt.date(year, 12, 1)
    figures = dashboards.figures(scope, year, end)
    overdue = cases.overdue().order_by("due_on").select_related("agency")[:20]
    context = {
        "form": form,
        "agency": agency,
        "year": year,
        "summary": figures.summary,
        "months": figures.months,
        "decisions": figures.decisions,
        "rows": figures.rows if len(figures.rows) > 1 else [],
        "overdue": [list_row(user, a) for a in overdue],
        "table3": dashboards.table3(scope, year),
        "today": today,
    }
    return render(request, "office/dashboard.html", context)
