"""主动公开: catalogue items, their review, attachments, interpretations and search rows.

Only services.py changes an item's status. The moves:

    DRAFT ──submit──▶ FIRST_REVIEW ──初审 approve──▶ SECOND_REVIEW ──复核 approve──▶ APPROVED
      ▲                    │                              │                          │
      └──── reject ────────┴──────────── reject ──────────┘               publish (now or at
                                                                           the scheduled time)
                                                                                     ▼
                                               WITHDRAWN ◀──withdraw (with reason)── PUBLISHED

Validity (有效 / 失效 / 废止) is a separate axis: a published item stays public when it is
repealed, and lands on the agency's 失效文件清单.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency

from . import taxonomy

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import StrOrPromise


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FIRST_REVIEW = "first_review", _("待初审")
    SECOND_REVIEW = "second_review", _("待复核")
    APPROVED = "approved", _("待发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


ALLOWED: dict[str, set[str]] = {
    Status.DRAFT: {Status.FIRST_REVIEW},
    Status.FIRST_REVIEW: {Status.SECOND_REVIEW, Status.DRAFT},
    Status.SECOND_REVIEW: {Status.APPROVED, Status.DRAFT},
    Status.APPROVED: {Status.PUBLISHED, Status.DRAFT},
    Status.PUBLISHED: {Status.WITHDRAWN},
    Status.WITHDRAWN: set(),
}


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


class IndexCode(models.TextChoices):
    """Which code leads the 索引号 (前段码): the 2008 指引's 组织机构代码, or the 18-char
    统一社会信用代码 that many local platforms use instead."""

    ORG = "org", _("机关代码（组织机构代码）")
    CREDIT = "credit", _("统一社会信用代码")


class Check(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("个人信息")
    WORDING = "wording", _("错敏词与过时机构名称")
    METADATA = "metadata", _("必填元数据")
    DEADLINE = "deadline", _("二十个工作日发布时限（条例第二十六条）")


# Checks that block publication unless an agency chooses otherwise.
DEFAULT_BLOCKING = [Check.PERSONAL_DATA, Check.METADATA]


def reviewer_field(verbose_name: StrOrPromise) -> models.ForeignKey[User | None, User | None]:
    """The 初审 or 复核 reviewer of the four-eyes review an Item and a Revision both go
    through; empty until that step is approved.

    A field factory rather than an abstract base model: Django sorts an inherited field
    before the model's own (by creation order), so a base would move both reviewers to the
    front of `_meta.fields`, and of every admin page and model form that lists no fields."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class ItemQuerySet(models.QuerySet["Item"]):
    def published(self) -> ItemQuerySet:
        """The one gate to the public: the portal, the feeds and search read only this."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())

    def for_agency(self, agency: Agency) -> ItemQuerySet:
        return self.filter(agency=agency)


class Item(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="catalog_items", verbose_name=_("机关")
    )
    index_no = models.CharField(_("索引号"), max_length=40, unique=True)
    title = models.CharField(_("名称"), max_length=300)
    doc_no = models.CharField(_("文号"), max_length=100, blank=True)
    publisher = models.CharField(_("发布机构"), max_length=200)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布日期"), null=True, blank=True, db_index=True)
    effective_on = models.DateField(_("实施日期"), null=True, blank=True)
    category = models.CharField(_("公开类别"), max_length=8)
    subject = models.CharField(_("主题分类"), max_length=80, blank=True)
    genre = models.CharField(_("体裁分类"), max_length=16, blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    body = models.TextField(_("正文"), blank=True)  # sanitised HTML (services.clean_body)
    validity = models.CharField(
        _("有效性"), max_length=16, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField(_("失效/废止日期"), null=True, blank=True)
    validity_reason = models.CharField(_("失效/废止原因"), max_length=300, blank=True)
    # 更新日期: set when an approved revision changes the published item (revisions.py)
    revised_at = models.DateTimeField(_("更新日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True, db_index=True)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="catalog_items",
        verbose_name=_("起草人"),
    )
    first_reviewer = reviewer_field(_("初审人"))
    second_reviewer = reviewer_field(_("复核人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["agency", "status", "validity"])]
        verbose_name = _("公开目录条目")
        verbose_name_plural = _("公开目录条目")

    def __str__(self) -> str:
        return f"{self.index_no} {self.title}"

    def get_category_display(self) -> str:
        return dict(taxonomy.category_choices()).get(self.category, self.category)

    @property
    def subject_parts(self) -> list[str]:
        return [p for p in self.subject.split(taxonomy.SUBJECT_SEPARATOR) if p]


class EventKind(models.TextChoices):
    CREATED = "created", _("起草")
    EDITED = "edited", _("修改")
    SUBMITTED = "submitted", _("提交审核")
    FIRST_APPROVED = "first_approved", _("初审通过")
    SECOND_APPROVED = "second_approved", _("复核通过")
    REJECTED = "rejected", _("退回修改")
    SCHEDULED = "scheduled", _("定时发布")
    PUBLISHED = "published", _("发布")
    WITHDRAWN = "withdrawn", _("撤回")
    VALIDITY = "validity", _("有效性变更")
    ATTACHED = "attached", _("上传附件")
    IMPORTED = "imported", _("从原网站导入")
    REVISION_PROPOSED = "revision_proposed", _("提出更正")
    REVISION_SUBMITTED = "revision_submitted", _("更正提交审核")
    REVISION_FIRST_APPROVED = "revision_first_approved", _("更正初审通过")
    REVISION_REJECTED = "revision_rejected", _("更正未通过审核")
    REVISION_APPLIED = "revision_applied", _("更正生效")
    REVISION_WITHDRAWN = "revision_withdrawn", _("更正撤销")


class ItemEvent(models.Model):
    """One entry of an item's history: who, when, what changed."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("操作人"),
    )
    kind = models.CharField(_("事项"), max_length=32, choices=EventKind.choices)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    data = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("目录条目记录")
        verbose_name_plural = _("目录条目记录")

    def __str__(self) -> str:
        return f"{self.item.index_no} {self.get_kind_display()}"


class RevisionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FIRST_REVIEW = "first_review", _("待初审")
    SECOND_REVIEW = "second_review", _("待复核")
    APPLIED = "applied", _("已生效")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤销")


REVISION_OPEN = (RevisionState.DRAFT, RevisionState.FIRST_REVIEW, RevisionState.SECOND_REVIEW)

# The moves of a revision (revisions.py); the same four eyes as a new item, but 复核 applies it:
#
#     DRAFT ──submit──▶ FIRST_REVIEW ──初审 approve──▶ SECOND_REVIEW ──复核 approve──▶ APPLIED
#       │                   │                              │
#       └──withdraw──▶ WITHDRAWN ◀──withdraw──┘  reject ──▶ REJECTED ◀── reject ──┘
REVISION_ALLOWED: dict[str, set[str]] = {
    RevisionState.DRAFT: {RevisionState.FIRST_REVIEW, RevisionState.WITHDRAWN},
    RevisionState.FIRST_REVIEW: {
        RevisionState.SECOND_REVIEW,
        RevisionState.REJECTED,
        RevisionState.WITHDRAWN,
    },
    RevisionState.SECOND_REVIEW: {
        RevisionState.APPLIED,
        RevisionState.REJECTED,
        RevisionState.WITHDRAWN,
    },
    RevisionState.APPLIED: set(),
    RevisionState.REJECTED: set(),
    RevisionState.WITHDRAWN: set(),
}


class Revision(models.Model):
    """A reviewed correction of a published item (a typo, a new 实施日期): `proposed` holds
    the new values of the changed fields only, `old` the item's values when it was proposed
    (JSON, dates as ISO strings). Applying it changes the item in place; the 索引号 stays.
    The workflow is in revisions.py."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    proposed = models.JSONField(_("更正内容"), default=dict)
    old = models.JSONField(_("原内容"), default=dict)
    # ids of the item's attachments this correction takes off (replaced or withdrawn files);
    # its new files are Attachment rows with `added_by` set, hidden until it is applied
    removed_attachments = models.JSONField(_("删除的附件"), default=list, blank=True)
    reason = models.TextField(_("更正理由"))
    state = models.CharField(
        _("状态"),
        max_length=16,
        choices=RevisionState.choices,
        default=RevisionState.DRAFT,
        db_index=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提出人"),
    )
    first_reviewer = reviewer_field(_("初审人"))
    second_reviewer = reviewer_field(_("复核人"))
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    applied_at = models.DateTimeField(_("生效时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # one correction at a time: a second would be reviewed against stale values
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(state__in=REVISION_OPEN),
                name="one_open_revision_per_item",
            )
        ]
        verbose_name = _("更正")
        verbose_name_plural = _("更正")

    def __str__(self) -> str:
        return f"{self.item.index_no} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in REVISION_OPEN


class ExtractState(models.TextChoices):
    PENDING = "pending", _("待提取")
    DONE = "done", _("已提取")
    FAILED = "failed", _("提取失败")


class CurrentAttachmentManager(models.Manager["Attachment"]):
    """The files an item has now (`item.attachments` too): a correction's new files wait,
    and the files it replaced leave, when it is applied (revisions.py)."""

    def get_queryset(self) -> models.QuerySet[Attachment]:
        return super().get_queryset().filter(is_current=True)


class Attachment(models.Model):
    """A file of an item, stored privately (core.private_files); its text feeds search and checks.

    `pages` holds the extracted text per page (PDF) or per sheet / one entry (DOCX, images),
    so a finding can name the page it was found on."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=100, unique=True)
    pages = models.JSONField(default=list, blank=True)
    extract_state = models.CharField(
        max_length=16, choices=ExtractState.choices, default=ExtractState.PENDING
    )
    extract_error = models.CharField(max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(_("现行附件"), default=True)
    added_by = models.ForeignKey(
        Revision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="added_attachments",
        verbose_name=_("由更正添加"),
    )

    all_objects = models.Manager()
    objects = CurrentAttachmentManager()

    class Meta:
        ordering = ["id"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.name

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


class InterpretationForm(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    VIDEO = "video", _("视频")
    PRESS = "press", _("新闻发布会")
    QA = "qa", _("问答")


class Interpretation(models.Model):
    """政策解读: an item (category 政策解读) that interprets a policy item; 同步发布."""

    item = models.OneToOneField(
        Item, on_delete=models.CASCADE, related_name="interprets", verbose_name=_("解读")
    )
    policy = models.ForeignKey(
        Item, on_delete=models.PROTECT, related_name="interpretations", verbose_name=_("政策文件")
    )
    form = models.CharField(
        _("解读形式"), max_length=16, choices=InterpretationForm.choices, default="text"
    )

    class Meta:
        verbose_name = _("政策解读关联")
        verbose_name_plural = _("政策解读关联")

    def __str__(self) -> str:
        return f"{self.item.title} → {self.policy.title}"


class WordingKind(models.TextChoices):
    TYPO = "typo", _("错别字")
    SENSITIVE = "sensitive", _("敏感或不规范表述")
    OBSOLETE_AGENCY = "obsolete_agency", _("机构改革前的机关名称")


class WordingRule(models.Model):
    """An entry of the maintained wording list; admins edit it (starter list: data migration)."""

    kind = models.CharField(_("类型"), max_length=16, choices=WordingKind.choices)
    wrong = models.CharField(_("错误或敏感表述"), max_length=100, unique=True)
    right = models.CharField(_("规范表述"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["kind", "wrong"]
        verbose_name = _("用词规则")
        verbose_name_plural = _("用词规则")

    def __str__(self) -> str:
        return f"{self.wrong} → {self.right}"


class IndexSequence(models.Model):
    """The 后段码 serial: per agency per year, taken under a row lock."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="unique_index_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}-{self.last:05d}"


class AgencySettings(models.Model):
    """Per-agency catalogue settings: the 索引号 form and which checks block publication."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="catalog_settings")
    index_code = models.CharField(
        _("索引号前段码"), max_length=8, choices=IndexCode.choices, default=IndexCode.ORG
    )
    blocking_checks = models.JSONField(_("阻止发布的检查项"), default=list, blank=True)

    class Meta:
        verbose_name = _("公开目录设置")
        verbose_name_plural = _("公开目录设置")

    def __str__(self) -> str:
        return str(self.agency)


class SearchDocument(models.Model):
    """The search row of a published item: jieba tokens of its 繁→简 text, space-separated.

    The full-text index over `tokens` is backend-specific and built in migration 0002:
    an FTS5 table kept in step by triggers (SQLite), or a generated tsvector column with a
    GIN index (PostgreSQL). Either way it changes in the same transaction as this row."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, primary_key=True)
    tokens = models.TextField()

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = _("检索索引")

    def __str__(self) -> str:
        return f"{self.item_id}"


class Guide(models.Model):
    """One published version of an agency's 政府信息公开指南 (条例第十二条). A change is a new
    version; old versions stay readable (the guide must be kept current: 第五十三条(二))."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="guides")
    version = models.PositiveIntegerField(_("版本"))
    # 条例第十二条: classification and arrangement, how to obtain, the work unit's contacts
    arrangement = models.TextField(_("主动公开信息的分类与编排体系"))
    how_to_obtain = models.TextField(_("获取方式"))
    application = models.TextField(_("依申请公开的受理与办理"))
    remedies = models.TextField(_("监督和救济"))
    office_name = models.CharField(_("政府信息公开工作机构"), max_length=100)
    address = models.CharField(_("办公地址"), max_length=200)
    office_hours = models.CharField(_("办公时间"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=50)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布人"),
    )

    class Meta:
        ordering = ["agency", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "version"], name="unique_guide_version")
        ]
        verbose_name = _("政府信息公开指南")
        verbose_name_plural = _("政府信息公开指南")

    def __str__(self) -> str:
        return _("%(agency)s 第%(version)d版") % {"agency": self.agency, "version": self.version}


class GazetteIssue(models.Model):
    """一期政府公报: the legal carrier of the standard text of 规章 and 规范性文件
    (国务院办公厅 2018 公报 notice). The e-edition (PDF) is identical to print; its contents are
    catalogue items, so they are found by search and linked from the issue."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="gazette_issues")
    year = models.PositiveSmallIntegerField(_("年份"))
    number = models.PositiveSmallIntegerField(_("期号"))
    published_on = models.DateField(_("出版日期"))
    pdf_name = models.CharField(max_length=100, unique=True)
    pdf_size = models.PositiveIntegerField()
    contents = models.ManyToManyField(Item, blank=True, related_name="gazette_issues")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="unique_gazette_issue"
            )
        ]
        verbose_name = _("政府公报")
        verbose_name_plural = _("政府公报")

    def __str__(self) -> str:
        return _("%(agency)s公报 %(year)d年第%(number)d期") % {
            "agency": self.agency,
            "year": self.year,
            "number": self.number,
        }
