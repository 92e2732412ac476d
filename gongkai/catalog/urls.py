from django.urls import path

from . import views

app_name = "catalog_office"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_new, name="new"),
    path("guide/<int:agency_id>/", views.guide_edit, name="guide"),
    path("gazette/<int:agency_id>/new/", views.gazette_new, name="gazette_new"),
    path("import/<int:agency_id>/", views.import_new, name="import"),
    path("settings/<int:agency_id>/", views.agency_settings, name="settings"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/revise/", views.item_revise, name="revise"),
    path("revisions/<int:pk>/", views.revision_detail, name="revision"),
    path("revisions/<int:pk>/<slug:action>/", views.revision_action, name="revision_action"),
    path("<int:pk>/<slug:action>/", views.item_action, name="action"),
]
