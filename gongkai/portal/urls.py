from django.urls import path, register_converter

from . import site, views


class LetterFormat:
    regex = "pdf|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LetterFormat, "letter_format")

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("display/", site.display, name="display"),
    path("contact/", site.contact, name="contact"),
    path("sitemap/", site.sitemap_page, name="sitemap"),
    path("apply/", views.apply_choose, name="apply_choose"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("apply/<str:code>/", views.apply, name="apply"),
    path("track/", views.track, name="track"),
    path("track/lost/", views.track_lost, name="track_lost"),
    path("track/<int:pk>/", views.track_case, name="track_case"),
    path("track/<int:pk>/correction/", views.track_correction, name="track_correction"),
    path("track/<int:pk>/withdraw/", views.track_withdraw, name="track_withdraw"),
    path("track/<int:pk>/forget/", views.track_forget, name="track_forget"),
    path("track/<int:pk>/letters/<int:letter_id>.<letter_format:fmt>", views.letter, name="letter"),
]
