from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("compare/", views.compare, name="compare"),
    path("export.<str:fmt>", views.export_dataset, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/source/", views.source, name="source"),
    path("<int:pk>/agency/", views.confirm_agency, name="confirm_agency"),
]
