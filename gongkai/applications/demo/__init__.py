"""Demo data from the seed documents: the agency tree, staff for every role, and
cases in every state and of every decision type, built through the services.

`build()` is what `manage.py seed_demo` runs. It is idempotent: people are
created or updated every time; cases are told once (unless `reset`).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.test.utils import override_settings

from gongkai.agencies.models import Agency, Membership
from gongkai.agencies.tree import SEED_AGENCIES, build_seed_tree
from gongkai.core.workcalendar import get_calendar

from .. import figures, services
from ..models import Application, Letter, NumberCounter
from .people import DEMO_PASSWORD, STAFF, Staff
from .stories import tell
from .timeline import Timeline

SEED_CODES = [a[0] for a in SEED_AGENCIES]
# Cases whose tracking code the demo prints, so the portal's tracking can be tried.
SHOWCASE = {
    "tc-budget": "已答复，可下载答复告知书",
    "tc-waiting-correction": "待补正",
    "tc-new-online": "网上提交，待确认收到",
}


@dataclass
class DemoResult:
    created: bool
    cases: int = 0
    letters: int = 0
    steps: int = 0
    mails: int = 0
    seconds: float = 0.0
    staff: list[tuple[Staff, str]] = field(default_factory=list)  # (who, agency name)
    showcase: list[tuple[str, str, str]] = field(default_factory=list)  # number, code, what


def codes_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-tracking.json"


def ensure_staff(agencies: dict[str, Agency]) -> dict[str, dict[str, Any]]:
    """Create or update the demo users; everyone's password is DEMO_PASSWORD."""
    users: dict[str, dict[str, Any]] = {}
    model = get_user_model()
    for who in STAFF:
        user, _ = model.objects.get_or_create(username=who.username)
        user.first_name, user.last_name = who.full_name, ""
        user.email = f"{who.username}@demo.gongkai.example"
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.get_or_create(user=user, agency=agencies[who.agency], role=who.role)
        users.setdefault(who.agency, {})[who.role] = user
    return users


def has_cases() -> bool:
    return Application.objects.filter(agency__code__in=SEED_CODES).exists()


def reset_cases() -> None:
    """Delete the seed agencies' cases and their number series (demo databases only)."""
    from ..models import LetterCounter

    Application.objects.filter(agency__code__in=SEED_CODES).delete()
    NumberCounter.objects.filter(agency__code__in=SEED_CODES).delete()
    LetterCounter.objects.filter(agency__code__in=SEED_CODES).delete()
    # Deleting cases is no step (no event): recount the seed agencies' figures here.
    figures.rebuild(list(Agency.objects.filter(code__in=SEED_CODES).values_list("pk", flat=True)))
    codes_file().unlink(missing_ok=True)


def build(reset: bool = False, today: dt.date | None = None) -> DemoResult:
    import time_machine  # a dev dependency: the demo moves the clock to each step

    started = time.perf_counter()
    # Mail is queued on commit: keep it in memory (and count it) instead of printing it.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        with transaction.atomic():  # all or nothing: a failed build can simply be rerun
            agencies = build_seed_tree()
            staff = ensure_staff(agencies)
            if reset:
                reset_cases()
            result = DemoResult(created=not has_cases())
            if result.created:
                _tell_cases(agencies, staff, today or services.today(), time_machine, result)
        result.mails = len(mail.outbox)
    result.staff = [(who, agencies[who.agency].name) for who in STAFF]
    result.showcase = _load_showcase()
    result.seconds = time.perf_counter() - started
    return result


def _tell_cases(agencies, staff, today, time_machine, result: DemoResult) -> None:
    timeline = Timeline(agencies, staff)
    tell(timeline, get_calendar(), today)
    result.steps = timeline.play(lambda at: time_machine.travel(at, tick=False))
    services.sweep(today)  # the real morning sweep of the day the demo is built
    ids = [s.app.pk for s in timeline.stories if s.app is not None]
    result.cases = len(ids)
    result.letters = Letter.objects.filter(application_id__in=ids).count()
    _save_showcase(timeline)


def _save_showcase(timeline: Timeline) -> None:
    shown = [
        (s.app.number, s.code, SHOWCASE[s.key])
        for s in timeline.stories
        if s.key in SHOWCASE and s.app is not None
    ]
    codes_file().write_text(json.dumps(shown, ensure_ascii=False, indent=1), encoding="utf-8")


def _load_showcase() -> list[tuple[str, str, str]]:
    try:
        return [tuple(x) for x in json.loads(codes_file().read_text(encoding="utf-8"))]  # type: ignore[misc]
    except (OSError, ValueError):
        return []
