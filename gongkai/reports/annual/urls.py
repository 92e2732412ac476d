from django.urls import path

from . import views

app_name = "annual"
urlpatterns = [
    path("", views.index, name="index"),
    path("board/", views.supervise, name="board"),
    path("summary/<int:agency_id>/<int:year>/", views.summary, name="summary"),
    path("summary/<int:agency_id>/<int:year>/start/", views.summary_start, name="summary_start"),
    path(
        "summary/<int:agency_id>/<int:year>/report.<str:fmt>",
        views.summary_download,
        name="summary_download",
    ),
    path("<int:agency_id>/<int:year>/", views.detail, name="detail"),
    path("<int:agency_id>/<int:year>/sections/", views.save_sections, name="sections"),
    path("<int:agency_id>/<int:year>/format/", views.choose_format, name="format"),
    path("<int:agency_id>/<int:year>/figures/", views.save_figures, name="figures"),
    path("<int:agency_id>/<int:year>/publish/", views.publish, name="publish"),
    path("<int:agency_id>/<int:year>/report.<str:fmt>", views.download, name="download"),
    path("versions/<int:pk>/", views.version, name="version"),
    path("versions/<int:pk>/report.<str:fmt>", views.version_download, name="version_download"),
]
