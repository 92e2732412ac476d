"""The annual report as data (`AnnualReport` and its tables), as the reports app imports it.

One dataclass family for parsed and built reports: `gongkai.applications.reportmodel.model`,
where `applications.reporting` builds table 三 and 四 in it; re-exported here.
"""

from gongkai.applications.reportmodel.model import (
    ActiveRowData,
    ActiveTable,
    AnnualReport,
    Cell,
    CellStatus,
    Figure,
    Finding,
    Method,
    Provenance,
    RequestRowData,
    RequestsTable,
    ReviewTable,
    Section,
    Severity,
    SourceInfo,
)

__all__ = [
    "ActiveRowData",
    "ActiveTable",
    "AnnualReport",
    "Cell",
    "CellStatus",
    "Figure",
    "Finding",
    "Method",
    "Provenance",
    "RequestRowData",
    "RequestsTable",
    "ReviewTable",
    "Section",
    "Severity",
    "SourceInfo",
]
