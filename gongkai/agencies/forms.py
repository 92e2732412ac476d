"""Forms of the accounts pages: they validate input; services change state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.forms import ChineseForm, ChineseFormMixin, ChineseModelForm

from . import services
from .models import Agency, Role


class ThrottledAuthenticationForm(ChineseFormMixin, AuthenticationForm):
    """Django's login form, authenticating through services.authenticate_login
    (the one path shared with the admin and the API: lockout, count, audit)."""

    channel = "form"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = services.authenticate_login(
                    self.request, username, password, self.channel
                )
            except services.LoginLocked as locked:
                raise ValidationError(self._locked_message(locked.until), code="locked") from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

    @staticmethod
    def _locked_message(until: float) -> str:
        at = timezone.localtime(dt.datetime.fromtimestamp(until, tz=dt.UTC))
        return gettext(
            "登录失败次数过多，该账号或所在网络已被暂时锁定，请于 %(t)s 后再试。"
            "如忘记密码，请联系本机关管理员重置。"
        ) % {"t": at.strftime("%H:%M")}


class ThrottledAdminAuthenticationForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin's login form (staff only) on the same path as the office form."""

    channel = "admin"


class ChinesePasswordChangeForm(ChineseFormMixin, PasswordChangeForm):
    """Django's form, with the password rules' messages always in Chinese."""

    def validate_password_for_user(self, user: Any, password_field_name: str = "password2") -> None:
        password = self.cleaned_data.get(password_field_name)
        if password:
            for problem in services.password_problems(password, user):
                self.add_error(password_field_name, problem)


class UserCreateForm(ChineseForm):
    username = forms.CharField(label=_("登录名"), max_length=150)
    full_name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("请通知本人首次登录后立即修改密码。"),
    )


class GrantRoleForm(ChineseForm):
    username = forms.CharField(label=_("登录名"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)

    def clean_username(self) -> Any:
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=name).first()
        if user is None:
            raise ValidationError(_("没有登录名为“%(u)s”的用户。") % {"u": name})
        return user


class AgencyContactForm(ChineseModelForm):
    website = forms.URLField(label=_("网站"), required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = list(services.CONTACT_FIELDS)
        help_texts = {
            "office_name": _("告知书落款与公开指南中的工作机构名称（条例第十二条）。"),
            "review_body": _("答复告知书中告知申请人可向其申请行政复议的机关。"),
            "court": _("答复告知书中告知申请人可向其提起行政诉讼的人民法院。"),
        }
