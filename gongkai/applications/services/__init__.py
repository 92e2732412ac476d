"""Every business step of a case: the only code that changes an Application.

Each verb checks permission, checks ALLOWED, updates with compare-and-set,
recomputes the stored deadline when the clock's facts changed, writes a
CaseEvent, and queues mail with transaction.on_commit. Views, the API and
commands all call these functions.

A package by statutory step; every public verb is re-exported here, so callers write
``from gongkai.applications import services`` and ``services.register(...)``.
"""

from __future__ import annotations

from gongkai.core.workcalendar import get_calendar

from ..codes import TRACKING_ALPHABET, hash_tracking_code, new_tracking_code
from ..models import NEEDS_CONFIRMATION
from .appeals import conclude_appeal, record_appeal
from .closure import abandon, withdraw, withdraw_online
from .common import CaseError, ConflictError, recompute_due, today
from .consultation import record_opinion, start_consultation
from .correction import receive_correction, request_correction, submit_correction_online
from .daily import recompute_provisional, sweep
from .decision import approve_decision, clean_decision, propose_decision, return_decision
from .delivery import deliver, issue_letter, void_letter
from .extension import decide_extension, request_extension
from .fees import fee_amount, issue_fee_notice, record_payment
from .intake import confirm_receipt, find_by_tracking, receipt_date_for, register, submit_online
from .personal_data import note_personal_data_view
from .tracking_code import reissue_tracking_code, request_code_by_contact

__all__ = [
    "NEEDS_CONFIRMATION",
    "TRACKING_ALPHABET",
    "CaseError",
    "ConflictError",
    "abandon",
    "approve_decision",
    "clean_decision",
    "conclude_appeal",
    "confirm_receipt",
    "decide_extension",
    "deliver",
    "fee_amount",
    "find_by_tracking",
    "get_calendar",
    "hash_tracking_code",
    "issue_fee_notice",
    "issue_letter",
    "new_tracking_code",
    "note_personal_data_view",
    "propose_decision",
    "receipt_date_for",
    "receive_correction",
    "recompute_due",
    "recompute_provisional",
    "record_appeal",
    "record_opinion",
    "record_payment",
    "register",
    "reissue_tracking_code",
    "request_code_by_contact",
    "request_correction",
    "request_extension",
    "return_decision",
    "start_consultation",
    "submit_correction_online",
    "submit_online",
    "sweep",
    "today",
    "void_letter",
    "withdraw",
    "withdraw_online",
]
