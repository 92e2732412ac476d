"""The project's URLs plus two views that fail the way a locked database does."""

from django.db import OperationalError, transaction
from django.urls import path

from gongkai.core.models import AuditEvent
from gongkai.urls import urlpatterns as project_urls


def write_then_lose_the_database(request):
    with transaction.atomic():
        AuditEvent.objects.create(action="fault.half_written", target="x")
        raise OperationalError("database is locked")


urlpatterns = [
    path("fault/", write_then_lose_the_database),
    path("api/fault/", write_then_lose_the_database),
    *project_urls,
]
handler400 = "gongkai.core.errors.bad_request"
handler403 = "gongkai.core.errors.permission_denied"
handler404 = "gongkai.core.errors.page_not_found"
handler500 = "gongkai.core.errors.server_error"
