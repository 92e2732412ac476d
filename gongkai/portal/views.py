"""The public portal: what the platform is, apply online, track, download.

Nothing here changes a case except through services.submit_online. Nothing
about a case is shown without its secret code (tracking.py); personal data is
never put in a URL or a log line.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.applications import deadlines, services
from gongkai.applications import preconditions as pre
from gongkai.applications.deadlines import REPLY_DAYS
from gongkai.applications.letters import files as letter_files
from gongkai.applications.models import Application
from gongkai.core import sealed
from gongkai.core.http import client_ip

from . import throttle, tracking
from .agency_tree import CHOOSE, HOME, rendered_tree
from .caching import cacheable
from .forms import (
    ApplyForm,
    CorrectionForm,
    LostCodeForm,
    TrackForm,
    WithdrawForm,
    add_errors,
)
from .public import public_case, public_letter, voided_notice
from .submission import submit_with_identity

SUBMITTED_KEY = "portal_submitted"
TRACK_FAILED = gettext_lazy("申请编号或查询码不正确，请核对后重新输入。")


@cacheable
def home(request: HttpRequest) -> HttpResponse:
    body = rendered_tree(HOME, reply_days=REPLY_DAYS)
    return render(request, "portal/home.html", {"body": body})


@cacheable
def apply_choose(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/apply_choose.html", {"body": rendered_tree(CHOOSE)})


# -- apply ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.active(), code=code)
    if not agency.accepts_online:
        return render(request, "portal/apply_closed.html", {"agency": agency}, status=404)
    form = ApplyForm()
    if request.method == "POST":
        ip = client_ip(request)
        limit = throttle.submissions_limit()
        if throttle.exhausted(limit, ip):
            return throttled(request, "submit")
        form = ApplyForm(request.POST, request.FILES)
        if form.is_valid():
            if not throttle.take(limit, ip):
                return throttled(request, "submit")
            try:
                with throttle.refunded_if_refused(limit, ip):
                    app, secret = submit_with_identity(
                        agency, form.applicant_data(), form.cleaned_data.get("identity_file"), ip
                    )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                request.session[SUBMITTED_KEY] = {
                    "id": app.pk,
                    "number": app.number,
                    "code": sealed.seal(secret),
                    "agency": agency.name,
                    "on": app.arrived_on.isoformat(),
                }
                return redirect("portal:apply_done")
    return render(request, "portal/apply.html", {"agency": agency, "form": form})


@never_cache
def apply_done(request: HttpRequest) -> HttpResponse:
    """Shows the number and the secret code exactly once."""
    done = request.session.pop(SUBMITTED_KEY, None)
    if done is not None:
        # The code was kept sealed (core.sealed); past MAX_AGE it is gone for good.
        done = {**done, "code": sealed.unseal(done.get("code"))}
        if done["code"] is None:
            done = None
    return render(request, "portal/apply_done.html", {"done": done})


# -- track ------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm()
    if request.method == "POST":
        ip = client_ip(request)
        limit = throttle.track_limit()
        if throttle.exhausted(limit, ip):
            return throttled(request, "track")
        form = TrackForm(request.POST)
        if form.is_valid():
            app = services.find_by_tracking(form.cleaned_data["number"], form.cleaned_data["code"])
            if app is not None:
                tracking.remember(request, app)
                return redirect("portal:track_case", pk=app.pk)
            throttle.take(limit, ip)
            # One message whatever was wrong: no hint whether the number exists.
            form.add_error(None, TRACK_FAILED)
    return render(request, "portal/track.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def track_lost(request: HttpRequest) -> HttpResponse:
    """忘记查询码: the same answer whether or not anything matched (no enumeration); a
    match sends a new code to the e-mail address on file (services.request_code_by_contact)."""
    form = LostCodeForm()
    if request.method == "POST":
        ip = client_ip(request)
        per_ip = throttle.lost_code_limit()
        if throttle.exhausted(per_ip, ip):
            return throttled(request, "lost_code")
        form = LostCodeForm(request.POST)
        if form.is_valid():
            number = form.cleaned_data["number"]
            if not throttle.take(per_ip, ip):
                return throttled(request, "lost_code")
            if not throttle.take(throttle.lost_code_number_limit(), number):
                return throttled(request, "lost_code")
            services.request_code_by_contact(number, form.cleaned_data["contact"], ip)
            return render(request, "portal/track_lost.html", {"sent": True})
    status = 400 if form.errors else 200
    return render(request, "portal/track_lost.html", {"form": form}, status=status)


def _tracked(request: HttpRequest, pk: int) -> Application | None:
    app = Application.objects.select_related("agency").filter(pk=pk).first()
    if app is None or not tracking.recall(request, app):
        return None
    return app


@never_cache
def track_case(request: HttpRequest, pk: int) -> HttpResponse:
    app = _tracked(request, pk)
    if app is None:
        messages.info(request, _("请输入申请编号和查询码查询办理进度。"))
        return redirect("portal:track")
    return render(request, "portal/track_case.html", {"case": public_case(app)})


def _ask_for_code(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("请输入申请编号和查询码查询办理进度。"))
    return redirect("portal:track")


def _tracked_step(
    request: HttpRequest, pk: int, why_not: Callable[[Application], str | None]
) -> Application | HttpResponse:
    """The case an applicant acts on: proved by number + 查询码, and the step allowed now
    (the service's own precondition); otherwise where to send the applicant instead."""
    app = _tracked(request, pk)
    if app is None:
        return _ask_for_code(request)
    reason = why_not(app)
    if reason:
        messages.warning(request, reason)
        return redirect("portal:track_case", pk=app.pk)
    return app


@never_cache
@require_http_methods(["GET", "POST"])
def track_correction(request: HttpRequest, pk: int) -> HttpResponse:
    """补正 online (条例第三十条), after number + 查询码, while the notice is open."""
    app = _tracked_step(request, pk, pre.why_not_receive_correction)
    if isinstance(app, HttpResponse):
        return app
    form = CorrectionForm()
    if request.method == "POST":
        ip = client_ip(request)
        limit = throttle.submissions_limit()
        if throttle.exhausted(limit, ip):
            return throttled(request, "submit")
        form = CorrectionForm(request.POST, request.FILES)
        if form.is_valid():
            if not throttle.take(limit, ip):
                return throttled(request, "submit")
            d = form.cleaned_data
            try:
                with throttle.refunded_if_refused(limit, ip):
                    services.submit_correction_online(app, d["content"], d["materials"], ip)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, _("补正材料已提交，答复期限自今日起重新计算（条例第三十条）。")
                )
                return redirect("portal:track_case", pk=app.pk)
    context = {"case": public_case(app), "correction": deadlines.open_correction(app), "form": form}
    return render(
        request, "portal/track_correction.html", context, status=400 if form.errors else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """撤回 online: a confirmation page first; the POST with the box ticked withdraws."""
    app = _tracked_step(request, pk, pre.why_not_withdraw)
    if isinstance(app, HttpResponse):
        return app
    form = WithdrawForm()
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.withdraw_online(app, form.cleaned_data["reason"], client_ip(request))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("您的申请已撤回，本申请终止办理。"))
                return redirect("portal:track_case", pk=app.pk)
    context = {"case": public_case(app), "form": form}
    return render(
        request, "portal/track_withdraw.html", context, status=400 if form.errors else 200
    )


@never_cache
@require_POST
def track_forget(request: HttpRequest, pk: int) -> HttpResponse:
    tracking.forget(request, pk)
    messages.success(request, _("已退出查询。"))
    return redirect("portal:track")


@never_cache
def letter(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> HttpResponse:
    app = _tracked(request, pk)
    found = public_letter(app, letter_id) if app is not None else None
    if app is None or found is None:
        raise Http404(_("文书不存在或查询已过期，请重新输入申请编号和查询码。"))
    if found.voided:
        # A voided letter is not offered as a letter at all: a copy served today would carry
        # no mark of the void and could be shown to a third party as valid. 410: it existed.
        context = {"case_id": app.pk, "letter": found, "notice": voided_notice(found)}
        return render(request, "portal/letter_voided.html", context, status=410)
    return letter_files.download_response(
        app, found, fmt, actor=None, ip=client_ip(request), channel="portal"
    )


# -- refusals ---------------------------------------------------------------


def throttled(request: HttpRequest, scope: str) -> HttpResponse:
    response = render(
        request,
        "portal/throttled.html",
        {"scope": scope, "minutes": max(1, throttle.retry_after_seconds() // 60)},
        status=429,
    )
    response["Retry-After"] = str(throttle.retry_after_seconds())
    response["Cache-Control"] = "no-store"
    return response
