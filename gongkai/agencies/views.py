"""Login, password change, and the agency admin pages (users, roles, contact details).

`staff_view` (from core.web) wraps every back-office view once: anonymous → login page;
no role anywhere or a PermissionDenied from a predicate or a service → a
Chinese 403 page. Permissions are decided by `permissions.py` and the
services, never only by what a template shows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.core import audit
from gongkai.core.http import client_ip
from gongkai.core.web import apply_errors, staff_view

from . import permissions as perm
from . import services
from .forms import (
    AgencyContactForm,
    ChinesePasswordChangeForm,
    GrantRoleForm,
    ThrottledAuthenticationForm,
    UserCreateForm,
)
from .models import Agency, Membership, Role

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


def managed_agency(request: HttpRequest, agency_id: int | None) -> tuple[Agency, Any]:
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
    agency, agencies = managed_agency(request, agency_id)
    return _users_page(request, agency, agencies)


@staff_view
@require_POST
def agency_user_create(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency, agencies = managed_agency(request, agency_id)
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
    agency, agencies = managed_agency(request, agency_id)
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
    agency, agencies = managed_agency(request, agency_id)
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
