"""On a phone: a reader searches from the box in the header, then narrows the results in place."""

import pytest

from meetings import services
from tests.factories import ConsultationFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_searches_from_the_header_and_filters_in_place(page):
    author = MemberFactory(real_name="王建国")
    consultation = ConsultationFactory(title="巩固拓展脱贫攻坚成果")
    consultation.participants.add(author)
    subtopic = consultation.subtopics.first()
    speech = services.create_post(author, consultation, subtopic, "发展特色产业", "坚持产业扶贫，用好扶贫资金。")
    services.add_comment(author, speech, "补充：扶贫车间要稳岗。")

    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("#site-search-q").fill("扶贫")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator("#search-results .hit")
    assert results.count() == 2
    assert page.locator("#search-results mark").first.inner_text() == "扶贫"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.evaluate("window.notReloaded = true")
    page.locator(".search-filters summary").click()
    page.locator("#id_kind").select_option("comment")
    page.locator(".search-filters button[type=submit]").click()
    page.wait_for_url("**kind=comment**")
    assert results.count() == 1 and "扶贫车间" in results.first.inner_text()
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the results in place
    page.screenshot(path="/tmp/search-375.png", full_page=True)
