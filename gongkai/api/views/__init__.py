"""The REST API: the same services and permission predicates as the back office.

Every case action is one POST that calls one service verb; every refusal is
Chinese (errors.py). A case outside the caller's visible agencies does not
exist for them (404); a visible case they may not act on is refused (403).

One module per resource (cases, public, reference, stats); ``urls.py`` names the views
through this package.
"""

from __future__ import annotations

from .cases import (
    STEP_INPUTS,
    ApiStep,
    ApplicationViewSet,
    LetterDownloadView,
    filter_cases,
    visible_cases,
)
from .items import StaffItemViewSet
from .public import (
    PublicAgencyListView,
    PublicCorrectionView,
    PublicLetterView,
    PublicLostCodeView,
    PublicSubmitView,
    PublicTrackView,
    PublicWithdrawView,
)
from .reference import AgencyListView, CalendarAddView, CalendarBetweenView
from .stats import StatsView

__all__ = [
    "STEP_INPUTS",
    "AgencyListView",
    "ApiStep",
    "ApplicationViewSet",
    "CalendarAddView",
    "CalendarBetweenView",
    "LetterDownloadView",
    "PublicAgencyListView",
    "PublicCorrectionView",
    "PublicLetterView",
    "PublicLostCodeView",
    "PublicSubmitView",
    "PublicTrackView",
    "PublicWithdrawView",
    "StaffItemViewSet",
    "StatsView",
    "filter_cases",
    "visible_cases",
]
