"""A correction can replace an item's files: the new file waits, unseen by the public and by
search, until the correction is applied; then the old file leaves and the new one is there."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.catalog import attachments, revisions, search, services
from gongkai.catalog.models import Attachment, Item, Revision
from gongkai.core.workflow import StepError


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def with_file(draft, clerk, reviewer, chief):
    old = attachments.add_attachment(clerk, draft, "旧附件.docx", _docx("附件一 名单初稿"))
    services.submit(clerk, draft)
    services.first_review(reviewer, draft, approve=True)
    services.second_review(chief, draft, approve=True)
    services.publish(chief, draft)
    return draft, old


def _through_first_review(revision, clerk, reviewer):
    revisions.submit(clerk, revision)
    revisions.first_review(reviewer, revision, approve=True)


def test_replaced_file_changes_only_when_applied(client, with_file, clerk, reviewer, chief):
    item, old = with_file
    revision = revisions.propose(
        clerk,
        item,
        "更换附件",
        remove_attachments=[old.pk],
        files=[("新附件.docx", _docx("附件一 秸秆综合利用名单"))],
    )
    [new] = revisions.added_files(revision)
    assert new.extract_state == "done" and not new.is_current
    _through_first_review(revision, clerk, reviewer)

    url = reverse("gk:item", args=[item.pk])
    page = client.get(url).content.decode()
    assert "旧附件.docx" in page and "新附件.docx" not in page
    assert client.get(reverse("gk:attachment", args=[item.pk, new.pk])).status_code == 404
    assert not search.search(search.Query(text="综合利用")).exists()

    revisions.second_review(chief, revision, approve=True)

    page = client.get(url).content.decode()
    assert "新附件.docx" in page and "旧附件.docx" not in page
    assert client.get(reverse("gk:attachment", args=[item.pk, new.pk])).status_code == 200
    assert client.get(reverse("gk:attachment", args=[item.pk, old.pk])).status_code == 404
    assert list(search.search(search.Query(text="综合利用"))) == [Item.objects.get(pk=item.pk)]
    event = item.events.last()
    assert event.data["removed_files"] == ["旧附件.docx"]
    assert event.data["added_files"] == ["新附件.docx"]
    assert Attachment.all_objects.filter(pk=old.pk).exists()  # kept for the record


def test_personal_data_in_a_new_file_blocks_the_correction(with_file, clerk, reviewer, chief):
    item, _old = with_file
    revision = revisions.propose(
        clerk, item, "补充附件", files=[("联系人.docx", _docx("联系人电话13912345678"))]
    )
    [found] = [f for f in revisions.findings(revision) if f.check == "personal_data"]
    assert found.place == "附件《联系人.docx》第1页第6字"
    _through_first_review(revision, clerk, reviewer)
    with pytest.raises(StepError, match="手机号码"):
        revisions.second_review(chief, revision, approve=True)
    assert [a.name for a in Item.objects.get(pk=item.pk).attachments.all()] == ["旧附件.docx"]


def test_rejected_correction_leaves_its_file_out(with_file, clerk, reviewer):
    item, _old = with_file
    revision = revisions.propose(clerk, item, "补充附件", files=[("补.docx", _docx("补充"))])
    revisions.submit(clerk, revision)
    revisions.first_review(reviewer, revision, approve=False, comment="附件有误")
    assert [a.name for a in item.attachments.all()] == ["旧附件.docx"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"remove_attachments": [999]}, "现有的附件"),
        ({"files": [("假.pdf", b"not a pdf")]}, "只接受"),
    ],
)
def test_bad_file_changes_are_refused_and_nothing_is_stored(with_file, clerk, extra, message):
    item, _old = with_file
    with pytest.raises(ValidationError, match=message):
        revisions.propose(clerk, item, "更换附件", **extra)
    assert not Revision.objects.exists()
    assert Attachment.all_objects.count() == 1


def test_office_form_replaces_a_file(client, with_file, clerk, reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item, old = with_file
    client.force_login(clerk)
    url = reverse("catalog_office:revise", args=[item.pk])
    assert "旧附件.docx" in client.get(url).content.decode()
    data = {
        name: getattr(item, name) or ""
        for name in ("title", "doc_no", "publisher", "category", "subject", "genre", "summary")
    }
    data.update(
        reason="更换附件",
        written_on="2019-08-16",
        keywords=item.keywords,
        body=item.body,
        remove_attachments=[str(old.pk)],
        new_file=SimpleUploadedFile("新附件.docx", _docx("新名单")),
    )
    response = client.post(url, data)
    revision = Revision.objects.get()
    assert response.url == reverse("catalog_office:revision", args=[revision.pk])
    assert revision.proposed == {} and revision.removed_attachments == [old.pk]
    client.force_login(reviewer)
    table = client.get(response.url).content.decode()
    assert "旧附件.docx" in table and "新附件.docx" in table
