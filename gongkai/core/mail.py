"""The development mail backend: the console, with secrets and addresses redacted.

Django's console backend prints whole messages to stdout, which gunicorn keeps
in its log: applicants' e-mail addresses and their secret 查询码 would end up
readable by anyone with log access. This one prints the subject and a masked
recipient, and blanks any 查询码 in the body. Production sends with SMTP."""

from __future__ import annotations

import re
from typing import Any

from django.core.mail.backends.console import EmailBackend

from .masking import mask_email

SECRET = re.compile(r"(查询码[：:]\s*)\S+")


def redact(text: str) -> str:
    return SECRET.sub(r"\1[已隐去]", text)


class RedactingConsoleBackend(EmailBackend):
    def write_message(self, message: Any) -> None:
        to = ", ".join(mask_email(a) for a in message.recipients())
        self.stream.write(f"[mail] To: {to}\nSubject: {message.subject}\n")
        self.stream.write(redact(str(message.body)) + "\n" + "-" * 40 + "\n")
