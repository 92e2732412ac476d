from django.urls import path

from . import calendar_views

app_name = "calendar"
urlpatterns = [
    path("", calendar_views.index, name="index"),
    path("years/", calendar_views.add_year, name="add_year"),
]
