from django.urls import path, re_path
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import catalog, docs, views

app_name = "api"


@extend_schema_view(get=extend_schema(exclude=True))
class SchemaView(SpectacularAPIView):
    """The document does not list itself."""


router = SimpleRouter()
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("catalog/items", views.StaffItemViewSet, basename="catalog-item")

urlpatterns = [
    re_path(
        r"^applications/(?P<pk>\d+)/letters/(?P<letter_id>\d+)\.(?P<fmt>pdf|docx)$",
        views.LetterDownloadView.as_view(),
        name="letter",
    ),
    path("public/applications/", views.PublicSubmitView.as_view(), name="public_submit"),
    path("public/track/", views.PublicTrackView.as_view(), name="public_track"),
    path(
        "public/track/correction/",
        views.PublicCorrectionView.as_view(),
        name="public_correction",
    ),
    path("public/track/withdraw/", views.PublicWithdrawView.as_view(), name="public_withdraw"),
    path("public/track/lost-code/", views.PublicLostCodeView.as_view(), name="public_lost_code"),
    path("public/track/letters/", views.PublicLetterView.as_view(), name="public_letter"),
    path("public/agencies/", views.PublicAgencyListView.as_view(), name="public_agencies"),
    path("public/catalog/", catalog.PublicItemListView.as_view(), name="public_catalog"),
    path(
        "public/catalog/<int:pk>/",
        catalog.PublicItemDetailView.as_view(),
        name="public_catalog_item",
    ),
    path("agencies/", views.AgencyListView.as_view(), name="agencies"),
    path("calendar/add/", views.CalendarAddView.as_view(), name="calendar_add"),
    path("calendar/between/", views.CalendarBetweenView.as_view(), name="calendar_between"),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    *router.urls,
]
