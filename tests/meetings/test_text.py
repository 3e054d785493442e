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
