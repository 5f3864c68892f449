"""Hostile input for tests that push it through every surface.

``XSS_VECTORS`` are strings that run script somewhere if a page or a feed reader takes them
as markup; ``CONTROL_CHARACTERS`` are characters that XML cannot carry and that text formats
mishandle. ``active_markup()`` tells what in a piece of HTML a browser would act on.
"""

from html.parser import HTMLParser

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=//evil.example/>",
    "<style>@import 'https://evil.example/x.css';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=&#97;lert(1)>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "javascript:alert(1)",
    "\" onmouseover=\"alert(1)",
    "{{ 7*7 }}{% debug %}",
    "Fish & chips < 5 > 3 \"quoted\" 'single'",
]

# Every C0 control character XML 1.0 forbids, but NUL (which PostgreSQL cannot store).
CONTROL_CHARACTERS = [chr(code) for code in range(1, 32) if chr(code) not in "\t\n\r"]

# Elements that load or run something, or change where a page's links and forms go.
ACTIVE_ELEMENTS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "img", "svg", "math",
    "video", "audio", "source", "form", "input", "button", "base", "meta", "link", "style",
    "body", "html", "details", "marquee", "template",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}


class _ActiveMarkupFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag}[{name}]")
            elif name in URL_ATTRIBUTES and value:
                scheme = "".join(value.split()).lower().partition(":")[0]
                if scheme in {"javascript", "data", "vbscript"}:
                    self.found.append(f"{tag}[{name}={value}]")

    handle_startendtag = handle_starttag


def active_markup(html):
    """What a browser would load, run or follow in ``html``: an empty list when it is inert."""
    finder = _ActiveMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.found
