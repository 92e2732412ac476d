"""Ingest published annual reports: HTML, DOCX, PDF and text in every shape → `AnnualReport`.

    from gongkai.reports.ingest import parse_bytes
    report = parse_bytes(data, "report.html")

Nothing here imports the ORM; errors are `IngestError` subclasses with Chinese messages.
"""

from .base import (
    DocumentTooLarge,
    IngestError,
    IngestTimeout,
    MalformedDocument,
    NotAnAnnualReport,
    Source,
    UnsupportedDocument,
    parser_for,
    registered,
)
from .parsers import parse_bytes

__all__ = [
    "DocumentTooLarge",
    "IngestError",
    "IngestTimeout",
    "MalformedDocument",
    "NotAnAnnualReport",
    "Source",
    "UnsupportedDocument",
    "parse_bytes",
    "parser_for",
    "registered",
]
