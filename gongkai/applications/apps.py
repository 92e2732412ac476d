from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from . import signals  # noqa: F401
