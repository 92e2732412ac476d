"""What the benchmark scripts share: SQL templates for bulk loads and the machine line.

Imported as `bench._common` after a script has put the repository root on `sys.path`
(every script does, before `django.setup()`); it imports nothing of Django or gongkai, so
it may be imported before settings are configured.
"""

from __future__ import annotations

import platform
from collections.abc import Iterable, Mapping
from pathlib import Path

# The column list of a bulk `INSERT … SELECT` into applications_application, in the order
# the SELECT that follows must produce them. bench/province.py and bench/scale.py fill the
# table in PostgreSQL itself (no Python per row), so every NOT NULL column is named here.
INSERT_APPLICATIONS = """
INSERT INTO applications_application (
  year, seq, tracking_hash, status, channel, arrived_on, receipt_date, applicant_type,
  applicant_name, id_type, id_number, credit_code, legal_representative, contact_person,
  phone, email, address, postcode, description, doc_number_sought, requested_form,
  requested_delivery, submitted_online, clock_start, due_on, due_provisional,
  due_explanation, due_state, extension_days, decision, decision_grounds, decision_reason,
  responsible_organ, provided_form, provided_form_reason, concluded_on, created_at,
  updated_at, agency_id)"""


def fill(sql: str, values: Mapping[str, object]) -> str:
    """Put each value in place of its `@key@` in a SQL template (values are trusted:
    numbers and literals the script itself made)."""
    for key, value in values.items():
        sql = sql.replace(f"@{key}@", str(value))
    return sql


def sql_array(values: Iterable[object]) -> str:
    """A PostgreSQL text array literal, `ARRAY['a','b']`, of values without quotes."""
    return "ARRAY[" + ",".join(f"'{v}'" for v in values) + "]"


def cpu_model(default: str | None = None) -> str:
    """The CPU's model name from /proc/cpuinfo; where there is none, `default`, or
    else what `platform.processor()` says, or "unknown"."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if default is not None:
        return default
    return platform.processor() or "unknown"
