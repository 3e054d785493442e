"""Speeches are Markdown; what reaches a page is sanitized HTML, whatever was typed."""

from html.parser import HTMLParser

import pytest

from meetings.text import render_markdown


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(html):
    parser = Tags()
    parser.feed(html)
    return parser.tags


def test_markdown_becomes_html():
    html = render_markdown("## 建议\n\n**防止返贫**动态监测\n\n- 一\n- 二\n\n| 县 | 人数 |\n|---|---|\n| 甲 | 3 |")
    assert "<h2>建议</h2>" in html and "<strong>防止返贫</strong>" in html
    assert "<li>一</li>" in html and "<td>甲</td>" in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[点我](javascript:alert(1))",
        "[点我](JaVaScRiPt:alert(1))",
        "[点我](<javascript:alert(1)>)",
        '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
        "![x](javascript:alert(1))",
        "<iframe src=//evil></iframe>",
        "<svg onload=alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_no_script_no_event_handler_no_javascript_url_ever_survives(attack):
    for tag, attrs in parsed(render_markdown(f"正文 {attack} 结尾")):
        assert tag not in {"script", "iframe", "svg", "object", "embed", "style"}
        assert not any(name.startswith("on") for name in attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").strip().lower().startswith(("javascript:", "data:"))


def test_links_are_kept_with_a_safe_rel():
    html = render_markdown("[政策](https://www.gov.cn/zhengce/)")
    assert 'href="https://www.gov.cn/zhengce/"' in html
    assert "nofollow" in html and "noopener" in html


@pytest.mark.parametrize("src", ["https://tracker.example/p.gif", "http://tracker.example/p.gif",
                                 "//tracker.example/p.gif", "HTTPS://tracker.example/p.gif"])
def test_an_outside_picture_becomes_a_link_not_a_tracking_pixel(src):
    html = render_markdown(f"看图 ![现场照片]({src})")
    assert "<img" not in html
    assert ">现场照片</a>" in html


def test_pictures_the_site_stores_are_shown(settings):
    settings.SITE_URL = "https://xieshang.example.org"
    html = render_markdown("![走访图](/media/uploads/a.png) ![另一张](https://xieshang.example.org/media/b.png)")
    assert '<img src="/media/uploads/a.png" alt="走访图">' in html
    assert '<img src="https://xieshang.example.org/media/b.png" alt="另一张">' in html


def test_outside_pictures_in_stored_html_are_dropped_by_the_sanitizer():
    from meetings.text import sanitize

    assert "tracker" not in sanitize('<p><img src="https://tracker.example/p.gif" alt="x"></p>')


def test_table_alignment_is_a_class_not_an_inline_style():
    html = render_markdown("| 县 | 人数 |\n|:--|--:|\n| 甲 | 3 |")
    assert '<td class="align-right">3</td>' in html and "style=" not in html
