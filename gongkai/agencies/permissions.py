"""Permission predicates — the only place that decides who may do what.

Every service, view, API endpoint and command asks these; templates only
decide what to *show*. A role holds in the agency where it is granted; admin
and supervisor roles also hold in that agency's subtree. Nothing sideways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import SUBTREE_ROLES, Agency, Membership, Role

if TYPE_CHECKING:
    from gongkai.applications.models import Application

_CACHE_ATTR = "_gongkai_memberships"
CACHE_ATTR = _CACHE_ATTR  # public: code that grants a role drops the cached list


def memberships(user: Any) -> list[tuple[str, str]]:
    """(agency path, role) pairs of an authenticated user, cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, agency__is_active=True).values_list(
                "agency__path", "role"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def roles_in(user: Any, agency: Agency) -> set[str]:
    """The roles a user holds in `agency`: granted there, or inherited from an ancestor."""
    roles = set()
    for path, role in memberships(user):
        if path == agency.path or (role in SUBTREE_ROLES and agency.path.startswith(path)):
            roles.add(role)
    return roles


def has_role(user: Any, agency: Agency, *wanted: str) -> bool:
    return bool(roles_in(user, agency) & set(wanted))


def staff_paths(user: Any) -> frozenset[str]:
    """The paths of the agencies whose staff the user is (see `is_staff_of`)."""
    return frozenset(path for path, role in memberships(user) if role != Role.SUPERVISOR)


def is_staff_of(user: Any, agency: Agency) -> bool:
    """Clerk, reviewer or admin of the agency itself (not merely a supervisor above it)."""
    return agency.path in staff_paths(user)


def visible_agencies(user: Any):
    """Agencies whose cases the user may see: own agencies, plus subtrees for admin/supervisor."""
    from django.db.models import Q

    q = Q(pk__in=[])
    for path, role in memberships(user):
        q |= Q(path__startswith=path) if role in SUBTREE_ROLES else Q(path=path)
    return Agency.objects.filter(q)


def is_back_office_user(user: Any) -> bool:
    return bool(memberships(user))


# -- cases -------------------------------------------------------------------


def can_view_case(user: Any, app: Application) -> bool:
    return bool(roles_in(user, app.agency))


def can_handle_case(user: Any, app: Application) -> bool:
    """Run the case: register, correction, consultation, fees, decision drafts, letters, delivery."""
    return has_role(user, app.agency, Role.CLERK, Role.REVIEWER) and is_staff_of(user, app.agency)


def can_approve(user: Any, app: Application) -> bool:
    """Approve an extension or a decision (条例第三十三条: head of the OGI work unit)."""
    return has_role(user, app.agency, Role.REVIEWER) and is_staff_of(user, app.agency)


def can_see_personal_data(user: Any, app: Application) -> bool:
    """Identity numbers, addresses, phones in full: staff of the handling agency only."""
    return is_staff_of(user, app.agency)


def can_register_in(user: Any, agency: Agency) -> bool:
    return has_role(user, agency, Role.CLERK, Role.REVIEWER) and is_staff_of(user, agency)


def can_manage_agency(user: Any, agency: Agency) -> bool:
    """Users, settings and letter templates of an agency and its subtree."""
    return has_role(user, agency, Role.ADMIN)


def can_manage_any_agency(user: Any) -> bool:
    """`can_manage_agency` holds somewhere: the admin role, at least where it is granted."""
    return any(role == Role.ADMIN for _path, role in memberships(user))


def can_supervise(user: Any, agency: Agency) -> bool:
    return has_role(user, agency, Role.SUPERVISOR, Role.ADMIN)


def can_view_letter_register(user: Any, agency: Agency) -> bool:
    """The 文号 register: the agency's clerks, reviewers and admins, or a supervisor above it."""
    return has_role(user, agency, Role.CLERK, Role.REVIEWER, Role.ADMIN) or can_supervise(
        user, agency
    )


def subtree_paths(user: Any) -> list[str]:
    """Paths of the agencies where the user holds a subtree role (admin, supervisor)."""
    return [path for path, role in memberships(user) if role in SUBTREE_ROLES]


def can_manage_calendar(user: Any) -> bool:
    """Holiday arrangements are national: any admin or supervisor may add an announced year."""
    return getattr(user, "is_superuser", False) or bool(subtree_paths(user))


def can_review_reports(user: Any) -> bool:
    """Ingest and audit published annual reports: supervisors and admins (of their subtrees)."""
    return bool(subtree_paths(user))


# -- the agency's own annual report (条例第四十九、五十条) --------------------------------


def can_edit_annual_report(user: Any, agency: Agency) -> bool:
    """Enter table 二 figures and write the sections: the agency's own staff."""
    return has_role(user, agency, Role.CLERK, Role.REVIEWER, Role.ADMIN)


def can_view_annual_report(user: Any, agency: Agency) -> bool:
    """Read the agency's report: its own staff, or a supervisor or admin above it."""
    return can_edit_annual_report(user, agency) or can_supervise(user, agency)


def can_view_any_annual_report(user: Any) -> bool:
    """`can_view_annual_report` holds somewhere: every role reads its own agency's report."""
    return bool(memberships(user))


def can_publish_annual_report(user: Any, agency: Agency) -> bool:
    """Publish (or amend) the report: a reviewer of the agency, or its admin."""
    return has_role(user, agency, Role.REVIEWER, Role.ADMIN)


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("您没有执行此操作的权限。"))


# -- background jobs -----------------------------------------------------------


def job_scopes(user: Any) -> list[str]:
    """Agency paths whose jobs the user sees besides their own: where they are 机关管理员."""
    return [path for path, role in memberships(user) if role == Role.ADMIN]


def can_see_job(user: Any, job: Any) -> bool:
    if job.owner_id is not None and job.owner_id == getattr(user, "pk", None):
        return True
    return bool(job.scope) and any(job.scope.startswith(p) for p in job_scopes(user))


# -- 主动公开: the catalogue (gongkai.catalog) -------------------------------------------


def can_draft_item(user: Any, agency: Agency) -> bool:
    """Draft and edit catalogue items: the agency's own clerks and reviewers."""
    return has_role(user, agency, Role.CLERK, Role.REVIEWER) and is_staff_of(user, agency)


def can_review_item(user: Any, agency: Agency) -> bool:
    """初审 and 复核 (the four-eyes rule is the service's precondition): reviewers of the
    agency itself, or its admins."""
    return (has_role(user, agency, Role.REVIEWER) and is_staff_of(user, agency)) or has_role(
        user, agency, Role.ADMIN
    )


def can_publish_item(user: Any, agency: Agency) -> bool:
    """Publish, schedule, withdraw and mark 失效/废止: a reviewer of the agency or its admin."""
    return can_review_item(user, agency)


def can_manage_catalog(user: Any, agency: Agency | None = None) -> bool:
    """The wording list and an agency's catalogue settings: admins (superusers for the list)."""
    if getattr(user, "is_superuser", False):
        return True
    if agency is None:
        return bool(job_scopes(user))
    return has_role(user, agency, Role.ADMIN)
