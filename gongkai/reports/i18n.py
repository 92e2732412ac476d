"""Translation without a hard dependency on Django.

Parsers and the audit must run without settings (scripts, benchmarks, worker processes), yet
their messages are user-facing and belong in the catalogue. `_` marks them for makemessages
and translates through Django when Django is configured; otherwise the zh-hans source string
is returned unchanged.
"""

from __future__ import annotations


def _(message: str) -> str:
    try:
        from django.conf import settings

        if not settings.configured:
            return message
        from django.utils.translation import gettext

        return gettext(message)
    except Exception:  # noqa: BLE001 - any i18n trouble must not hide the message itself
        return message
