from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = gettext_lazy("基础")

    def ready(self) -> None:
        from .private_files import secure_after_migrate

        # Files stored before the 0600/0700 rule are tightened on the next deploy's migrate.
        post_migrate.connect(secure_after_migrate, sender=self)
