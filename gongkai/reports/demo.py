"""Demo data for the report audit: the seed annual reports, uploaded by the supervisor."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, Membership, Role

from . import services
from .ingest import IngestError

SEEDS = Path(__file__).parent / "seeds"


def load_seed_reports() -> int:
    """Upload every seed report as the first supervisor of the root agency; idempotent
    (a report already uploaded to the same scope is kept). Returns how many are on file."""
    root = Agency.objects.filter(parent__isnull=True).order_by("pk").first()
    member = (
        Membership.objects.filter(agency=root, role=Role.SUPERVISOR).select_related("user").first()
    )
    if root is None or member is None:
        return 0
    user = get_user_model().objects.get(pk=member.user_id)
    count = 0
    for path in sorted(SEEDS.glob("*.txt")):
        try:
            services.upload(user, root, path.read_bytes(), path.name)
        except IngestError:
            continue  # reported on the page when uploaded by hand; the demo just skips it
        count += 1
    return count
