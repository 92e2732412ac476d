"""The agency tree, and who may do what where.

A user's rights hold in the agency where a role is granted; admin and
supervisor roles also hold in its whole subtree. Nothing leaks sideways.
The tree is stored with a materialised path ("/1/4/9/") so that a subtree is
one indexed prefix query at any depth.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import changes


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("设区的市")
    COUNTY = "county", _("县（市、区）")
    DEPARTMENT = "department", _("部门")
    ZONE = "zone", _("开发区")
    TOWN = "town", _("乡镇（街道）")
    OTHER = "other", _("其他")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def subtree_of(self, agency: Agency) -> AgencyQuerySet:
        return self.filter(path__startswith=agency.path)

    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)


class Agency(models.Model):
    name = models.CharField(_("机关名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    code = models.CharField(
        _("机关代码"),
        max_length=18,
        unique=True,
        help_text=_("用于索引号与申请编号，如组织机构代码。"),
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    level = models.CharField(
        _("层级"), max_length=16, choices=Level.choices, default=Level.DEPARTMENT
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级机关"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    # 条例第十二条: the guide names the work unit, address, hours, phone, fax, Internet contact.
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=100, blank=True)
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    # Letters cite remedies: the reconsideration body and the competent court.
    review_body = models.CharField(_("行政复议机关"), max_length=100, blank=True)
    court = models.CharField(_("管辖人民法院"), max_length=100, blank=True)
    accepts_online = models.BooleanField(_("接受网上申请"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("机关")
        verbose_name_plural = _("机关")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        if path != self.path:
            old = self.path
            Agency.objects.filter(pk=self.pk).update(path=path)
            self.path = path
            if old:  # moved: re-root the subtree
                for child in Agency.objects.filter(path__startswith=old).exclude(pk=self.pk):
                    Agency.objects.filter(pk=child.pk).update(path=path + child.path[len(old) :])
        # After the path fix-up, so that no cache keeps the tree with this one misplaced.
        changes.tree_changed()

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def ancestors(self) -> AgencyQuerySet:
        ids = [int(p) for p in self.path.strip("/").split("/") if p]
        return Agency.objects.filter(pk__in=ids).exclude(pk=self.pk)

    def is_within(self, other: Agency) -> bool:
        return self.path.startswith(other.path)


class Role(models.TextChoices):
    CLERK = "clerk", _("信息员")
    REVIEWER = "reviewer", _("审核人")
    ADMIN = "admin", _("机关管理员")
    SUPERVISOR = "supervisor", _("主管部门")


# Roles whose rights reach down into the subtree of the agency they are granted in.
SUBTREE_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("用户"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("机关")
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership")
        ]
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"
