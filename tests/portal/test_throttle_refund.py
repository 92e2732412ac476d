"""A use counted against a limit is given back when the work is refused (nothing accepted)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.portal import throttle

IP = "203.0.113.9"


def test_a_refused_submission_gives_its_use_back_an_accepted_one_keeps_it(db):
    limit = throttle.submissions_limit()
    assert throttle.take(limit, IP)
    with pytest.raises(ValidationError), throttle.refunded_if_refused(limit, IP):
        raise ValidationError("附件格式不符")
    assert throttle.used(limit, IP) == 0

    assert throttle.take(limit, IP)
    with throttle.refunded_if_refused(limit, IP):
        pass
    assert throttle.used(limit, IP) == 1
