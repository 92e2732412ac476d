from django.urls import path

from . import views

app_name = "calendar"
urlpatterns = [
    path("", views.index, name="index"),
    path("years/", views.add_year, name="add_year"),
]
