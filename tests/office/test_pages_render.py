"""Every back-office page renders for the people who use it, in Chinese."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "name", ["office:home", "office:queue", "office:dashboard", "calendar:index", "office:register"]
)
def test_main_pages_render_for_a_clerk(client, clerk, received_case, name):
    client.force_login(clerk)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "政府信息公开工作平台" in response.content.decode()


@pytest.mark.parametrize(
    "case",
    [
        "submitted_case",
        "received_case",
        "correction_case",
        "consulting_case",
        "extension_case",
        "fee_case",
        "review_case",
        "replied_case",
        "appealed_case",
    ],
)
def test_case_page_renders_in_every_state(client, clerk, reviewer, case, request):
    app = request.getfixturevalue(case)
    for user in (clerk, reviewer):
        client.force_login(user)
        response = client.get(reverse("office:case", args=[app.pk]))
        assert response.status_code == 200
        assert app.number in response.content.decode()


def test_every_offered_action_has_a_page_of_its_own(client, clerk, fee_case):
    from gongkai.applications.views import available_actions

    client.force_login(clerk)
    for action, _form in available_actions(clerk, fee_case):
        response = client.get(reverse("office:case_action", args=[fee_case.pk, action.name]))
        assert response.status_code == 200, action.name
