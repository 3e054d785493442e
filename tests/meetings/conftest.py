import pytest

from meetings import services
from tests import factories


@pytest.fixture
def speech(consultation, member):
    """A published speech by the invited member."""
    return services.create_post(member, consultation, consultation.subtopics.first(), "关于防返贫监测的建议",
                                "建立**防止返贫**动态监测机制。")


@pytest.fixture
def leader_in(consultation, leader):
    return leader


@pytest.fixture
def make_posts(consultation):
    def make(count, **kwargs):
        return [factories.PostFactory(consultation=consultation, **kwargs) for _ in range(count)]

    return make
