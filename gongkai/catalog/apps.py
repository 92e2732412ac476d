from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = _("主动公开")
    default_auto_field = "django.db.models.BigAutoField"
