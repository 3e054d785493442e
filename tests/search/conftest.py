import pytest

from tests import factories


@pytest.fixture
def subtopic(consultation):
    return consultation.subtopics.first()


@pytest.fixture
def speech(consultation, member, subtopic):
    return factories.PostFactory(consultation=consultation, subtopic=subtopic, author=member,
                                 title="发展乡村特色产业", body="产业扶贫要与扶贫资金的使用管理结合起来。",
                                 body_html="<p>产业扶贫要与扶贫资金的使用管理结合起来。</p>")
