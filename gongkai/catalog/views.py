"""Office pages of the catalogue (/office/catalog/): list, draft form, review page with the
check findings, and the step forms. Views read requests and call `services`; permissions
are asked again inside every service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions as perm
from gongkai.core.web import apply_errors, staff_view

from . import attachments, checks, forms, revisions, services
from .models import REVISION_OPEN, AgencySettings, IndexCode, Item, Revision, Status

PAGE_SIZE = 30


def _visible(request: HttpRequest) -> Any:
    return Item.objects.filter(agency__in=perm.visible_agencies(request.user))


def _item(request: HttpRequest, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency", "author"), pk=pk)
    if not perm.roles_in(request.user, item.agency):
        raise Http404
    return item


def _draftable(request: HttpRequest) -> Any:
    return [a for a in perm.visible_agencies(request.user) if perm.can_draft_item(request.user, a)]


@staff_view
def item_list(request: HttpRequest) -> HttpResponse:
    qs = _visible(request).select_related("agency").order_by("-updated_at", "-id")
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/office_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "can_draft": bool(_draftable(request)),
        },
    )


@staff_view
def item_new(request: HttpRequest) -> HttpResponse:
    agencies = _draftable(request)
    if not agencies:
        raise PermissionDenied(_("您不能在任何机关起草公开目录条目。"))
    ids = [a.pk for a in agencies]
    from gongkai.agencies.models import Agency

    form = forms.NewItemForm(request.POST or None, agencies=Agency.objects.filter(pk__in=ids))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agency = data.pop("agency")
        try:
            item = services.create_draft(request.user, agency, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("草稿已保存，索引号 %(n)s。") % {"n": item.index_no})
            return redirect("catalog_office:item", pk=item.pk)
    return render(request, "catalog/office_edit.html", {"form": form, "item": None})


@staff_view
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    initial = {name: getattr(item, name) for name in services.EDITABLE}
    form = forms.ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_draft(request.user, item, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("catalog_office:item", pk=item.pk)
    return render(request, "catalog/office_edit.html", {"form": form, "item": item})


@staff_view
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    findings = checks.run_checks(item)
    blocking = set(checks.blocking_checks(item))
    policies = Item.objects.filter(agency=item.agency, category="20-01").exclude(pk=item.pk)
    return render(
        request,
        "catalog/office_item.html",
        {
            "item": item,
            "findings": findings,
            "blocking": blocking,
            "blocked": any(f.check in blocking for f in findings),
            "events": item.events.select_related("actor"),
            "attachments": item.attachments.all(),
            "review_form": forms.ReviewForm(),
            "publish_form": forms.PublishForm(),
            "withdraw_form": forms.WithdrawForm(),
            "validity_form": forms.ValidityForm(),
            "attachment_form": forms.AttachmentForm(),
            "link_form": forms.InterpretationLinkForm(policies=policies),
            "can_draft": perm.can_draft_item(request.user, item.agency),
            "can_review": perm.can_review_item(request.user, item.agency),
            "revisions": item.revisions.select_related("author"),
            "open_revision": item.revisions.filter(state__in=REVISION_OPEN).first(),
        },
    )


def _step(
    request: HttpRequest,
    item: Item,
    form: Any,
    call: Callable[[Any], Any],
    done: str,
    back: str | None = None,
) -> HttpResponse:
    """Run one service step from a posted form; errors go back as a message, nothing changed."""
    back = back or reverse("catalog_office:item", args=[item.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect(back)
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(back)


@require_POST
@staff_view
def item_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _item(request, pk)
    user = request.user
    steps: dict[str, tuple[Any, Callable[[Any], Any], str]] = {
        "submit": (
            forms.forms.Form(request.POST),
            lambda d: services.submit(user, item),
            _("已提交初审。"),
        ),
        "first_review": (
            forms.ReviewForm(request.POST),
            lambda d: services.first_review(user, item, d["decision"] == "approve", d["comment"]),
            _("初审意见已提交。"),
        ),
        "second_review": (
            forms.ReviewForm(request.POST),
            lambda d: services.second_review(user, item, d["decision"] == "approve", d["comment"]),
            _("复核意见已提交。"),
        ),
        "publish": (
            forms.PublishForm(request.POST),
            lambda d: services.publish(user, item, d["at"]),
            _("已发布。"),
        ),
        "withdraw": (
            forms.WithdrawForm(request.POST),
            lambda d: services.withdraw(user, item, d["reason"]),
            _("已撤回。"),
        ),
        "validity": (
            forms.ValidityForm(request.POST),
            lambda d: services.mark_invalid(user, item, d["validity"], d["on"], d["reason"]),
            _("有效性已更新。"),
        ),
        "attach": (
            forms.AttachmentForm(request.POST, request.FILES),
            lambda d: attachments.add_attachment(user, item, d["file"].name, d["file"].read()),
            _("附件已上传，正在提取文字。"),
        ),
        "link": (
            forms.InterpretationLinkForm(
                request.POST, policies=Item.objects.filter(agency=item.agency)
            ),
            lambda d: services.link_interpretation(user, item, d["policy"], d["form"]),
            _("已关联所解读的政策文件。"),
        ),
    }
    if action not in steps:
        raise Http404
    form, call, done = steps[action]
    return _step(request, item, form, call, done)


# -- corrections of published items (revisions.py) -------------------------------------------


@staff_view
def item_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a correction of a published item; the form starts from the published values."""
    item = _item(request, pk)
    perm.require(perm.can_draft_item(request.user, item.agency))
    initial = {name: getattr(item, name) for name in services.EDITABLE}
    form = forms.RevisionForm(
        request.POST or None, request.FILES or None, initial=initial, item=item
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        upload = data.pop("new_file")
        data["files"] = [(upload.name, upload.read())] if upload else []
        try:
            revision = revisions.propose(request.user, item, reason, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("更正已保存为草稿，请提交初审。"))
            return redirect("catalog_office:revision", pk=revision.pk)
    return render(request, "catalog/office_revise.html", {"form": form, "item": item})


def _revision(request: HttpRequest, pk: int) -> Revision:
    revision = get_object_or_404(
        Revision.objects.select_related("item", "item__agency", "author"), pk=pk
    )
    if not perm.roles_in(request.user, revision.item.agency):
        raise Http404
    return revision


@staff_view
def revision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's page: old and new values side by side, the checks on the new text."""
    revision = _revision(request, pk)
    item = revision.item
    return render(
        request,
        "catalog/office_revision.html",
        {
            "revision": revision,
            "item": item,
            "changes": revisions.changes(revision),
            "findings": revisions.findings(revision) if revision.is_open else [],
            "blocking": set(checks.blocking_checks(item)),
            "events": item.events.filter(data__revision=revision.pk).select_related("actor"),
            "review_form": forms.RevisionReviewForm(),
            "withdraw_form": forms.RevisionWithdrawForm(),
            "is_author": revision.author_id == request.user.pk,
            "can_draft": perm.can_draft_item(request.user, item.agency),
            "can_review": perm.can_review_item(request.user, item.agency),
        },
    )


@require_POST
@staff_view
def revision_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    revision = _revision(request, pk)
    user = request.user
    steps: dict[str, tuple[Any, Callable[[Any], Any], str]] = {
        "submit": (
            forms.forms.Form(request.POST),
            lambda d: revisions.submit(user, revision),
            _("更正已提交初审。"),
        ),
        "first_review": (
            forms.RevisionReviewForm(request.POST),
            lambda d: revisions.first_review(
                user, revision, d["decision"] == "approve", d["comment"]
            ),
            _("初审意见已提交。"),
        ),
        "second_review": (
            forms.RevisionReviewForm(request.POST),
            lambda d: revisions.second_review(
                user, revision, d["decision"] == "approve", d["comment"]
            ),
            _("复核意见已提交。"),
        ),
        "withdraw": (
            forms.RevisionWithdrawForm(request.POST),
            lambda d: revisions.withdraw(user, revision, d["reason"]),
            _("更正已撤销。"),
        ),
    }
    if action not in steps:
        raise Http404
    form, call, done = steps[action]
    back = reverse("catalog_office:revision", args=[revision.pk])
    return _step(request, revision.item, form, call, done, back)


@staff_view
def guide_edit(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Publish a new version of an agency's 政府信息公开指南."""
    from gongkai.agencies.models import Agency

    from . import guides

    agency = get_object_or_404(Agency, pk=agency_id)
    if not perm.can_publish_item(request.user, agency):
        raise PermissionDenied(_("只有本机关审核人或管理员可以发布公开指南。"))
    form = forms.GuideForm(request.POST or None, initial=guides.initial_fields(agency))
    if request.method == "POST" and form.is_valid():
        try:
            guide = guides.publish_guide(request.user, agency, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已发布第 %(v)s 版公开指南。") % {"v": guide.version})
            return redirect("catalog_office:guide", agency_id=agency.pk)
    versions = agency.guides.all()
    return render(
        request, "catalog/office_guide.html", {"form": form, "agency": agency, "versions": versions}
    )


@staff_view
def gazette_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Publish an issue of the 政府公报 (PDF + its contents)."""
    from gongkai.agencies.models import Agency

    from . import gazette

    agency = get_object_or_404(Agency, pk=agency_id)
    if not perm.can_publish_item(request.user, agency):
        raise PermissionDenied(_("只有本机关审核人或管理员可以发布公报。"))
    items = Item.objects.published().filter(agency__path__startswith=agency.path)
    form = forms.GazetteForm(request.POST or None, request.FILES or None, items=items)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            issue = gazette.publish_issue(
                request.user, agency, d["year"], d["number"], d["published_on"],
                d["pdf"].read(), list(d["contents"]),
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已发布：%(i)s") % {"i": issue})
            return redirect("gk:gazette_issue", pk=issue.pk)
    return render(request, "catalog/office_gazette.html", {"form": form, "agency": agency})


@staff_view
def import_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    """Upload a file of existing items; the import runs as a job (后台任务 shows progress)."""
    from gongkai.agencies.models import Agency

    from . import imports

    agency = get_object_or_404(Agency, pk=agency_id)
    if not perm.can_publish_item(request.user, agency):
        raise PermissionDenied(_("只有本机关审核人或管理员可以批量导入。"))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imports.start_import(request.user, agency, upload.name, upload.read())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已开始导入，可在“后台任务”查看进度与校验结果。"))
            return redirect("jobs:index")
    return render(request, "catalog/office_import.html", {"form": form, "agency": agency})


@staff_view
def agency_settings(request: HttpRequest, agency_id: int) -> HttpResponse:
    """The agency admin's catalogue settings: 索引号 form and blocking checks."""
    from gongkai.agencies.models import Agency

    agency = get_object_or_404(Agency, pk=agency_id)
    if not perm.can_manage_catalog(request.user, agency):
        raise PermissionDenied(_("只有机关管理员可以修改公开目录设置。"))
    current = AgencySettings.objects.filter(agency=agency).first()
    initial = {
        "index_code": current.index_code if current else IndexCode.ORG,
        "blocking": checks.blocking_checks_of(agency),
    }
    form = forms.SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(
                request.user, agency, form.cleaned_data["index_code"], form.cleaned_data["blocking"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("设置已保存。"))
            return redirect("catalog_office:settings", agency_id=agency.pk)
    return render(request, "catalog/office_settings.html", {"form": form, "agency": agency})
