"""Choice labels without `get_<field>_display()`'s cost per call.

Django's `get_FOO_display()` builds a dict of the field's choices on every call, and
hashing a lazy label translates it: a list of 50 cases with five labelled fields makes
about a thousand gettext calls (bench/scale.py: queue and API list). Here each choice
set is translated once per language and kept: the catalogue does not change while the
process runs.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db.models import Model
from django.utils import translation


@functools.cache
def _labels(model: type[Model], field: str, language: str | None) -> dict[str, str]:
    with translation.override(language):
        choices = model._meta.get_field(field).flatchoices  # type: ignore[union-attr]
        return {str(value): str(label) for value, label in choices}


def label(obj: Model, field: str) -> Any:
    """What `obj.get_<field>_display()` returns: the label, or the raw value if unknown."""
    value = getattr(obj, field)
    return _labels(type(obj), field, translation.get_language()).get(str(value), value)
