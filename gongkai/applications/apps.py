from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = gettext_lazy("依申请公开")

    def ready(self) -> None:
        from . import signals  # noqa: F401
