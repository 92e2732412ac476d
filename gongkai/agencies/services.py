"""Accounts and agencies: the only code that changes users, roles and agency settings.

Every verb checks `can_manage_agency` (an admin's rights hold in their agency
and its subtree, never sideways) and writes an audit event. Login throttling
lives here too: failures are counted per username and per client address in
the shared cache (locmem in development, Redis in production).
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.core import audit, jobs, workcalendar
from gongkai.core.actors import Actor
from gongkai.core.http import client_ip, count_in_window
from gongkai.core.models import HolidayYear, Job, validate_arrangement
from gongkai.core.signals import calendar_changed

from . import permissions as perm
from .models import Agency, Membership, Role

# -- login throttling ----------------------------------------------------------


def _throttle_key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"gongkai:login:{kind}:{digest}"


def _subjects(username: str, ip: str | None) -> list[tuple[str, str]]:
    subjects = [("user", username.strip().lower())] if username.strip() else []
    if ip:
        subjects.append(("ip", ip))
    return subjects


def login_locked_until(username: str, ip: str | None) -> float | None:
    """The epoch second until which logins for this username or address are refused."""
    stamps = [cache.get(_throttle_key(k, v) + ":lock") for k, v in _subjects(username, ip)]
    live = [s for s in stamps if s and s > time.time()]
    return max(live) if live else None


def note_login_failure(username: str, ip: str | None, channel: str = "form") -> bool:
    """Count a failed login; returns True if this failure locked the username or address."""
    limit = settings.GONGKAI["LOGIN_MAX_FAILURES"]
    window = settings.GONGKAI["LOGIN_LOCK_SECONDS"]
    audit.record(None, "login.failed", username[:150], ip=ip, channel=channel)
    locked = []
    for kind, value in _subjects(username, ip):
        key = _throttle_key(kind, value)
        count = count_in_window(key, window)
        if count >= limit:
            cache.set(key + ":lock", time.time() + window, window)
            locked.append(kind)
    if locked:
        audit.record(None, "login.locked", username[:150], ip=ip, by=locked, failures=limit)
    return bool(locked)


def note_login_success(user: Any, ip: str | None, channel: str = "form") -> None:
    cache.delete(_throttle_key("user", user.get_username().strip().lower()))
    if channel == "api-basic" and not _first_this_hour(user, ip):
        return  # a script sends its password with every call: audit once an hour, not per call
    audit.record(user, "login.succeeded", user.get_username(), ip=ip, channel=channel)


def _first_this_hour(user: Any, ip: str | None) -> bool:
    key = _throttle_key("seen", f"{user.pk}:{ip}")
    return bool(cache.add(key, 1, 3600))


class LoginLocked(Exception):
    """Too many failures for this username or address; `until` is an epoch second."""

    def __init__(self, until: float) -> None:
        super().__init__(until)
        self.until = until


def authenticate_login(request: Any, username: str, password: str, channel: str) -> Any:
    """The one door for a username and password: the office login form, the admin
    login and HTTP Basic on the API all come through here, so they share the same
    lockout, the same failure count and the same audit trail.

    Returns the user, or None for a wrong password (counted and audited);
    raises LoginLocked while the username or the address is locked, before any
    password hashing is done (a locked guesser costs no CPU)."""
    ip = client_ip(request)
    until = login_locked_until(username, ip)
    if until:
        audit.record(None, "login.refused_locked", username[:150], ip=ip, channel=channel)
        raise LoginLocked(until)
    user = authenticate(request, username=username, password=password)
    if user is None:
        if note_login_failure(username, ip, channel):
            raise LoginLocked(login_locked_until(username, ip) or time.time())
        return None
    note_login_success(user, ip, channel)
    return user


def check_token_address(request: Any) -> None:
    """API tokens are not passwords, but a wrong token is still a guess: a locked
    address may not try tokens either (raises LoginLocked)."""
    until = login_locked_until("", client_ip(request))
    if until:
        raise LoginLocked(until)


def note_token_failure(request: Any) -> None:
    note_login_failure("", client_ip(request), "api-token")


# -- users and roles -----------------------------------------------------------


def password_problems(password: str, user: Any = None) -> list[str]:
    """The password validators' complaints, in Chinese (Django's catalogue lacks
    a Chinese plural for the minimum-length message)."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return [_chinese(e) for e in exc.error_list]
    return []


def _chinese(error: ValidationError) -> str:
    if error.code == "password_too_short":
        params = error.params or {}
        return _("密码太短，至少需要%(n)d个字符。") % {"n": params.get("min_length", 8)}
    return error.messages[0]


def managed_agencies(actor: Actor):
    """Agencies whose users and settings the actor administers (admin role subtrees)."""
    return Agency.objects.filter(
        pk__in=[a.pk for a in perm.visible_agencies(actor) if perm.can_manage_agency(actor, a)]
    )


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": [_("请选择角色。")]})


@transaction.atomic
def create_user(
    actor: Actor,
    agency: Agency,
    *,
    username: str,
    full_name: str,
    email: str,
    password: str,
    role: str,
) -> Any:
    """A new staff account with its first role in `agency`."""
    perm.require(perm.can_manage_agency(actor, agency))
    _check_role(role)
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationError({"username": [_("请填写登录名。")]})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": [_("登录名“%(u)s”已被使用。") % {"u": username}]})
    user = User(username=username, first_name=full_name.strip()[:150], email=email.strip())
    problems = password_problems(password, user)
    if problems:
        raise ValidationError({"password": problems})
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, agency=agency, role=role)
    audit.record(actor, "accounts.user_created", user.username, agency=agency.code, role=role)
    return user


@transaction.atomic
def grant_role(actor: Actor, user: Any, agency: Agency, role: str) -> Membership:
    perm.require(perm.can_manage_agency(actor, agency))
    _check_role(role)
    try:
        with transaction.atomic():
            m = Membership.objects.create(user=user, agency=agency, role=role)
    except IntegrityError as exc:
        raise ValidationError(_("该用户在本机关已有此角色。")) from exc
    audit.record(actor, "accounts.role_granted", user.username, agency=agency.code, role=role)
    return m


@transaction.atomic
def revoke_role(actor: Actor, membership: Membership) -> None:
    perm.require(perm.can_manage_agency(actor, membership.agency))
    if membership.user_id == actor.pk and membership.role == Role.ADMIN:
        # An admin cannot saw off the branch they sit on; another admin must do it.
        raise ValidationError(_("不能撤销自己的机关管理员角色。"))
    membership.delete()
    audit.record(
        actor,
        "accounts.role_revoked",
        membership.user.username,
        agency=membership.agency.code,
        role=membership.role,
    )


def can_manage_user(actor: Actor, user: Any) -> bool:
    """Only if every agency the user works in is within the actor's administration."""
    agencies = [m.agency for m in Membership.objects.filter(user=user).select_related("agency")]
    return bool(agencies) and all(perm.can_manage_agency(actor, a) for a in agencies)


@transaction.atomic
def set_user_active(actor: Actor, user: Any, active: bool) -> None:
    """Deactivate (or reactivate) an account; its history stays attached to it."""
    perm.require(can_manage_user(actor, user))
    if user.pk == actor.pk:
        raise ValidationError(_("不能停用自己的账号。"))
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = "accounts.user_activated" if active else "accounts.user_deactivated"
    audit.record(actor, action, user.username)


# -- agency settings -------------------------------------------------------------

CONTACT_FIELDS = (
    "office_name",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
    "review_body",
    "court",
    "accepts_online",
)


@transaction.atomic
def update_agency_contact(actor: Actor, agency: Agency, data: dict[str, Any]) -> Agency:
    """The contact details printed in letters and the 公开指南 (条例第十二条)."""
    perm.require(perm.can_manage_agency(actor, agency))
    changed = {}
    for field in CONTACT_FIELDS:
        if field in data and getattr(agency, field) != data[field]:
            changed[field] = [str(getattr(agency, field)), str(data[field])]
            setattr(agency, field, data[field])
    if changed:
        agency.full_clean(exclude=["parent", "code", "name"])
        agency.save(update_fields=list(changed))
        audit.record(actor, "agencies.contact_changed", agency, changed=changed)
    return agency


# -- the working-day calendar ---------------------------------------------------


@transaction.atomic
def save_holiday_year(
    actor: Actor, year: int, notice: str, arrangement: dict, doc_no: str = ""
) -> HolidayYear:
    """Add or replace a year's arrangement, then recompute provisional deadlines."""
    perm.require(perm.can_manage_calendar(actor))
    validate_arrangement(arrangement)
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("年度无效。")]})
    if not notice.strip():
        raise ValidationError({"notice": [_("请填写通知名称。")]})
    hy, created = HolidayYear.objects.update_or_create(
        year=year,
        defaults={"notice": notice.strip(), "doc_no": doc_no.strip(), "arrangement": arrangement},
    )
    audit.record(
        actor, "calendar.year_added" if created else "calendar.year_changed", hy, year=year
    )
    transaction.on_commit(workcalendar.invalidate)
    workcalendar.invalidate()
    calendar_changed.send(sender=HolidayYear, actor=actor, year=year)
    return hy


# -- background jobs ---------------------------------------------------------------


def retry_job(actor: Actor, job: Job) -> Job:
    """Run a failed job again: its owner, or an admin of the agency it belongs to."""
    perm.require(perm.can_see_job(actor, job), _("您无权重新运行此任务。"))
    jobs.retry(job)
    audit.record(actor, "jobs.retried", job, handler=job.handler)
    return job
