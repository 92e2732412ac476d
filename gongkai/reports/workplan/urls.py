from django.urls import path

from . import views

app_name = "workplan"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("tasks/<int:pk>/", views.assignment_detail, name="assignment"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
]
