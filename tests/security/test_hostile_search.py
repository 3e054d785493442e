"""The search box echoes what was typed: every hostile payload comes back inert, and never as a 500."""

import pytest
from django.urls import reverse

from .corpus import GROUPS
from .inert import live_markup

SEARCH = reverse("meetings:search")


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_a_hostile_query_is_refused_or_echoed_inert(client, db, group):
    failures = []
    for number, payload in enumerate(GROUPS[group]):
        for params in ({"q": payload}, {"q": "扶贫", "consultation": payload}, {"q": "扶贫", "from": payload}):
            response = client.get(SEARCH, params)
            if response.status_code != 200:
                failures.append(f"{group}[{number}] {list(params)}: {response.status_code}")
                continue
            failures += [f"{group}[{number}]: {found}" for found in live_markup(response.content.decode(), html5=False)]
    assert not failures
