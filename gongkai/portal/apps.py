from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = gettext_lazy("门户网站")

    def ready(self) -> None:
        # Every change to what the public pages show empties the page cache (core.pagecache).
        from .caching import connect_signals

        connect_signals()
