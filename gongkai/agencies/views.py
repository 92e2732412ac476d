"""Login, password change, and the agency admin pages (users, roles, contact details).

`staff_view` wraps every back-office view once: anonymous → login page;
no role anywhere or a PermissionDenied from a predicate or a service → a
Chinese 403 page. Permissions are decided by `permissions.py` and the
services, never only by what a template shows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import audit
from gongkai.core.http import client_ip

from . import permissions as perm
from . import services
from .forms import (
    AgencyContactForm,
    ChinesePasswordChangeForm,
    GrantRoleForm,
    LetterTemplateForm,
    ThrottledAuthenticationForm,
    UserCreateForm,
)
from .models import Agency, Membership, Role


def forbidden(request: HttpRequest, exc: Exception | None = None) -> HttpResponse:
    message = str(exc) if exc and str(exc) else _("您没有执行此操作的权限。")
    return render(request, "accounts/forbidden.html", {"message": message}, status=403)


def staff_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Login required; back-office users only; PermissionDenied → Chinese 403 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not perm.is_back_office_user(request.user):
            return forbidden(request, PermissionDenied(_("您的账号未在任何机关担任职务。")))
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, exc)

    return login_required(wrapper)


def apply_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's Chinese errors on the form fields they name (or on the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# -- login / logout / password ---------------------------------------------------


class LoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit.record(request.user, "logout", request.user.get_username(), ip=client_ip(request))
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChinesePasswordChangeForm
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(self.request.user, "accounts.password_changed", self.request.user.username)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


# -- agency admin ------------------------------------------------------------------


def _managed(request: HttpRequest, agency_id: int | None) -> tuple[Agency, Any]:
    agencies = services.managed_agencies(request.user)
    picked = request.GET.get("agency", "")
    if agency_id is None and picked.isdigit():
        agency_id = int(picked)
    if agency_id is None:
        first = agencies.first()
        perm.require(first is not None, _("您不是任何机关的管理员。"))
        assert first is not None
        return first, agencies
    agency = get_object_or_404(Agency, pk=agency_id)
    perm.require(perm.can_manage_agency(request.user, agency))
    return agency, agencies


def _users_page(
    request: HttpRequest, agency: Agency, agencies: Any, status: int = 200, **forms: Any
) -> HttpResponse:
    users = (
        get_user_model()
        .objects.filter(memberships__agency__path__startswith=agency.path)
        .distinct()
        .order_by("username")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("agency").order_by("agency__path"),
            )
        )
    )
    people = list(users)
    manageable = {
        m.pk
        for u in people
        for m in u.memberships.all()
        if perm.can_manage_agency(request.user, m.agency)
        and not (m.user_id == request.user.pk and m.role == Role.ADMIN)
    }
    context = {
        "agency": agency,
        "agencies": agencies,
        "users": people,
        "manageable": manageable,
        "create_form": forms.get("create_form") or UserCreateForm(),
        "grant_form": forms.get("grant_form") or GrantRoleForm(),
    }
    return render(request, "accounts/agency_users.html", context, status=status)


@staff_view
def agency_users(request: HttpRequest, agency_id: int | None = None) -> HttpResponse:
    agency, agencies = _managed(request, agency_id)
    return _users_page(request, agency, agencies)


@staff_view
@require_POST
def agency_user_create(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency, agencies = _managed(request, agency_id)
    form = UserCreateForm(request.POST)
    if form.is_valid():
        try:
            user = services.create_user(request.user, agency, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已创建用户 %(u)s。") % {"u": user.username})
            return redirect("office:agency_users", agency_id=agency.pk)
    return _users_page(request, agency, agencies, 400, create_form=form)


@staff_view
@require_POST
def agency_role_grant(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency, agencies = _managed(request, agency_id)
    form = GrantRoleForm(request.POST)
    if form.is_valid():
        try:
            services.grant_role(
                request.user, form.cleaned_data["username"], agency, form.cleaned_data["role"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已授予角色。"))
            return redirect("office:agency_users", agency_id=agency.pk)
    return _users_page(request, agency, agencies, 400, grant_form=form)


@staff_view
@require_POST
def agency_role_revoke(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("agency"), pk=membership_id)
    try:
        services.revoke_role(request.user, membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已撤销角色。"))
    return redirect("office:agency_users", agency_id=membership.agency_id)


@staff_view
@require_POST
def user_set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=user_id)
    active = request.POST.get("active") == "1"
    try:
        services.set_user_active(request.user, user, active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已启用账号。") if active else _("已停用账号。"))
    back = request.POST.get("agency")
    if back and back.isdigit():
        return redirect("office:agency_users", agency_id=int(back))
    return redirect("office:agency_users_default")


@staff_view
def agency_settings(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency, agencies = _managed(request, agency_id)
    form = AgencyContactForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in services.CONTACT_FIELDS}
        try:
            services.update_agency_contact(request.user, agency, data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("联系信息已保存，此后生成的文书将使用新的信息。"))
            return redirect(reverse("office:agency_settings", args=[agency.pk]))
    status = 400 if request.method == "POST" else 200
    context = {"agency": agency, "agencies": agencies, "form": form}
    return render(request, "accounts/agency_settings.html", context, status=status)


# -- letter templates (文书模板) ---------------------------------------------------

SOURCE_LABELS = {
    "agency": _("本机关"),
    "ancestor": _("上级机关"),
    "site": _("全站"),
    "default": _("系统默认"),
}


def _template_key(kind: str, decision: str) -> tuple[str, str]:
    from gongkai.applications.letters import bodies

    decision = "" if decision == "-" else decision
    if not bodies.is_valid_key(kind, decision):
        raise Http404
    return kind, decision


def _key_label(kind: str, decision: str) -> str:
    from gongkai.applications.decisions import Decision
    from gongkai.applications.models import LetterKind

    label = str(LetterKind(kind).label)
    return f"{label} · {Decision(decision).label}" if decision else label


@staff_view
def letter_templates(request: HttpRequest, agency_id: int) -> HttpResponse:
    from gongkai.applications.letter_templates import effective_template
    from gongkai.applications.letters import bodies

    agency, agencies = _managed(request, agency_id)
    rows = []
    for kind, decision in bodies.all_keys():
        eff = effective_template(agency, kind, decision)
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
    import datetime as dt

    from gongkai.applications.letters import sandbox
    from gongkai.applications.letters.context import letter_context, sample_facts

    context = letter_context(sample_facts(agency, decision), dt.date(2025, 10, 30))
    return sandbox.split_paragraphs(sandbox.render_text(body, context))


@staff_view
def letter_template_edit(
    request: HttpRequest, agency_id: int, kind: str, decision: str
) -> HttpResponse:
    from gongkai.applications import letter_templates as lt

    agency, agencies = _managed(request, agency_id)
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
