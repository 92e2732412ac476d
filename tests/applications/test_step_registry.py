"""One rule per step: what the office offers, what the service accepts and what the API
accepts are the same thing, for every status × every step, on real cases.

Each case is built through the services on a fixed day (2025-10-15, a Wednesday after
国庆); then every step of STEPS is tried three ways on it, each rolled back afterwards:
the office's list of offered actions, the service verb with a valid input, the API POST
with the same input. A refused step is refused with its precondition's reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from rest_framework.test import APIClient

from gongkai.agencies import permissions as perm
from gongkai.api import serializers as api_serializers
from gongkai.api.urls import router
from gongkai.api.views import STEP_INPUTS, ApplicationViewSet
from gongkai.applications import deadlines, forms, preconditions, services
from gongkai.applications.models import Application, Opinion, Status
from gongkai.applications.steps import STEPS, Step
from gongkai.applications.views import available_actions

D = dt.date
TODAY = D(2025, 10, 15)
NOON = dt.datetime(2025, 10, 15, 4, 0, tzinfo=dt.UTC)  # 12:00 in Shanghai
ARRIVED = D(2025, 10, 9)  # reply due in November: not yet overdue on TODAY
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# -- the cases: every status, and the variants a precondition turns on ----------------


def _received(clerk: Any, agency: Any, data: dict[str, Any], on: D = ARRIVED) -> Any:
    app, _code = services.register(clerk, agency, data, "in_person", on)
    return app


def submitted(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app, _code = services.submit_online(agency, data, "192.0.2.1")
    return app


def received(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    return _received(clerk, agency, data)


def received_overdue(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    return _received(clerk, agency, data, D(2025, 8, 1))  # reply was due in August


def corrected(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = _received(clerk, agency, data)
    services.request_correction(clerk, app, "请写明文号", D(2025, 10, 10))
    services.receive_correction(clerk, app, D(2025, 10, 13), "文号为太政办〔2024〕3号")
    return app


def correction(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = _received(clerk, agency, data)
    services.request_correction(clerk, app, "请写明文号", D(2025, 10, 10))
    return app


def correction_lapsed(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = _received(clerk, agency, data, D(2025, 8, 1))
    services.request_correction(clerk, app, "请写明文号", D(2025, 8, 4), 5)
    return app


def consulting(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = _received(clerk, agency, data)
    services.start_consultation(clerk, app, "third_party", "太仓某建设有限公司", D(2025, 10, 10))
    return app


def consulted(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = consulting(clerk, reviewer, agency, data)
    services.record_opinion(clerk, app.consultations.get(), "consent", D(2025, 10, 14))
    return app


def fee(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = _received(clerk, agency, data)
    services.issue_fee_notice(clerk, app, "per_page", D(2025, 10, 10), D(2025, 10, 10), pages=40)
    return app


def fee_lapsed(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = _received(clerk, agency, data, D(2025, 8, 1))
    services.issue_fee_notice(clerk, app, "per_page", D(2025, 8, 4), D(2025, 8, 4), pages=40)
    return app


def extension_pending(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = _received(clerk, agency, data)
    services.request_extension(clerk, app, 10, "需要调取档案室存档材料")
    return app


def review(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = _received(clerk, agency, data)
    services.propose_decision(clerk, app, "disclose", provided_form="electronic")
    return app


def replied(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = review(clerk, reviewer, agency, data)
    services.approve_decision(reviewer, app, D(2025, 10, 14))
    return app


def appealed(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = replied(clerk, reviewer, agency, data)
    services.record_appeal(clerk, app, "review", "太仓市人民政府", D(2025, 10, 15))
    return app


def withdrawn(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = _received(clerk, agency, data)
    services.withdraw(clerk, app, D(2025, 10, 14), "申请人来电撤回")
    return app


def abandoned(clerk: Any, reviewer: Any, agency: Any, data: dict[str, Any]) -> Any:
    app = correction_lapsed(clerk, reviewer, agency, data)
    services.abandon(clerk, app, D(2025, 10, 14))
    return app


CASES: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in [
        submitted,
        received,
        received_overdue,
        corrected,
        correction,
        correction_lapsed,
        consulting,
        consulted,
        fee,
        fee_lapsed,
        extension_pending,
        review,
        replied,
        appealed,
        withdrawn,
        abandoned,
    ]
}


# -- a valid input for each step on a given case -------------------------------------------


def _first(qs: Any, **pending: Any) -> Any:
    return qs.filter(**pending).first() or qs.first()


def sample(step: str, app: Application, stranger: Application) -> dict[str, Any]:
    """An input the service accepts whenever the case allows the step (records are the
    case's own where it has one, else another case's: no valid input exists then)."""
    consultation = _first(app.consultations, opinion=Opinion.PENDING) or _first(
        stranger.consultations
    )
    appeal = _first(app.appeals, result="pending") or _first(stranger.appeals)
    letter = app.letters.order_by("pk").first()
    issuable = preconditions.issuable_letters(app)
    unpaid = deadlines.unpaid_fee(app)
    return {
        "confirm": {"confirmed_on": TODAY},
        "correction": {"items": "请写明所需文件的文号", "notice_on": TODAY},
        "receive_correction": {"received_on": TODAY, "content": "文号"},
        "consult": {"kind": "third_party", "party": "太仓某某有限公司", "sent_on": TODAY},
        "opinion": {"consultation": consultation, "opinion": "consent", "answered_on": TODAY},
        "extension": {"days": 10, "reason": "需要调取档案"},
        "decide_extension": {"approve": True, "decided_on": TODAY},
        "fee": {
            "method": "per_page",
            "notice_on": TODAY,
            "notice_received_on": TODAY,
            "pages": 40,
        },
        "payment": {"paid_on": unpaid.notice_on if unpaid else TODAY, "receipt_no": "0001"},
        "propose": {"decision": "disclose", "provided_form": "electronic"},
        "approve": {"replied_on": TODAY},
        "return": {"note": "请补充依据"},
        "deliver": {
            "method": "pickup",
            "delivered_on": TODAY,
            "letter_id": letter.pk if letter else None,
        },
        "letter": {"kind": issuable[0] if issuable else "receipt", "issued_on": TODAY},
        "upload": {"kind": "identity", "file": SimpleUploadedFile("身份证.png", PNG)},
        "appeal": {"kind": "review", "body": "太仓市人民政府", "filed_on": TODAY},
        "conclude_appeal": {"appeal": appeal, "result": "maintained", "concluded_on": TODAY},
        "abandon": {"decided_on": TODAY},
        "withdraw": {"on": TODAY, "note": "申请人撤回"},
    }[step]


def as_json(data: dict[str, Any]) -> dict[str, Any]:
    def value(v: Any) -> Any:
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, models.Model):
            return v.pk
        if isinstance(v, SimpleUploadedFile):
            return SimpleUploadedFile(v.name, PNG, content_type="image/png")
        return v

    return {k: value(v) for k, v in data.items() if v is not None}


# -- the three ways in, each rolled back ----------------------------------------------------


class Rollback(Exception):
    pass


def rolled_back(fn: Callable[[], Any]) -> Any:
    result: Any = None
    try:
        with transaction.atomic():
            result = fn()
            raise Rollback
    except Rollback:
        pass
    return result


def service_answer(step: Step, actor: Any, pk: int, stranger: Application) -> str | None:
    """None when the service took the step; else its refusal."""

    def attempt() -> str | None:
        app = Application.objects.get(pk=pk)
        try:
            step.run(actor, app, step.command_from(sample(step.name, app, stranger)))
        except ValidationError as exc:
            return " ".join(exc.messages)
        return None

    return rolled_back(attempt)


def api_answer(step: Step, actor: Any, pk: int, stranger: Application) -> tuple[int, str]:
    client = APIClient()
    client.force_authenticate(actor)
    fmt = "multipart" if step.name == "upload" else "json"
    data = as_json(sample(step.name, Application.objects.get(pk=pk), stranger))

    def attempt() -> tuple[int, str]:
        response = client.post(f"/api/applications/{pk}/{step.api}/", data, format=fmt)
        return response.status_code, response.content.decode()

    return rolled_back(attempt)


@pytest.fixture
def on_the_day(settings):
    # Letters issued on the way are queued for rendering, not rendered here.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.mark.parametrize("name", list(CASES))
def test_office_service_and_api_agree_for_every_step(
    name, on_the_day, agencies, clerk, reviewer, applicant_data
):
    build = CASES[name]
    app = build(clerk, reviewer, agencies["TCBGS"], applicant_data)
    stranger = appealed(clerk, reviewer, agencies["TCBGS"], applicant_data)
    consulting(clerk, reviewer, agencies["TCBGS"], applicant_data).consultations.update(
        application=stranger
    )
    disagreements = []
    for step in STEPS.values():
        # A fresh case each time: a record's .application may be the case a step moved.
        app = Application.objects.get(pk=app.pk)
        actor = reviewer if step.permitted is perm.can_approve else clerk
        reason = step.why_not(app)
        offered = step.name in {s.name for s, _form in available_actions(actor, app)}
        refused = service_answer(step, actor, app.pk, stranger)
        status, body = api_answer(step, actor, app.pk, stranger)
        data = sample(step.name, app, stranger)
        if offered != (reason is None):
            disagreements.append(f"{step.name}: office offers={offered}, precondition={reason}")
        if (refused is None) != (reason is None):
            disagreements.append(f"{step.name}: service refusal={refused}, precondition={reason}")
        if (status == 200) != (reason is None) or status not in (200, 400):
            disagreements.append(f"{step.name}: API {status} {body[:200]}, precondition={reason}")
        own_records = all(getattr(v, "application_id", app.pk) == app.pk for v in data.values())
        if reason and own_records and (reason not in (refused or "") or reason not in body):
            disagreements.append(f"{step.name}: refused as {refused!r}, not {reason!r}")
    assert not disagreements, "\n".join([f"{name} ({Status(app.status).label}):", *disagreements])


def test_the_cases_cover_every_status(on_the_day, agencies, clerk, reviewer, applicant_data):
    seen = set()
    for build in CASES.values():
        with transaction.atomic():
            seen.add(build(clerk, reviewer, agencies["TCBGS"], applicant_data).status)
    assert seen == set(Status.values)


def test_the_two_old_disagreements_are_settled(
    on_the_day, agencies, clerk, reviewer, applicant_data
):
    early = received(clerk, reviewer, agencies["TCBGS"], applicant_data)
    with pytest.raises(ValidationError, match="答复期限届满后"):
        services.record_appeal(clerk, early, "review", "太仓市人民政府", TODAY)
    in_review = review(clerk, reviewer, agencies["TCBGS"], applicant_data)
    with pytest.raises(ValidationError, match="不能申请延期"):
        services.request_extension(clerk, in_review, 10, "需要调取档案")


# -- every entry is complete ------------------------------------------------------------------


def test_every_step_has_a_command_form_precondition_service_and_api_route():
    routes = {route.name for route in router.urls if hasattr(route, "name")}
    for step in STEPS.values():
        assert fields(step.command), step.name
        assert issubclass(step.form, forms.CaseForm), step.name
        assert step.why_not.__name__.startswith("why_not_"), step.name
        assert callable(step.run) and step.done, step.name
        assert step.permitted in (perm.can_handle_case, perm.can_approve), step.name
        assert step.api, f"{step.name} has no API path"
        assert issubclass(STEP_INPUTS[step.name].input, api_serializers.serializers.Serializer)
        assert f"application-{step.api}" in routes, step.name
        assert hasattr(ApplicationViewSet, step.api.replace("-", "_")), step.name
    assert set(STEP_INPUTS) == set(STEPS)


def test_a_command_takes_the_fields_of_its_form_and_of_its_serializer():
    """Every field the service needs is on the form and on the serializer, by the same name."""
    for step in STEPS.values():
        needed = {x.name for x in fields(step.command)}
        form_fields = set(step.form.base_fields)
        api_fields = set(STEP_INPUTS[step.name].input().fields)
        assert needed <= form_fields, (step.name, needed - form_fields)
        assert needed <= api_fields, (step.name, needed - api_fields)
