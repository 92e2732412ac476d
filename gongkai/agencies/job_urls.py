from django.urls import path

from . import job_views

app_name = "jobs"
urlpatterns = [
    path("", job_views.index, name="index"),
    path("<int:pk>/", job_views.detail, name="detail"),
    path("<int:pk>/retry/", job_views.retry, name="retry"),
]
