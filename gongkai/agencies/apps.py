from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    label = "agencies"
    verbose_name = gettext_lazy("机关与用户")

    def ready(self) -> None:
        # core's staff gate asks agencies who is back-office staff (core imports no domain app).
        from gongkai.core.web import set_back_office_check

        from .permissions import is_back_office_user

        set_back_office_check(is_back_office_user)

        # Deletes (also queryset and admin bulk deletes) change the tree; saves bump it in save().
        from django.db.models.signals import post_delete

        from .changes import tree_changed
        from .models import Agency

        post_delete.connect(
            lambda **kwargs: tree_changed(), sender=Agency, weak=False, dispatch_uid="agency-tree"
        )
