from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ApiConfig(AppConfig):
    name = "gongkai.api"
    label = "api"
    verbose_name = gettext_lazy("接口")
