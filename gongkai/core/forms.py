"""Base classes for every form of the project: Chinese messages that name their field.

Django's stock messages either stay English where its catalogue has no entry, or say
"这个字段是必填项。" without saying which field is meant — useless at the top of a long
form and for screen-reader users (issue 9). Every form therefore derives from
ChineseForm or ChineseModelForm, which

- give each field's stock error messages in Chinese, naming the field by its label
  («请填写「申请人姓名」。», «「收到日期」不是有效的日期。»);
- keep any message a field or form sets itself (``error_messages={...}``);
- render labels without the ASCII colon (Chinese labels stand on their own);
- show "——" as the empty choice instead of "---------".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EMPTY_LABEL = "——"
STOCK_EMPTY_LABEL = "---------"

# Messages by error code; "%(label)s" is the field's label, the rest are Django's own
# parameters. Codes a field class does not use are never added to it, so a validator's
# own message (say a RegexValidator with code "invalid" on a CharField) is kept.
MESSAGES: dict[str, Any] = {
    "required": _("请填写「%(label)s」。"),
    "invalid": _("「%(label)s」的格式不正确。"),
    "invalid_choice": _("「%(label)s」的选项无效。"),
    "invalid_list": _("「%(label)s」须为一组选项。"),
    "invalid_pk_value": _("「%(label)s」的选项无效。"),
    "invalid_date": _("「%(label)s」不是有效的日期。"),
    "invalid_time": _("「%(label)s」不是有效的时间。"),
    "max_length": _("「%(label)s」不能超过%%(limit_value)d字（现有%%(show_value)d字）。"),
    "min_length": _("「%(label)s」不能少于%%(limit_value)d字（现有%%(show_value)d字）。"),
    "max_value": _("「%(label)s」不能大于%%(limit_value)s。"),
    "min_value": _("「%(label)s」不能小于%%(limit_value)s。"),
    "step_size": _("「%(label)s」须为%%(limit_value)s的整数倍。"),
    "max_digits": _("「%(label)s」最多%%(max)s位数字。"),
    "max_decimal_places": _("「%(label)s」最多%%(max)s位小数。"),
    "max_whole_digits": _("「%(label)s」的整数部分最多%%(max)s位。"),
    "null_characters_not_allowed": _("「%(label)s」含有不允许的空字符。"),
    "missing": _("请上传「%(label)s」。"),
    "empty": _("「%(label)s」是空文件。"),
    "contradiction": _("「%(label)s」：请上传新文件或勾选清除，不能同时进行。"),
    "invalid_image": _("「%(label)s」不是有效的图片文件。"),
    "overflow": _("「%(label)s」超出了可用的范围。"),
    "incomplete": _("请把「%(label)s」填写完整。"),
    "unique": _("「%(label)s」已被使用，请换一个。"),
}

# A file field's "max_length" counts the file name, not the text.
FILE_NAME_TOO_LONG = _("「%(label)s」的文件名不能超过%%(max)d个字符（现有%%(length)d个）。")

# "invalid" reads better with the kind of value the field expects.
INVALID_BY_TYPE: list[tuple[type[forms.Field], Any]] = [
    (forms.SplitDateTimeField, _("「%(label)s」不是有效的日期和时间。")),
    (forms.DateTimeField, _("「%(label)s」不是有效的日期和时间。")),
    (forms.DateField, _("「%(label)s」不是有效的日期。")),
    (forms.TimeField, _("「%(label)s」不是有效的时间。")),
    (forms.DurationField, _("「%(label)s」不是有效的时长。")),
    (forms.IntegerField, _("「%(label)s」须为整数。")),
    (forms.DecimalField, _("「%(label)s」须为数字。")),
    (forms.FloatField, _("「%(label)s」须为数字。")),
    (forms.EmailField, _("「%(label)s」不是有效的电子邮箱地址。")),
    (forms.URLField, _("「%(label)s」不是有效的网址。")),
    (forms.GenericIPAddressField, _("「%(label)s」不是有效的IP地址。")),
    (forms.UUIDField, _("「%(label)s」不是有效的UUID。")),
    (forms.JSONField, _("「%(label)s」不是有效的JSON。")),
    (forms.FileField, _("「%(label)s」没有收到文件，请重新选择后提交。")),
]

# "required" is a choice to make, a box to tick or a file to upload for some fields.
REQUIRED_BY_TYPE: list[tuple[type[forms.Field], Any]] = [
    (forms.BooleanField, _("请勾选「%(label)s」。")),
    (forms.ChoiceField, _("请选择「%(label)s」。")),
    (ModelChoiceField, _("请选择「%(label)s」。")),
    (forms.FileField, _("请上传「%(label)s」。")),
]


def _stock_messages(field: forms.Field) -> dict[str, Any]:
    """The messages Django gives a field of this class when the form sets none."""
    stock: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        stock.update(getattr(cls, "default_error_messages", {}))
    return stock


def _codes(field: forms.Field) -> set[str]:
    """Error codes this field can raise with a stock message."""
    codes = set(_stock_messages(field))
    for attr in ("max_length", "min_length", "max_value", "min_value", "step_size"):
        if getattr(field, attr, None) is not None:
            codes.add(attr)
    if isinstance(field, forms.DecimalField):
        codes |= {"max_digits", "max_decimal_places", "max_whole_digits"}
    if isinstance(field, forms.CharField):
        codes.add("null_characters_not_allowed")
    if isinstance(field, forms.EmailField | forms.URLField | forms.GenericIPAddressField):
        codes.add("invalid")
    if isinstance(field, forms.FileField):
        codes.add("max_length")  # the file name's length, checked whenever max_length is set
    return codes


def _message(field: forms.Field, code: str) -> Any:
    table = {"invalid": INVALID_BY_TYPE, "required": REQUIRED_BY_TYPE}.get(code, [])
    if code == "max_length" and isinstance(field, forms.FileField):
        return FILE_NAME_TOO_LONG
    return next((m for cls, m in table if isinstance(field, cls)), MESSAGES.get(code))


def chinese_field_messages(name: str, field: forms.Field, unique: bool = False) -> None:
    """Rewrite the field's stock messages in place (the form's own copy of the field).

    Run again after a label changes: messages this function wrote are rewritten, messages
    the form set itself are kept. A label with "%" is escaped, since Django applies the
    error's parameters to the message with "%".
    """
    label = str(field.label or name).replace("%", "%%")
    ours: set[str] = getattr(field, "_chinese_codes", set())
    stock = _stock_messages(field)
    codes = _codes(field) | ({"unique"} if unique else set())
    for code in codes:
        current = field.error_messages.get(code)
        if current is not None and code not in ours and current is not stock.get(code):
            continue  # the form's own wording
        if (template := _message(field, code)) is None:
            continue
        field.error_messages[code] = template % {"label": label}
        ours.add(code)
    field._chinese_codes = ours  # type: ignore[attr-defined]
    _chinese_empty_choice(field)


def _chinese_empty_choice(field: forms.Field) -> None:
    if isinstance(field, ModelChoiceField) and not isinstance(field, ModelMultipleChoiceField):
        if field.empty_label == STOCK_EMPTY_LABEL:
            field.empty_label = EMPTY_LABEL
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, ModelChoiceField):
        choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
        if choices and choices[0][1] == STOCK_EMPTY_LABEL:
            field.choices = [(choices[0][0], EMPTY_LABEL), *choices[1:]]


class ChineseFormMixin:
    """Chinese, field-named messages; no ASCII colon after labels; "——" as empty choice.

    Applied when the form is made (for rendering) and again before validation, so
    fields added or relabelled in a subclass's __init__ are covered too.
    """

    fields: dict[str, forms.Field]
    unique_fields: frozenset[str] = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.use_chinese_messages()

    def use_chinese_messages(self) -> None:
        for name, field in self.fields.items():
            chinese_field_messages(name, field, unique=name in self.unique_fields)

    def full_clean(self) -> None:
        self.use_chinese_messages()
        super().full_clean()  # type: ignore[misc]


class ChineseForm(ChineseFormMixin, forms.Form):
    pass


class ChineseModelForm(ChineseFormMixin, forms.ModelForm):
    """Also names the field in the model's uniqueness errors: ModelForm replaces a model
    error's message by the form field's message with the same code ("unique")."""

    def use_chinese_messages(self) -> None:
        model = self._meta.model
        self.unique_fields = frozenset(
            f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key
        )
        super().use_chinese_messages()


# -- date inputs ------------------------------------------------------------------


def _parsed(field: forms.Field, value: Any) -> Any:
    """A re-displayed raw value in any accepted input format, as the field's Python value."""
    if not isinstance(value, str) or not value:
        return value
    try:
        return field.to_python(value)
    except forms.ValidationError:
        return value  # shown as typed, next to its error


class DateInput(forms.DateInput):
    """<input type=date> takes only ISO dates: with the zh-hans input format (2019/08/16) the
    browser shows an empty field and the next save silently clears the date. Stored values
    and re-displayed ones (after a form error) are both written as ISO."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value: Any) -> str | None:
        return super().format_value(_parsed(forms.DateField(), value))


class DateTimeLocalInput(forms.DateTimeInput):
    """<input type=datetime-local>: ISO without seconds, for the same reason as DateInput."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")

    def format_value(self, value: Any) -> str | None:
        value = _parsed(forms.DateTimeField(), value)
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return super().format_value(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented pattern); cleans to a list, empty
    entries dropped. `accept` is the file chooser's filter (the upload policy's `accept`);
    the services check each file's bytes."""

    def __init__(self, *args: Any, accept: str = "", **kwargs: Any) -> None:
        attrs = {"accept": accept} if accept else {}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data if d]
        return [one(data, initial)] if data else []
