"""The disclosure application (政府信息公开申请) and everything that happens to it.

Only services/ changes state. The case's moves:

    SUBMITTED ──confirm──▶ RECEIVED ◀──────────────┐
        │                    │  │  │  │            │
        │         correction │  │  │  │ fee notice │
        ▼                    ▼  │  │  ▼            │
     CLOSED ◀── abandon ── CORRECTION  FEE ──paid──┘
                              consult│
                                     ▼
                        CONSULTING ──opinions──▶ RECEIVED
    RECEIVED ──propose decision──▶ REVIEW ──approve──▶ REPLIED
                                      └──return──▶ RECEIVED
    any open state ──withdraw──▶ CLOSED
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Concat, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency

from .decisions import Decision


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待确认收到")
    RECEIVED = "received", _("办理中")
    CORRECTION = "correction", _("待补正")
    CONSULTING = "consulting", _("征求意见中")
    FEE = "fee", _("待缴费")
    REVIEW = "review", _("答复待审核")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已终止")


ALLOWED: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.RECEIVED, Status.CLOSED},
    Status.RECEIVED: {
        Status.CORRECTION,
        Status.CONSULTING,
        Status.FEE,
        Status.REVIEW,
        Status.CLOSED,
    },
    Status.CORRECTION: {Status.RECEIVED, Status.CLOSED},
    Status.CONSULTING: {Status.RECEIVED, Status.CLOSED},
    Status.FEE: {Status.RECEIVED, Status.CLOSED},
    Status.REVIEW: {Status.REPLIED, Status.RECEIVED, Status.CLOSED},
    Status.REPLIED: set(),
    Status.CLOSED: set(),
}
OPEN_STATUSES = [s for s, moves in ALLOWED.items() if moves]


def case_number(agency_code: str, year: int, seq: int) -> str:
    """申请编号: the agency's code, the year and the sequence in it (Application.number)."""
    return f"{agency_code}-{year}-{seq:05d}"


# States in which the 20-working-day reply clock is stopped.
CLOCK_STOPPED = {Status.SUBMITTED, Status.CORRECTION}


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("当面提交")
    POST_SIGNED = "post_signed", _("邮寄（挂号/需签收）")
    POST_ORDINARY = "post_ordinary", _("邮寄（平信）")
    FAX = "fax", _("传真")
    ONLINE = "online", _("网上申请")
    EMAIL = "email", _("电子邮件")


# 条例第三十一条: for these channels the receipt date is the day both sides
# confirm (ordinary letters: the day the unit confirms with the applicant).
NEEDS_CONFIRMATION = {Channel.POST_ORDINARY, Channel.FAX, Channel.ONLINE, Channel.EMAIL}


class ApplicantType(models.TextChoices):
    NATURAL = "natural", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    SOCIAL = "social", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MO_TW = "hmt", _("港澳台居民居住证/通行证")
    OTHER = "other", _("其他证件")


class ProvisionMode(models.TextChoices):
    """The form in which information is provided (提供形式, 条例第二十九条、第四十条): on paper,
    electronically, by inspection and copying, or otherwise. Not a Django form."""

    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    INSPECT = "inspect", _("查阅、抄录")
    OTHER = "other", _("其他")


class DeliveryMethod(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    FAX = "fax", _("传真")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")


class DueState(models.TextChoices):
    ON_TRACK = "on_track", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已逾期")
    PAUSED = "paused", _("计时暂停")


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self) -> ApplicationQuerySet:
        return self.exclude(status__in=OPEN_STATUSES)

    def overdue(self) -> ApplicationQuerySet:
        return self.open().filter(due_state=DueState.OVERDUE)

    def due_soon(self) -> ApplicationQuerySet:
        return self.open().filter(due_state=DueState.DUE_SOON)

    def in_agencies(self, agencies) -> ApplicationQuerySet:
        return self.filter(agency__in=agencies)

    def open_on(self, day: dt.date) -> ApplicationQuerySet:
        """Received on or before `day` and not concluded by its end (carried over)."""
        return self.filter(receipt_date__lte=day).filter(
            Q(concluded_on__isnull=True) | Q(concluded_on__gt=day)
        )


# What a case's per-month figures depend on (figures.case_keys reads exactly these).
FIGURE_FACTS = (
    "agency_id",
    "arrived_on",
    "receipt_date",
    "concluded_on",
    "applicant_type",
    "decision",
    "status",
    "due_on",
)


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="applications", verbose_name=_("受理机关")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    tracking_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )

    # -- intake (条例第二十九、三十一条)
    channel = models.CharField(_("申请方式"), max_length=16, choices=Channel.choices)
    arrived_on = models.DateField(_("到达日期"))
    receipt_date = models.DateField(_("收到申请之日"), null=True, blank=True, db_index=True)
    applicant_type = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人姓名/名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=16, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人/负责人"), max_length=50, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    description = models.TextField(_("所需政府信息的名称、文号或便于查询的其他特征性描述"))
    doc_number_sought = models.CharField(_("所需信息文号"), max_length=100, blank=True)
    requested_form = models.CharField(
        _("指定提供载体形式"),
        max_length=16,
        choices=ProvisionMode.choices,
        default=ProvisionMode.ELECTRONIC,
    )
    requested_delivery = models.CharField(
        _("获取信息方式"),
        max_length=16,
        choices=DeliveryMethod.choices,
        default=DeliveryMethod.EMAIL,
    )
    submitted_online = models.BooleanField(_("网上提交"), default=False)

    # -- the clock (deadlines.py computes; services store)
    clock_start = models.DateField(_("计时起点"), null=True, blank=True)
    correction_notice_due = models.DateField(_("补正告知期限"), null=True, blank=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    due_explanation = models.JSONField(_("期限说明"), default=list, blank=True)
    due_state = models.CharField(
        _("期限状态"),
        max_length=16,
        choices=DueState.choices,
        default=DueState.ON_TRACK,
        db_index=True,
    )
    extension_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)

    # -- the decision (第三十六—三十九条)
    decision = models.CharField(_("答复类型"), max_length=32, choices=Decision.choices, blank=True)
    decision_grounds = models.JSONField(_("不予公开依据"), default=list, blank=True)
    decision_reason = models.TextField(_("答复理由与说明"), blank=True)
    responsible_organ = models.CharField(_("负责公开的机关及联系方式"), max_length=200, blank=True)
    provided_form = models.CharField(
        _("实际提供形式"), max_length=16, choices=ProvisionMode.choices, blank=True
    )
    provided_form_reason = models.CharField(_("未按指定形式提供的理由"), max_length=200, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)

    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    # -- maintained by the database, for the queue search and the dashboard: a natural
    # person's name is searchable only within their own agency (views.search), so it
    # has a column of its own; PostgreSQL gives both a trigram index (migration 0003).
    search_text = models.GeneratedField(
        expression=Upper(
            Concat(
                "description",
                Value(" "),
                "doc_number_sought",
                Value(" "),
                Case(
                    When(applicant_type=ApplicantType.NATURAL, then=Value("")),
                    default=F("applicant_name"),
                ),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    search_name = models.GeneratedField(
        expression=Upper(
            Case(
                When(applicant_type=ApplicantType.NATURAL, then=F("applicant_name")),
                default=Value(""),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "seq"], name="unique_application_number"
            ),
            models.CheckConstraint(
                condition=Q(extension_days__lte=20), name="extension_at_most_20"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"]),
            # The API list's order (Meta.ordering), served top-N. The done tab's order
            # (concluded_on DESC NULLS LAST, id DESC) has its index in migration 0003,
            # on PostgreSQL only: SQLite cannot declare NULLS LAST in an index.
            models.Index(fields=["-year", "-seq"], name="application_number_desc"),
            # The open tabs' order over the open cases only (a few % of all): without it
            # PostgreSQL walks the due_on index through every closed case to fill a page.
            models.Index(
                fields=["due_on", "arrived_on", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="application_open_by_due",
            ),
            # The dashboard's figures (dashboards.figures), each read index-only from a
            # narrow slice instead of a pass over the whole table per figure: the open
            # cases by agency and due state (with status and id, the queue's tab counts
            # too: COUNT(id) FILTER (WHERE status …) reads no table page); the cases
            # received, or concluded, in a range of dates, with every column the grouping
            # needs (id too: table 三 counts COUNT(id)); those awaiting receipt.
            models.Index(
                fields=["agency", "due_state", "status", "id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="application_open_counts",
            ),
            models.Index(
                fields=["receipt_date", "agency", "applicant_type", "id"],
                name="application_received_figures",
            ),
            models.Index(
                fields=[
                    "concluded_on",
                    "agency",
                    "status",
                    "decision",
                    "applicant_type",
                    "due_on",
                    "receipt_date",
                    "id",
                ],
                name="application_concluded_figures",
            ),
            models.Index(
                fields=["arrived_on", "agency"],
                condition=Q(receipt_date__isnull=True),
                name="application_awaiting_receipt",
            ),
            # The dashboard's list of the 20 most overdue cases: a top-N read in due order
            # instead of sorting every overdue case (6,240 at 500k cases).
            models.Index(
                fields=["due_on", "id"],
                condition=Q(status__in=OPEN_STATUSES, due_state=DueState.OVERDUE),
                name="application_overdue_by_due",
            ),
        ]
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")

    _loaded_facts: dict[str, Any] | None = None

    def __str__(self) -> str:
        return self.number

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kw: Any
    ) -> Application:
        instance = super().from_db(db, field_names, values, **kw)
        # The facts the case counted for as loaded, so that a step can refresh the figures
        # of the months it leaves as well as those it enters (figures.refresh_case).
        loaded = instance.__dict__
        if all(f in loaded for f in FIGURE_FACTS):
            instance._loaded_facts = {f: loaded[f] for f in FIGURE_FACTS}
        return instance

    @property
    def number(self) -> str:
        return case_number(self.agency.code, self.year, self.seq)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL


class FigureKind(models.TextChoices):
    """What a row of `MonthlyFigure` counts, and which date puts a case in its month."""

    RECEIVED = "received", _("收到申请")  # by 收到申请之日 (条例第三十一条)
    AWAITING = "awaiting", _("尚待确认收到")  # no receipt date: by arrival
    CONCLUDED = "concluded", _("办结")  # received and concluded: by conclusion
    CONCLUDED_UNRECEIVED = "concluded_unreceived", _("未收到即办结")  # e.g. withdrawn first
    # Received and concluded, by the later of the two dates: "carried over" at a month end
    # is cumulative RECEIVED minus cumulative SETTLED up to it (open_on, without a scan).
    SETTLED = "settled", _("已收到并办结")


class Figure(models.Model):
    """How many of an agency's cases fall in a period, for one kind and breakdown: what
    `MonthlyFigure` and `YearlyFigure` have in common (each adds its period field)."""

    PERIOD: ClassVar[str]  # the name of the subclass's period field

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=FigureKind.choices)
    applicant_type = models.CharField(max_length=16, choices=ApplicantType.choices)
    decision = models.CharField(max_length=32, blank=True)
    replied = models.BooleanField(default=False)
    on_time = models.BooleanField(default=False)
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True

    def key(self) -> tuple[Any, ...]:
        """(agency id, period, kind, applicant type, decision, replied, on time): the row's
        identity, as `figures.case_keys` makes it."""
        period = getattr(self, self.PERIOD)
        return (
            self.agency_id,
            period,
            self.kind,
            self.applicant_type,
            self.decision,
            self.replied,
            self.on_time,
        )


class MonthlyFigure(Figure):
    """How many of an agency's cases fall in a month, per kind and breakdown.

    Derived data (`figures.py`): refreshed from the cases of that agency and month in
    the transaction of every case event, rebuilt by `manage.py rebuild_figures`. The
    dashboard and table 三 sum a few hundred of these instead of scanning the cases."""

    PERIOD = "month"
    month = models.DateField()  # the first day of the month

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "agency",
                    "month",
                    "kind",
                    "applicant_type",
                    "decision",
                    "replied",
                    "on_time",
                ],
                name="unique_monthly_figure",
            )
        ]
        # The unique constraint's index (agency, month, ...) serves the refresh of one
        # agency-month; the dashboard and table 三 read a range of months of some kinds
        # for a subtree, index-only on PostgreSQL (every column they read is included).
        indexes = [
            models.Index(
                fields=["kind", "month", "agency"],
                include=["applicant_type", "decision", "replied", "on_time", "count"],
                name="monthly_figure_read",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.month:%Y-%m} {self.kind}: {self.count}"


class YearlyFigure(Figure):
    """An agency's `MonthlyFigure` rows summed over a calendar year, per kind and breakdown.

    Derived from the month rows in the same transaction (`figures.refresh`), so it cannot
    disagree with them. Table 三's carried-over figure sums every year before the report's
    (everything received minus everything settled): one row per agency, kind and breakdown
    a year instead of twelve, and a year's dashboard figures read ~1k rows, not ~9k
    (500k cases, 200 agencies: bench/scale.py)."""

    PERIOD = "year"
    year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "agency",
                    "year",
                    "kind",
                    "applicant_type",
                    "decision",
                    "replied",
                    "on_time",
                ],
                name="unique_yearly_figure",
            )
        ]
        # As for the month rows: the unique index serves the roll-up of one agency-year,
        # this one the reads over a subtree, index-only on PostgreSQL.
        indexes = [
            models.Index(
                fields=["kind", "year", "agency"],
                include=["applicant_type", "decision", "replied", "on_time", "count"],
                name="yearly_figure_read",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.kind}: {self.count}"


class NumberCounter(models.Model):
    """Last number issued per agency and year; incremented inside the creating
    transaction, so a rollback gives the number back (gapless)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_counter")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("网上提交申请")
    REGISTERED = "registered", _("登记申请")
    RECEIPT_CONFIRMED = "receipt_confirmed", _("确认收到申请")
    CORRECTION_REQUESTED = "correction_requested", _("发出补正告知")
    CORRECTION_RECEIVED = "correction_received", _("收到补正材料")
    CONSULTATION_STARTED = "consultation_started", _("发出征求意见函")
    OPINION_RECORDED = "opinion_recorded", _("记录征求意见结果")
    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENSION_APPROVED = "extension_approved", _("批准延期")
    EXTENSION_REFUSED = "extension_refused", _("不予批准延期")
    FEE_NOTICED = "fee_noticed", _("发出收费通知")
    FEE_PAID = "fee_paid", _("缴纳费用")
    DECISION_PROPOSED = "decision_proposed", _("拟定答复")
    DECISION_RETURNED = "decision_returned", _("答复退回修改")
    DECISION_APPROVED = "decision_approved", _("审核通过并答复")
    ABANDONED = "abandoned", _("视为放弃申请")
    WITHDRAWN = "withdrawn", _("申请人撤回")
    LETTER_ISSUED = "letter_issued", _("生成文书")
    LETTER_VOIDED = "letter_voided", _("文书作废")
    DELIVERED = "delivered", _("送达")
    APPEAL_FILED = "appeal_filed", _("记录复议/诉讼")
    APPEAL_CONCLUDED = "appeal_concluded", _("复议/诉讼结果")
    ATTACHMENT_ADDED = "attachment_added", _("上传材料")
    DEADLINE_RECOMPUTED = "deadline_recomputed", _("重新计算期限")
    DUE_STATE_CHANGED = "due_state_changed", _("期限状态变化")
    VIEWED_PERSONAL_DATA = "viewed_personal_data", _("查看个人信息")
    CODE_REISSUED = "code_reissued", _("补发查询码")
    CODE_REQUESTED = "code_requested", _("申请人申请找回查询码")


class ContactKind(models.TextChoices):
    """Which contact on file an applicant's 找回查询码 request matched."""

    PHONE = "phone", _("联系电话")
    EMAIL = "email", _("电子邮箱")


class CaseEvent(models.Model):
    """One entry of a case's history: who, when, what changed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
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
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()}"


class Correction(models.Model):
    """补正 (条例第三十条): one notice; the reply clock restarts on the correction."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="corrections"
    )
    items = models.TextField(_("需补正的事项"))
    notice_on = models.DateField(_("告知日期"))
    notice_late = models.BooleanField(_("超过7个工作日告知"), default=False)
    deadline = models.DateField(_("补正期限"))
    received_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    content = models.TextField(_("补正内容"), blank=True)

    class Meta:
        ordering = ["notice_on", "id"]

    def __str__(self) -> str:
        return _("%(case)s 补正 %(what)s") % {"case": self.application_id, "what": self.notice_on}


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("第三方（第三十二条）")
    AGENCY = "agency", _("其他机关（第三十四条）")


class Opinion(models.TextChoices):
    PENDING = "pending", _("尚未答复")
    CONSENT = "consent", _("同意公开")
    OBJECT = "object", _("不同意公开")
    NO_ANSWER = "no_answer", _("逾期未答复")


class Consultation(models.Model):
    """征求意见: 15 working days to answer, not counted in the reply period (第三十三条第三款)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("征求对象类型"), max_length=16, choices=ConsultationKind.choices)
    party = models.CharField(_("征求对象"), max_length=200)
    party_address = models.CharField(_("对象地址"), max_length=200, blank=True)
    matter = models.TextField(_("征求意见事项"), blank=True)
    sent_on = models.DateField(_("发函日期"))
    answer_due = models.DateField(_("答复期限"))
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    opinion = models.CharField(
        _("意见"), max_length=16, choices=Opinion.choices, default=Opinion.PENDING
    )
    opinion_text = models.TextField(_("意见内容"), blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return _("%(case)s 征求 %(what)s") % {"case": self.application_id, "what": self.party}


class Extension(models.Model):
    """延期 (第三十三条第二款): at most 20 working days, once, approved and notified."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="extension"
    )
    days = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    approved = models.BooleanField(_("已批准"), null=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    notified_on = models.DateField(_("告知申请人日期"), null=True, blank=True)

    def __str__(self) -> str:
        return _("%(case)s 延期 %(what)s") % {"case": self.application_id, "what": self.days}


class FeeMethod(models.TextChoices):
    PER_PIECE = "per_piece", _("按件计收")
    PER_PAGE = "per_page", _("按量计收")


class Fee(models.Model):
    """信息处理费 (国办函〔2020〕109号)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField(_("计收方式"), max_length=16, choices=FeeMethod.choices)
    pieces_before = models.PositiveIntegerField(_("本月此前申请件数"), default=0)
    pieces = models.PositiveIntegerField(_("本申请件数"), default=1)
    pages = models.PositiveIntegerField(_("页数"), default=0)
    amount = models.PositiveIntegerField(_("金额（元）"))
    notice_on = models.DateField(_("通知日期"))
    notice_received_on = models.DateField(_("申请人收到通知日期"))
    pay_due = models.DateField(_("缴费期限"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    receipt_no = models.CharField(_("票据号"), max_length=50, blank=True)

    def __str__(self) -> str:
        return _("%(case)s 收费 %(what)s") % {"case": self.application_id, "what": self.amount}


class Delivery(models.Model):
    """送达: how, when, with what proof."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="deliveries"
    )
    letter = models.ForeignKey(
        "Letter", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("文书")
    )
    method = models.CharField(_("送达方式"), max_length=16, choices=DeliveryMethod.choices)
    delivered_on = models.DateField(_("送达日期"))
    proof = models.CharField(
        _("送达凭证"), max_length=200, blank=True, help_text=_("挂号单号、回执、邮件发送记录等")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["delivered_on", "id"]

    def __str__(self) -> str:
        return _("%(case)s 送达 %(what)s") % {
            "case": self.application_id,
            "what": self.delivered_on,
        }


class AppealKind(models.TextChoices):
    REVIEW = "review", _("行政复议")
    LITIGATION_DIRECT = "lit_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_REVIEW = "lit_after", _("行政诉讼（复议后起诉）")


class AppealResult(models.TextChoices):
    PENDING = "pending", _("尚未审结")
    MAINTAINED = "maintained", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")


class Appeal(models.Model):
    """行政复议 / 行政诉讼 against a reply; feeds table 四 of the annual report."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(_("类型"), max_length=16, choices=AppealKind.choices)
    after_review = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("所经复议")
    )
    body = models.CharField(_("复议机关/人民法院"), max_length=100)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    filed_on = models.DateField(_("申请/起诉日期"))
    result = models.CharField(
        _("结果"), max_length=16, choices=AppealResult.choices, default=AppealResult.PENDING
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["filed_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.get_kind_display()}"


class AttachmentKind(models.TextChoices):
    IDENTITY = "identity", _("身份证明")
    APPLICATION_FORM = "form", _("申请表")
    CORRECTION = "correction", _("补正材料")
    OPINION = "opinion", _("征求意见回复")
    PROOF = "proof", _("送达凭证")
    OTHER = "other", _("其他材料")


class Attachment(models.Model):
    """A private file: stored outside any served directory, streamed only after a permission check."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("材料类型"), max_length=16, choices=AttachmentKind.choices)
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_as = models.CharField(max_length=200, editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", _("受理回执")
    CORRECTION = "correction", _("补正告知书")
    EXTENSION = "extension", _("延期答复告知书")
    CONSULTATION = "consultation", _("征求意见函")
    FEE = "fee", _("收费通知书")
    REPLY = "reply", _("政府信息公开申请答复告知书")
    # 条例第三十条 / 国办函〔2020〕109号: the case ends without a reply on the merits.
    CLOSURE = "closure", _("终止办理告知书")


class Letter(models.Model):
    """A generated letter, kept as issued (DOCX and PDF bytes) for the archive (归档)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("文书类型"), max_length=16, choices=LetterKind.choices)
    consultation = models.ForeignKey(Consultation, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(_("标题"), max_length=200)
    doc_number = models.CharField(_("文书编号"), max_length=100)
    issued_on = models.DateField(_("出具日期"))
    docx = models.BinaryField()
    pdf = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The number's place in its series (agency, year of issued_on, kind); the register's order.
    seq = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    # The form that asked for this letter: a second click with the same token takes no number.
    request_token = models.CharField(max_length=64, blank=True, default="")
    # 作废: the letter is kept (and its number never reused), marked void with who, when, why.
    voided_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    void_reason = models.CharField(_("作废原因"), max_length=500, blank=True)
    replaced_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "request_token"],
                condition=~models.Q(request_token=""),
                name="unique_letter_request_token",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def voided(self) -> bool:
        return self.voided_at is not None

    @property
    def public(self) -> bool:
        """Letters addressed to the applicant (not consultation letters to third parties)."""
        return self.kind in {
            LetterKind.REPLY,
            LetterKind.RECEIPT,
            LetterKind.CORRECTION,
            LetterKind.EXTENSION,
            LetterKind.FEE,
            LetterKind.CLOSURE,
        }


class LetterTemplate(models.Model):
    """Per-agency wording of a letter (Chinese 【placeholders】, letters/sandbox.py); none → the shipped default."""

    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, related_name="letter_templates"
    )
    kind = models.CharField(_("文书类型"), max_length=16, choices=LetterKind.choices)
    decision = models.CharField(_("答复类型"), max_length=32, choices=Decision.choices, blank=True)
    body = models.TextField(_("正文模板"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "decision"], name="unique_letter_template"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id or _('默认')} {self.kind} {self.decision}"


class LetterCounter(models.Model):
    """Last 文书 number issued per agency, year and letter kind; incremented inside
    the issuing transaction (locked row), so numbers are unique and gapless."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=LetterKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "kind"], name="unique_letter_counter")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.kind}: {self.last}"
