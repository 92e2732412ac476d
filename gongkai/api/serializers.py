"""What the API reads and writes.

Output serializers mask personal data unless the caller is staff of the
handling agency (permissions.can_see_personal_data). Input serializers only
shape the request; the rules (and their Chinese messages) live in the services
and intake.clean_applicant, exactly as for the back office and the portal.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongkai.agencies import permissions as perm
from gongkai.agencies.models import Agency
from gongkai.applications import deadlines
from gongkai.applications.deadlines import ClockRun
from gongkai.applications.decisions import Decision, Ground
from gongkai.applications.models import (
    Appeal,
    AppealKind,
    AppealResult,
    ApplicantType,
    Application,
    Attachment,
    AttachmentKind,
    CaseEvent,
    Channel,
    Consultation,
    ConsultationKind,
    Correction,
    Delivery,
    DeliveryMethod,
    Extension,
    Fee,
    FeeMethod,
    IdType,
    Letter,
    LetterKind,
    Opinion,
    ProvisionMode,
    Status,
)
from gongkai.applications.services.delivery import VOID_REASON_MAX
from gongkai.core import choices
from gongkai.core.limits import (
    CASE_UPLOAD,
    CORRECTION_UPLOAD,
    IDENTITY_UPLOAD,
    LONG_TEXT_MAX,
    LongTextValidator,
    help_text,
)
from gongkai.core.masking import mask_address, mask_email, mask_id, mask_name, mask_phone

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# -- errors (documented shapes of the exception handler's answers) -----------


class ErrorSerializer(serializers.Serializer):
    # Documents the response shape only: never validated, so shadowing .errors is harmless.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("按字段列出的中文错误信息；与字段无关的错误在 non_field_errors 下。"),
    )


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("中文说明"))


# -- agencies ----------------------------------------------------------------


class AgencyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name"]


class AgencySerializer(serializers.ModelSerializer):
    depth = serializers.IntegerField(read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "level",
            "level_label",
            "parent",
            "depth",
            "office_name",
            "address",
            "postcode",
            "office_hours",
            "phone",
            "fax",
            "email",
            "website",
            "accepts_online",
        ]
        read_only_fields = fields


class StaffAgencySerializer(AgencySerializer):
    roles = serializers.SerializerMethodField(help_text=_("当前用户在该机关的角色"))

    class Meta(AgencySerializer.Meta):
        fields = [*AgencySerializer.Meta.fields, "credit_code", "is_active", "roles"]

    def get_roles(self, agency: Agency) -> list[str]:
        return sorted(perm.roles_in(self.context["request"].user, agency))


# -- the case, read ------------------------------------------------------------

# field → masking function, for callers who are not staff of the handling agency
MASKS = {
    "id_number": mask_id,
    "phone": mask_phone,
    "email": mask_email,
    "address": mask_address,
    "contact_person": mask_name,
    "legal_representative": mask_name,
}


class MaskingMixin:
    """Masks personal data unless the caller may see it (条例 and house rule:
    in full only to staff of the handling agency)."""

    def personal_visible(self, app: Application) -> bool:
        request = self.context.get("request")  # type: ignore[attr-defined]
        return bool(request) and perm.can_see_personal_data(request.user, app)

    def mask(self, app: Application, data: dict[str, Any]) -> dict[str, Any]:
        if self.personal_visible(app):
            return data
        for name, masker in MASKS.items():
            if data.get(name):
                data[name] = masker(data[name])
        if app.applicant_type == ApplicantType.NATURAL and data.get("applicant_name"):
            data["applicant_name"] = mask_name(data["applicant_name"])
        return data


def clock_of(app: Application) -> deadlines.ClockState:
    """The case's clock, worked out once per response (the row, `deadline` and `clock`
    blocks all read it)."""
    cached = getattr(app, "_api_clock", None)
    if cached is None:
        cached = deadlines.clock_state(app)
        setattr(app, "_api_clock", cached)  # noqa: B010 -- not a model field
    return cached


class ChoiceLabelField(serializers.CharField):
    """`get_<field>_display()` for every row of a list, each choice set translated once
    (`core.choices`) instead of once per row and field."""

    def __init__(self, choices_of: str, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)
        self.choices_of = choices_of

    def to_representation(self, value: Any) -> str:
        return str(choices.label(value, self.choices_of))


class ApplicationListSerializer(MaskingMixin, serializers.ModelSerializer):
    agency = AgencyBriefSerializer(read_only=True)
    number = serializers.CharField(read_only=True)
    status_label = ChoiceLabelField("status")
    channel_label = ChoiceLabelField("channel")
    applicant_type_label = ChoiceLabelField("applicant_type")
    due_state_label = ChoiceLabelField("due_state")
    due_on = serializers.SerializerMethodField(
        help_text=_(
            "现行答复期限（与 clock_state 一致）；补正期间和确认收到前为空，收到补正后重新计算"
        )
    )
    clock_state = serializers.SerializerMethodField(help_text=_("答复期限的计时状态"))
    clock_state_label = serializers.SerializerMethodField(help_text=_("计时状态的中文名称"))
    paused_since = serializers.SerializerMethodField(
        help_text=_("暂停计时的开始日期（补正、征求意见、等待缴费）；未暂停时为空")
    )
    decision_label = ChoiceLabelField("decision")
    personal_data_masked = serializers.SerializerMethodField(
        help_text=_("为真时，证件号码、电话、地址等已做脱敏处理")
    )

    class Meta:
        model = Application
        fields = [
            "id",
            "number",
            "agency",
            "year",
            "seq",
            "status",
            "status_label",
            "channel",
            "channel_label",
            "submitted_online",
            "applicant_type",
            "applicant_type_label",
            "applicant_name",
            "id_type",
            "id_number",
            "phone",
            "arrived_on",
            "receipt_date",
            "due_on",
            "due_provisional",
            "due_state",
            "due_state_label",
            "clock_state",
            "clock_state_label",
            "paused_since",
            "decision",
            "decision_label",
            "concluded_on",
            "personal_data_masked",
        ]
        read_only_fields = fields

    # A list is a harvest: identity and phone numbers are masked for everyone.
    # In full only on the detail view, which is audited (note_personal_data_view).
    full_personal_data = False

    def personal_visible(self, app: Application) -> bool:
        return self.full_personal_data and super().personal_visible(app)

    def get_personal_data_masked(self, app: Application) -> bool:
        return not self.personal_visible(app)

    # The top-level deadline is the clock's, not the stored date: during 补正 the stored
    # due_on is the one the correction voids (条例第三十条), so it is not given out.
    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due_on(self, app: Application) -> dt.date | None:
        return clock_of(app).due_on

    @extend_schema_field(serializers.ChoiceField(choices=ClockRun.choices))
    def get_clock_state(self, app: Application) -> str:
        return str(clock_of(app).state)

    @extend_schema_field(serializers.CharField())
    def get_clock_state_label(self, app: Application) -> str:
        return str(clock_of(app).label)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_paused_since(self, app: Application) -> dt.date | None:
        clock = clock_of(app)
        return clock.since if clock.paused else None

    def to_representation(self, instance: Application) -> dict[str, Any]:
        return self.mask(instance, super().to_representation(instance))


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    actor: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "at",
            "kind",
            "kind_label",
            "actor",
            "from_status",
            "to_status",
            "data",
            "note",
        ]
        read_only_fields = fields


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["id", "items", "notice_on", "notice_late", "deadline", "received_on", "content"]
        read_only_fields = fields


class ConsultationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    opinion_label = serializers.CharField(source="get_opinion_display", read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "kind",
            "kind_label",
            "party",
            "party_address",
            "matter",
            "sent_on",
            "answer_due",
            "answered_on",
            "opinion",
            "opinion_label",
            "opinion_text",
        ]
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer):
    requested_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    approved_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Extension
        fields = [
            "days",
            "reason",
            "requested_by",
            "requested_at",
            "approved",
            "approved_by",
            "approved_on",
            "notified_on",
        ]
        read_only_fields = fields


class FeeSerializer(serializers.ModelSerializer):
    method_label = serializers.CharField(source="get_method_display", read_only=True)

    class Meta:
        model = Fee
        fields = [
            "method",
            "method_label",
            "pieces_before",
            "pieces",
            "pages",
            "amount",
            "notice_on",
            "notice_received_on",
            "pay_due",
            "paid_on",
            "receipt_no",
        ]
        read_only_fields = fields


class LetterSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    public = serializers.BooleanField(read_only=True, help_text=_("申请人可在门户下载"))
    voided = serializers.BooleanField(
        read_only=True, help_text=_("已作废（文书保留，文号不再使用）")
    )
    pdf_url = serializers.SerializerMethodField()
    docx_url = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "doc_number",
            "issued_on",
            "public",
            "voided",
            "voided_at",
            "void_reason",
            "pdf_url",
            "docx_url",
        ]
        read_only_fields = fields

    def _url(self, letter: Letter, fmt: str) -> str:
        return reverse("api:letter", args=[letter.application_id, letter.pk, fmt])

    def get_pdf_url(self, letter: Letter) -> str:
        return self._url(letter, "pdf")

    def get_docx_url(self, letter: Letter) -> str:
        return self._url(letter, "docx")


class DeliverySerializer(serializers.ModelSerializer):
    method_label = serializers.CharField(source="get_method_display", read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "letter", "method", "method_label", "delivered_on", "proof"]
        read_only_fields = fields


class AppealSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    result_label = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "kind",
            "kind_label",
            "after_review",
            "body",
            "case_number",
            "filed_on",
            "result",
            "result_label",
            "concluded_on",
            "note",
        ]
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "kind", "kind_label", "name", "content_type", "size", "uploaded_at"]
        read_only_fields = fields


class ClockSerializer(serializers.Serializer):
    """The reply clock now (applications.deadlines.clock_state), as the office and the
    portal show it: running, paused (since when, why, what happens next) or not started."""

    state = serializers.ChoiceField(choices=ClockRun.choices, help_text=_("计时状态"))
    state_label = serializers.CharField(source="label", help_text=_("计时状态的中文名称"))
    paused = serializers.BooleanField(help_text=_("答复期限暂停计算"))
    due_on = serializers.DateField(
        allow_null=True, help_text=_("现行答复期限；补正期间为空（收到补正后重新计算）")
    )
    provisional = serializers.BooleanField(help_text=_("答复期限为暂定"))
    since = serializers.DateField(allow_null=True, help_text=_("暂停开始日期"))
    reason = serializers.CharField(help_text=_("暂停或尚未起算的原因"))
    basis = serializers.CharField(help_text=_("依据"))
    resumes = serializers.CharField(help_text=_("何时恢复计时、如何重新计算"))
    awaited_by = serializers.DateField(
        allow_null=True, help_text=_("所等待事项的期限（补正期限、缴费期限、征求意见期限）")
    )
    awaited_label = serializers.CharField(help_text=_("该期限的名称"))
    lapses = serializers.CharField(help_text=_("逾期的后果"))
    explanation = serializers.ListField(child=serializers.CharField(), help_text=_("逐步说明"))


class DeadlineSerializer(serializers.Serializer):
    """The reply deadline and how it was computed (条例第三十、三十一、三十三条)."""

    clock_start = serializers.DateField(allow_null=True, help_text=_("计时起点"))
    receipt_date = serializers.DateField(allow_null=True, help_text=_("收到申请之日（第三十一条）"))
    correction_notice_due = serializers.DateField(
        allow_null=True, help_text=_("补正告知期限（第三十条，7个工作日）")
    )
    due_on = serializers.SerializerMethodField(
        help_text=_("现行答复期限（与 clock.due_on 相同）；补正期间为空，收到补正后重新计算")
    )
    provisional = serializers.BooleanField(
        source="due_provisional", help_text=_("期限跨入节假日安排未公布的年份或有进行中的暂停")
    )
    state = serializers.CharField(source="due_state")
    state_label = serializers.CharField(source="get_due_state_display")
    extension_days = serializers.IntegerField()
    explanation = serializers.SerializerMethodField(
        help_text=_("逐步说明（与 clock.explanation 相同）")
    )

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_due_on(self, app: Application) -> dt.date | None:
        return clock_of(app).due_on

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_explanation(self, app: Application) -> list[str]:
        return list(clock_of(app).explanation)


class PermissionsSerializer(serializers.Serializer):
    handle = serializers.BooleanField(help_text=_("可办理（信息员、审核人）"))
    approve = serializers.BooleanField(help_text=_("可审批延期与答复（审核人）"))
    personal_data = serializers.BooleanField(help_text=_("可查看完整个人信息"))


class ApplicationDetailSerializer(ApplicationListSerializer):
    full_personal_data = True
    requested_form_label = serializers.CharField(
        source="get_requested_form_display", read_only=True
    )
    requested_delivery_label = serializers.CharField(
        source="get_requested_delivery_display", read_only=True
    )
    deadline = DeadlineSerializer(source="*", read_only=True)
    clock = serializers.SerializerMethodField()
    clock_warnings = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    corrections = CorrectionSerializer(many=True, read_only=True)
    consultations = ConsultationSerializer(many=True, read_only=True)
    extension = serializers.SerializerMethodField()
    fee = serializers.SerializerMethodField()
    letters = serializers.SerializerMethodField()
    deliveries = DeliverySerializer(many=True, read_only=True)
    appeals = AppealSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    allowed = serializers.SerializerMethodField()

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "credit_code",
            "legal_representative",
            "contact_person",
            "email",
            "address",
            "postcode",
            "description",
            "doc_number_sought",
            "requested_form",
            "requested_form_label",
            "requested_delivery",
            "requested_delivery_label",
            "decision_grounds",
            "decision_reason",
            "responsible_organ",
            "provided_form",
            "provided_form_reason",
            "deadline",
            "clock",
            "clock_warnings",
            "events",
            "corrections",
            "consultations",
            "extension",
            "fee",
            "letters",
            "deliveries",
            "appeals",
            "attachments",
            "allowed",
        ]
        read_only_fields = fields

    @extend_schema_field(ClockSerializer)
    def get_clock(self, app: Application) -> dict[str, Any]:
        return dict(ClockSerializer(clock_of(app)).data)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_clock_warnings(self, app: Application) -> list[str]:
        """The warnings the office case page shows above the case."""
        return deadlines.clock_warnings(app)

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, app: Application) -> list[dict[str, Any]]:
        rows = EventSerializer(app.events.select_related("actor"), many=True).data
        if not self.personal_visible(app):
            for row in rows:  # the submitting address is personal data
                row["data"] = {k: v for k, v in row["data"].items() if k != "ip"}
        return list(rows)

    @extend_schema_field(ExtensionSerializer(allow_null=True))
    def get_extension(self, app: Application) -> dict[str, Any] | None:
        ext = Extension.objects.filter(application=app).first()
        return ExtensionSerializer(ext).data if ext else None

    @extend_schema_field(FeeSerializer(allow_null=True))
    def get_fee(self, app: Application) -> dict[str, Any] | None:
        fee = Fee.objects.filter(application=app).first()
        return FeeSerializer(fee).data if fee else None

    @extend_schema_field(LetterSerializer(many=True))
    def get_letters(self, app: Application) -> list[dict[str, Any]]:
        return list(LetterSerializer(app.letters.defer("docx", "pdf"), many=True).data)

    @extend_schema_field(PermissionsSerializer)
    def get_allowed(self, app: Application) -> dict[str, bool]:
        user = self.context["request"].user
        return {
            "handle": perm.can_handle_case(user, app),
            "approve": perm.can_approve(user, app),
            "personal_data": perm.can_see_personal_data(user, app),
        }


# -- the case, write -----------------------------------------------------------


def _choice(choices: Any, label: StrOrPromise, required: bool = True) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices, label=label, required=required, allow_blank=not required
    )


def _text(
    label: StrOrPromise, required: bool = False, max_length: int | None = None
) -> serializers.CharField:
    return serializers.CharField(
        label=label, required=required, allow_blank=not required, max_length=max_length
    )


class LongTextField(serializers.CharField):
    """A long free text (core.limits.LONG_TEXT_MAX): ``maxLength`` in the OpenAPI schema,
    and an over-long value is a 400 naming the field and the count, never cut."""

    def __init__(self, *, label: StrOrPromise, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", not kwargs["required"])
        super().__init__(label=label, max_length=LONG_TEXT_MAX, **kwargs)
        # DRF's own MaxLengthValidator says neither which field nor how long the text is.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)] + [
            LongTextValidator(label)
        ]


class ApplicantInputSerializer(serializers.Serializer):
    """条例第二十九条 contents. Checked by intake.clean_applicant (Chinese errors per field)."""

    applicant_type = _choice(ApplicantType.choices, _("申请人类型"), required=False)
    applicant_name = _text(_("姓名/名称"))
    id_type = _choice(IdType.choices, _("证件类型（自然人）"), required=False)
    id_number = _text(_("证件号码（自然人）"))
    credit_code = _text(_("统一社会信用代码（法人或其他组织）"))
    legal_representative = _text(_("法定代表人/负责人"))
    contact_person = _text(_("联系人（法人或其他组织）"))
    phone = _text(_("联系电话"))
    email = _text(_("电子邮箱"))
    address = _text(_("通信地址"))
    postcode = _text(_("邮政编码"))
    description = LongTextField(label=_("所需政府信息的名称、文号或特征性描述"))
    doc_number_sought = _text(_("所需信息文号"))
    requested_form = _choice(ProvisionMode.choices, _("提供形式"), required=False)
    requested_delivery = _choice(DeliveryMethod.choices, _("获取方式"), required=False)


class RegisterSerializer(ApplicantInputSerializer):
    agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.active(), help_text=_("受理机关代码，如 TCBGS")
    )
    channel = _choice(Channel.choices, _("申请方式"))
    arrived_on = serializers.DateField(help_text=_("申请到达日期"))
    confirmed_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("平信、传真、网上、电子邮件：双方确认日期（第三十一条）；未确认时留空"),
    )


class PublicSubmitSerializer(ApplicantInputSerializer):
    agency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Agency.objects.active(),
        help_text=_("受理机关代码，见 /api/public/agencies/"),
    )
    identity_file = serializers.FileField(
        required=False,
        help_text=help_text(IDENTITY_UPLOAD, _("身份证明材料（可选，需以 multipart 提交）：")),
    )


class CaseRecordField(serializers.IntegerField):
    """The id of a record of the case being acted on (``context["app"]``): never another
    case's record — an unknown id is a 400 on this field."""

    def __init__(self, model: type[Any], missing: StrOrPromise, **kwargs: Any) -> None:
        self.model, self.missing = model, missing
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        pk = super().to_internal_value(data)
        found = self.model.objects.filter(pk=pk, application=self.context["app"]).first()
        if found is None:
            raise serializers.ValidationError(str(self.missing))
        return found


class ConfirmReceiptInput(serializers.Serializer):
    confirmed_on = serializers.DateField(help_text=_("双方确认收到申请之日（第三十一条）"))


class CorrectionInput(serializers.Serializer):
    items = _text(_("需补正的事项"), required=True)
    notice_on = serializers.DateField(help_text=_("补正告知日期"))
    period_days = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("补正期限（工作日），留空用本平台设置")
    )


class CorrectionReceivedInput(serializers.Serializer):
    received_on = serializers.DateField(help_text=_("收到补正材料之日：答复期限由此重新计算"))
    content = LongTextField(label=_("补正内容"))


class ConsultationInput(serializers.Serializer):
    kind = _choice(ConsultationKind.choices, _("征求对象类型"))
    party = _text(_("征求对象"), required=True)
    sent_on = serializers.DateField(help_text=_("发函日期"))
    matter = _text(_("征求意见事项"))
    party_address = _text(_("对象地址"))


class OpinionInput(serializers.Serializer):
    consultation = CaseRecordField(
        Consultation, _("本案没有该征求意见记录。"), help_text=_("征求意见记录 id")
    )
    opinion = _choice([c for c in Opinion.choices if c[0] != Opinion.PENDING], _("意见结果"))
    answered_on = serializers.DateField(required=False, allow_null=True)
    text = LongTextField(label=_("意见内容"))


class ExtensionInput(serializers.Serializer):
    days = serializers.IntegerField(help_text=_("延长工作日，1至20（第三十三条）"))
    reason = _text(_("延期理由"), required=True)


class ExtensionDecisionInput(serializers.Serializer):
    approve = serializers.BooleanField()
    decided_on = serializers.DateField()
    notified_on = serializers.DateField(required=False, allow_null=True)


class FeeNoticeInput(serializers.Serializer):
    method = _choice(FeeMethod.choices, _("计收方式"))
    notice_on = serializers.DateField()
    notice_received_on = serializers.DateField()
    pieces_before = serializers.IntegerField(required=False, default=0, min_value=0)
    pieces = serializers.IntegerField(required=False, default=1, min_value=0)
    pages = serializers.IntegerField(required=False, default=0, min_value=0)


class PaymentInput(serializers.Serializer):
    paid_on = serializers.DateField()
    receipt_no = _text(_("票据号"))


class AbandonInput(serializers.Serializer):
    decided_on = serializers.DateField(help_text=_("认定视为放弃之日"))


class WithdrawInput(serializers.Serializer):
    on = serializers.DateField(help_text=_("申请人撤回之日"))
    note = _text(_("说明"))


class DecisionInput(serializers.Serializer):
    decision = _choice(Decision.choices, _("答复类型"))
    reason = LongTextField(label=_("答复理由与说明"))
    grounds = serializers.ListField(
        child=serializers.ChoiceField(choices=Ground.choices), required=False, default=list
    )
    responsible_organ = _text(_("负责公开的机关及联系方式"))
    provided_form = _choice(ProvisionMode.choices, _("实际提供形式"), required=False)
    provided_form_reason = _text(_("未按指定形式提供的理由"))


class DecisionReturnInput(serializers.Serializer):
    note = _text(_("退回理由"), required=True)


class DecisionApproveInput(serializers.Serializer):
    replied_on = serializers.DateField(help_text=_("答复日期"))


class DeliveryInput(serializers.Serializer):
    method = _choice(DeliveryMethod.choices, _("送达方式"))
    delivered_on = serializers.DateField()
    proof = _text(_("送达凭证"))
    letter_id = serializers.IntegerField(required=False, allow_null=True)


class AppealInput(serializers.Serializer):
    kind = _choice(AppealKind.choices, _("类型"))
    body = _text(_("复议机关/人民法院"), required=True)
    filed_on = serializers.DateField()
    case_number = _text(_("案号"))
    after_review = CaseRecordField(
        Appeal,
        _("本案没有该行政复议记录。"),
        required=False,
        allow_null=True,
        help_text=_("复议后起诉：所经行政复议的 id"),
    )


class AppealResultInput(serializers.Serializer):
    appeal = CaseRecordField(
        Appeal, _("本案没有该复议或诉讼记录。"), help_text=_("复议/诉讼记录 id")
    )
    result = _choice([c for c in AppealResult.choices if c[0] != AppealResult.PENDING], _("结果"))
    concluded_on = serializers.DateField()
    note = _text(_("说明"))


class IssueLetterInput(serializers.Serializer):
    kind = _choice([c for c in LetterKind.choices if c[0] != LetterKind.REPLY], _("文书类型"))
    issued_on = serializers.DateField(required=False, allow_null=True, help_text=_("出具日期"))
    consultation = CaseRecordField(
        Consultation,
        _("本案没有该征求意见记录。"),
        required=False,
        allow_null=True,
        help_text=_("征求意见函：征求意见记录 id"),
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=_("本案已有同类文书时必填：重新出具的理由（原文书作废）"),
    )
    token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text=_("幂等令牌：同一令牌重复提交只出具一份文书、占用一个文号"),
    )


class VoidLetterInput(serializers.Serializer):
    reason = serializers.CharField(
        max_length=VOID_REASON_MAX,
        help_text=_("作废原因（必填，记入文书登记簿和办理记录）"),
        error_messages={
            "required": _("请填写作废原因。"),
            "blank": _("请填写作废原因。"),
            "null": _("请填写作废原因。"),
            "max_length": _("作废原因不能超过 {max_length} 个字。"),
        },
    )


class AttachmentInput(serializers.Serializer):
    kind = _choice(AttachmentKind.choices, _("材料类型"))
    file = serializers.FileField(help_text=help_text(CASE_UPLOAD))


# -- public ------------------------------------------------------------------


class SubmittedSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("申请编号"))
    tracking_code = serializers.CharField(help_text=_("查询码：只返回这一次，请妥善保存"))
    agency = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    submitted_on = serializers.DateField()


class TrackInput(serializers.Serializer):
    number = serializers.CharField(max_length=40, help_text=_("申请编号"))
    code = serializers.CharField(max_length=20, help_text=_("查询码"))


class PublicLetterInput(TrackInput):
    letter_id = serializers.IntegerField(help_text=_("文书 id（见查询结果 letters）"))
    format = serializers.ChoiceField(choices=[("pdf", "PDF"), ("docx", "Word")])


class PublicCorrectionInput(TrackInput):
    content = LongTextField(label=_("补正内容"), default="")
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text=help_text(CORRECTION_UPLOAD, _("补正材料：")),
    )


class PublicWithdrawInput(TrackInput):
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("撤回理由（可选，最多500字）")
    )
    confirm = serializers.BooleanField(help_text=_("须为 true：确认撤回，撤回后不能恢复"))

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("请确认撤回（confirm 须为 true）。"))
        return value


class PublicLostCodeInput(serializers.Serializer):
    number = serializers.CharField(max_length=40, help_text=_("申请编号"))
    contact = serializers.CharField(max_length=254, help_text=_("申请时填写的联系电话或电子邮箱"))


class MilestoneSerializer(serializers.Serializer):
    on = serializers.DateField()
    kind = serializers.CharField()
    title = serializers.CharField()
    details = serializers.ListField(child=serializers.CharField())


class PublicLetterSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    doc_number = serializers.CharField()
    issued_on = serializers.DateField()
    voided = serializers.BooleanField(help_text=_("已作废：不能作为有效文书使用，不提供下载"))
    voided_on = serializers.DateField(allow_null=True, help_text=_("作废日期"))
    replaced_by = serializers.CharField(help_text=_("替代文书的文号（重新出具时），否则为空"))
    downloadable = serializers.BooleanField(help_text=_("可以下载（未作废）"))


class PublicCaseSerializer(serializers.Serializer):
    number = serializers.CharField()
    agency = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    submitted_on = serializers.DateField()
    receipt_date = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    due_provisional = serializers.BooleanField()
    clock_paused = serializers.BooleanField()
    clock = ClockSerializer()
    decision_label = serializers.CharField()
    concluded_on = serializers.DateField(allow_null=True)
    applicant_name = serializers.CharField(help_text=_("已脱敏"))
    id_number = serializers.CharField(help_text=_("已脱敏"))
    phone = serializers.CharField(help_text=_("已脱敏"))
    next_step = serializers.CharField()
    can_correct = serializers.BooleanField(help_text=_("现在可以网上提交补正材料"))
    can_withdraw = serializers.BooleanField(help_text=_("现在可以撤回申请"))
    milestones = MilestoneSerializer(many=True)
    letters = PublicLetterSerializer(many=True)


# -- calendar and statistics ----------------------------------------------------


class RestRangeSerializer(serializers.Serializer):
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class WorkdayAddSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    date = serializers.DateField(help_text=_("第 days 个工作日（起算日次日开始计算）"))
    provisional = serializers.BooleanField(
        help_text=_("跨入节假日安排未公布的年份：暂按法定节假日和周末计算")
    )
    unannounced_years = serializers.ListField(child=serializers.IntegerField())
    skipped_rest = RestRangeSerializer(many=True)
    makeup_days = serializers.ListField(child=serializers.DateField())
    explanation = serializers.CharField()


class WorkdayBetweenSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    working_days = serializers.IntegerField(help_text=_("(start, end] 内的工作日数"))
    provisional = serializers.BooleanField()
    unannounced_years = serializers.ListField(child=serializers.IntegerField())
    rest = RestRangeSerializer(many=True)
    makeup_days = serializers.ListField(child=serializers.DateField())
    explanation = serializers.CharField()


class AgencyStatsSerializer(serializers.Serializer):
    agency = AgencyBriefSerializer(allow_null=True, help_text=_("合计行为 null"))
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_due_state = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("仅统计办理中的申请")
    )
    by_decision = serializers.DictField(child=serializers.IntegerField())


class StatsSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    labels = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text=_("status / due_state / decision 各取值的中文名称"),
    )
    totals = AgencyStatsSerializer()
    agencies = AgencyStatsSerializer(many=True)
