"""The parser protocol, the registry that picks a parser, and the typed errors.

Parsers know nothing about the ORM: bytes in, `AnnualReport` out, and every failure is an
`IngestError` whose message (Chinese) can be shown to the person who uploaded the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from gongkai.applications.reportmodel.model import AnnualReport

MAX_BYTES = 30 * 1024 * 1024  # a real report is < 10 MB; anything bigger is refused unread


class IngestError(Exception):
    """A document could not be ingested. `str(error)` is a message for the user."""

    code = "ingest_error"


class UnsupportedDocument(IngestError):
    code = "unsupported"


class DocumentTooLarge(IngestError):
    code = "too_large"


class MalformedDocument(IngestError):
    code = "malformed"


class NotAnAnnualReport(IngestError):
    code = "not_a_report"


class IngestTimeout(IngestError):
    code = "timeout"


@dataclass(frozen=True)
class Source:
    data: bytes
    filename: str | None = None

    @property
    def extension(self) -> str:
        name = (self.filename or "").lower()
        return name.rsplit(".", 1)[-1] if "." in name else ""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class Parser(Protocol):
    """One input form. `score` says how sure the parser is that it can read the source."""

    name: str

    def score(self, source: Source) -> int: ...

    def parse(self, source: Source) -> AnnualReport: ...


_REGISTRY: list[Parser] = []


def register(parser: Parser) -> Parser:
    _REGISTRY.append(parser)
    return parser


def registered() -> list[Parser]:
    return list(_REGISTRY)


def parser_for(source: Source) -> Parser:
    """The registered parser with the highest positive score for this source."""
    scored = [(p.score(source), i, p) for i, p in enumerate(_REGISTRY)]
    best = max(scored, default=(0, 0, None), key=lambda t: (t[0], -t[1]))
    if best[2] is None or best[0] <= 0:
        raise UnsupportedDocument(
            _("无法识别的文件类型：请上传网页（HTML）、Word（DOCX）、PDF 或纯文本。")
        )
    return best[2]


def check_size(source: Source, limit: int = MAX_BYTES) -> None:
    if not source.data:
        raise MalformedDocument(_("文件为空。"))
    if len(source.data) > limit:
        raise DocumentTooLarge(
            _("文件过大（%(size)s 字节，上限 %(limit)s 字节）。")
            % {"size": len(source.data), "limit": limit}
        )


Guard = Callable[[], None]
