"""Markdown bodies: sanitised HTML, warnings markup, images and the spoiler-safe text.

Everything here runs without a database: lookups come from a Resolver over plain dicts.
"""

import re
import unicodedata
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from articles import pictures, rendering
from articles.rendering import (
    BodyError,
    CategoryInfo,
    ImageInfo,
    Resolver,
    SpoilerScope,
    render_body,
    sanitise,
)
from articles.spoiler_safe import spoiler_safe_summary, strip_inline_spoilers

WALRUS = ImageInfo(
    id=1,
    alt="A walrus resting on sea ice",
    width=1600,
    height=900,
    src="/media/renditions/walrus-960w.jpg",
    srcset="/media/renditions/walrus-480w.jpg 480w, /media/renditions/walrus-960w.jpg 960w",
    webp_srcset="/media/renditions/walrus-480w.webp 480w, /media/renditions/walrus-960w.webp 960w",
    blurred_src="/media/renditions/walrus-blurred.jpg",
    caption="Walruses haul out on the ice.",
    credit="Jane Doe",
)
FALL = ImageInfo(
    id=2,
    alt="A walrus falling from a cliff",
    width=1200,
    height=800,
    src="/media/renditions/fall-960w.jpg",
    srcset="/media/renditions/fall-480w.jpg 480w",
    webp_srcset="/media/renditions/fall-480w.webp 480w",
    blurred_src="/media/renditions/fall-blurred.jpg",
    graphic_labels=("Animal death", "Blood"),
)
TRICKY_ALT = ImageInfo(
    id=3, alt='Say "cheese" <b>&</b>', width=10, height=10, src="/media/a.jpg", srcset="", webp_srcset=""
)
IMAGES = {image.id: image for image in (WALRUS, FALL, TRICKY_ALT)}
CATEGORIES = {
    "animal-death": CategoryInfo("animal-death", "Animal death", "moderate"),
    "blood": CategoryInfo("blood", "Blood", "severe"),
}
SCOPES = {
    "our-planet": SpoilerScope("our-planet", "Our Planet"),
    "our-planet/frozen-worlds": SpoilerScope("our-planet", "Our Planet", 1, 2, "Frozen Worlds"),
}


def resolver(images=IMAGES, categories=CATEGORIES, scopes=SCOPES):
    """A Resolver over plain dicts that, like the database one, answers only what it has."""
    return Resolver(
        images=lambda ids: {i: images[i] for i in ids if i in images},
        categories=lambda slugs: {s: categories[s] for s in slugs if s in categories},
        spoiler_scopes=lambda refs: {r: scopes[r] for r in refs if r in scopes},
    )


def render(text, **kwargs):
    return render_body(text, resolver(), **kwargs)


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children, self.content = [], []  # content: text and elements, in order

    def ancestors(self):
        node = self.parent
        while node is not None and node.tag != "#root":
            yield node
            node = node.parent

    def find_all(self, tag=None, **attrs):
        for child in self.children:
            if (tag is None or child.tag == tag) and all(
                child.attrs.get(name.rstrip("_")) == value for name, value in attrs.items()
            ):
                yield child
            yield from child.find_all(tag, **attrs)

    def find(self, tag=None, **attrs):
        return next(self.find_all(tag, **attrs), None)

    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def text_content(self):
        return "".join(part if isinstance(part, str) else part.text_content() for part in self.content)


VOID = {"img", "source", "input", "br", "hr"}


class TreeBuilder(HTMLParser):
    """Parses the renderer's output back into a tree, the way a browser would see its tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", [], None)
        self.current = self.root
        self.comments = []
        self.elements = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        self.current.content.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        self.current.content.append(element)
        self.elements.append(element)

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.content.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def parse(html):
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder


def visible(url):
    """A URL as a browser reads it: entities and escapes decoded, invisible characters gone."""
    decoded = unquote(url)
    return "".join(c for c in decoded if unicodedata.category(c)[0] not in "CZ").lower()


# ---------------------------------------------------------------------------------------
# Hostile input

HOSTILE = {
    # Raw HTML typed into the body.
    "script": "<script>alert(1)</script>",
    "script-split": "<scr<script>ipt>alert(1)</script>",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style": "<style>body { display: none }</style>",
    "svg-onload": '<svg onload="alert(1)"><circle r="1"/></svg>',
    "html-block-a": '<a href="javascript:alert(1)">click</a>',
    "div-onclick": '<div onclick="alert(1)" style="position:fixed">x</div>',
    "html-comment": "<!-- editor's note --><p>hi</p>",
    "comment-break-out": "<!--><script>alert(1)</script>-->",
    "object": '<object data="javascript:alert(1)"></object><embed src="x.swf">',
    "form": '<form action="https://evil.example/"><input type="password" name="p"></form>',
    "meta-refresh": "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "base": '<base href="https://evil.example/">',
    "math": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "details-ontoggle": '<details open ontoggle="alert(1)">x</details>',
    "inline-in-paragraph": 'Hello <img src=x onerror=alert(1)> and <b onmouseover="alert(1)">bold</b>',
    # Links in Markdown syntax.
    "md-javascript": "[click](javascript:alert(1))",
    "md-javascript-upper": "[click](JAVASCRIPT:alert(1))",
    "md-javascript-mixed": "[click](JaVaScRiPt:alert(1))",
    "md-tab-entity": "[click](jav&#x09;ascript:alert(1))",
    "md-newline-entity": "[click](jav&#x0A;ascript:alert(1))",
    "md-tab-percent": "[click](java%09script:alert(1))",
    "md-entity-letter": "[click](&#106;avascript:alert(1))",
    "md-colon-entity": "[click](javascript&colon;alert(1))",
    "md-leading-space": "[click]( javascript:alert(1))",
    "md-angle": "[click](<javascript:alert(1)>)",
    "md-angle-space": "[click](<java script:alert(1)>)",
    "md-nul": "[click](\x00javascript:alert(1))",
    "md-zero-width": "[click](\u200bjavascript:alert(1))",
    "md-rtl-override": "[click](\u202ejavascript:alert(1))",
    "md-fullwidth": "[click](ｊａｖａｓｃｒｉｐｔ:alert(1))",
    "md-data-html": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "md-data-image": "[click](data:image/png;base64,iVBORw0KGgo=)",
    "md-vbscript": "[click](vbscript:msgbox(1))",
    "md-file": "[click](file:///etc/passwd)",
    "md-title-quotes": '[click](https://example.org "a\\" onmouseover=\\"alert(1)")',
    "md-title-angle": "[click](https://example.org 'x\"><script>alert(1)</script>')",
    "md-href-quotes": '[click](https://example.org/"onmouseover="alert(1))',
    "md-nested-link-text": "[<img src=x onerror=alert(1)>](https://example.org)",
    # Autolinks.
    "auto-javascript": "<javascript:alert(1)>",
    "auto-javascript-mixed": "<JaVaScRiPt:alert(1)>",
    "auto-vbscript": "<vbscript:msgbox(1)>",
    "auto-data": "<data:text/html,<script>alert(1)</script>>",
    "auto-quotes": '<https://example.org/"onmouseover="alert(1)>',
    "bare-url": "www.evil.example/javascript:alert(1)",
    # Reference links.
    "ref-javascript": "[click][evil]\n\n[evil]: javascript:alert(1)",
    "ref-entity": "[click][evil]\n\n[evil]: <jav&#x09;ascript:alert(1)>",
    "ref-vbscript": "[click][]\n\n[click]: VBScript:msgbox(1) 'title'",
    "ref-data": "[click]\n\n[click]: data:text/html,<script>alert(1)</script>",
    "ref-title-quotes": '[click]\n\n[click]: https://example.org "x\\" onclick=\\"alert(1)"',
    # Images in Markdown syntax.
    "img-javascript": "![walrus](javascript:alert(1))",
    "img-external": "![tracking pixel](https://evil.example/pixel.gif)",
    "img-external-inline": "Look: ![tracking pixel](https://evil.example/pixel.gif) here",
    "img-protocol-relative": "![x](//evil.example/pixel.gif)",
    "img-data-svg": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)",
    "img-ref-external": "![x][pix]\n\n[pix]: https://evil.example/pixel.gif",
    "img-alt-quotes": 'Before ![a" onerror="alert(1)](image:1) after',
    "img-alt-quotes-external": '![a" onerror="alert(1)](https://evil.example/a.png)',
    "img-title-quotes": '![alt](image:1 "t\\" onerror=\\"alert(1)")',
    "img-in-link": "[![alt](image:1)](javascript:alert(1))",
    "img-unknown-scheme": "![alt](imagex:1)",
    # Warnings markup carrying markup.
    "spoiler-arg": "::: spoiler <script>alert(1)</script>\nhidden\n:::",
    "spoiler-arg-quotes": '::: spoiler our-planet" onmouseover="alert(1)\nhidden\n:::',
    "discretion-arg": '::: discretion "><img src=x onerror=alert(1)>\nhidden\n:::',
    "inline-spoiler-html": "||<img src=x onerror=alert(1)>||",
    "inline-spoiler-link": "||[click](javascript:alert(1))||",
    "code-span": "`<script>alert(1)</script>`",
    "fence-info": "```js\" onclick=\"alert(1)\n<script>alert(1)</script>\n```",
}

ALLOWED_ATTRIBUTES = {
    attribute for attributes in rendering.ALLOWED_ATTRIBUTES.values() for attribute in attributes
} | {"rel"}


def assert_harmless(html, *, only_library_images=True):
    lowered = html.lower()
    for opening in ("<script", "<iframe", "<style", "<svg", "<object", "<embed", "<form", "<meta", "<base", "<math"):
        assert opening not in lowered
    tree = parse(html)
    assert not tree.comments
    for element in tree.elements:
        assert element.tag in rendering.ALLOWED_TAGS, element.tag
        for name, value in element.attrs.items():
            assert not name.startswith("on"), (element.tag, name)
            assert name in ALLOWED_ATTRIBUTES or name.startswith("data-"), (element.tag, name)
            if name in ("href", "src"):
                url = visible(value or "")
                scheme, colon, _ = url.partition(":")
                assert not colon or re.search(r"[/?#]", scheme) or scheme in {"http", "https", "mailto"}, value
                assert not re.search(r"(java|vb)script:|data:", url), value
            if name in ("src", "srcset") and only_library_images:
                assert value.startswith("/media/"), "only library pictures are embedded"


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_body_renders_to_harmless_html(text):
    result = render(text, strict=False)

    assert_harmless(result.html)


def test_hostile_corpus_as_one_body_renders_to_harmless_html():
    result = render("\n\n".join(HOSTILE.values()), strict=False)

    assert_harmless(result.html)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_html_passed_straight_to_sanitise_is_made_harmless(text):
    assert_harmless(sanitise(text), only_library_images=False)


@pytest.mark.parametrize(
    "text",
    [HOSTILE[key] for key in ("md-javascript", "md-tab-entity", "md-tab-percent", "md-nul", "md-rtl-override",
                              "md-fullwidth", "md-data-html", "md-vbscript", "ref-javascript", "ref-entity")],
)
def test_dangerous_link_is_not_made_a_link_at_all(text):
    tree = parse(render(text, strict=False).html)

    assert tree.root.find("a") is None


def test_raw_html_is_shown_as_text_not_run():
    result = render("Say <b>hello</b> to <script>alert(1)</script>")

    assert "&lt;b&gt;hello&lt;/b&gt;" in result.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.html
    assert parse(result.html).root.find("b") is None


def test_html_comment_in_the_body_is_shown_as_text_not_kept_as_a_comment():
    result = render("<!-- note to self: the walrus dies -->")

    assert not parse(result.html).comments
    assert "&lt;!--" in result.html


def test_sanitise_drops_comments_scripts_and_event_handlers():
    html = sanitise(
        '<!-- x --><p onclick="alert(1)">Hi <a href="javascript:alert(1)">a</a>'
        '<script>alert(2)</script><iframe src="x"></iframe></p>'
    )

    assert html == '<p>Hi <a rel="noopener noreferrer nofollow">a</a></p>'


def test_sanitise_keeps_the_warnings_markup():
    html = (
        '<details class="spoiler" data-series="our-planet" data-season="1" data-episode="2">'
        '<summary>Spoiler</summary><div class="reveal-content"><p>x</p></div></details>'
    )

    assert sanitise(html) == html


def test_quotes_in_link_titles_and_alt_text_stay_inside_their_attribute():
    tree = parse(render('[walrus](https://example.org "say \\"hi\\" onclick=x") and ![a "b" c](image:3)').html)

    link = tree.root.find("a")
    assert link.attrs["title"] == 'say "hi" onclick=x'
    assert set(link.attrs) == {"href", "title", "rel"}
    image = tree.root.find("img")
    assert image.attrs["alt"] == 'a "b" c'
    assert "onerror" not in image.attrs


def test_library_alt_text_with_quotes_and_markup_stays_inside_the_attribute():
    tree = parse(render("![](image:3)").html)

    assert tree.root.find("img").attrs["alt"] == 'Say "cheese" <b>&</b>'
    assert tree.root.find("b") is None


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("[site](https://example.org/a?b=c#d)", "https://example.org/a?b=c#d"),
        ("[site](http://example.org)", "http://example.org"),
        ("[mail](mailto:editor@example.org)", "mailto:editor@example.org"),
        ("[page](/series/our-planet/)", "/series/our-planet/"),
        ("[relative](other-article/)", "other-article/"),
        ("[colon in path](./notes:2024)", "./notes:2024"),
        ("[anchor](#footnote-1)", "#footnote-1"),
        ("<https://example.org/walrus>", "https://example.org/walrus"),
        ("[ref]\n\n[ref]: https://example.org/ref", "https://example.org/ref"),
    ],
)
def test_ordinary_links_are_kept(text, href):
    link = parse(render(text).html).root.find("a")

    assert link.attrs["href"] == href
    assert link.attrs["rel"] == "noopener noreferrer nofollow"


def test_links_to_other_schemes_are_left_as_text():
    result = render("[call us](tel:+441234) and [chat](irc://example.org)")

    assert parse(result.html).root.find("a") is None
    assert "[call us](tel:+441234)" in result.html


# ---------------------------------------------------------------------------------------
# CommonMark


def test_emphasis_strong_strikethrough_and_inline_code_render():
    html = render("*soft* **loud** ~~gone~~ `code <tag>`").html

    assert html == "<p><em>soft</em> <strong>loud</strong> <s>gone</s> <code>code &lt;tag&gt;</code></p>\n"


def test_headings_render_and_a_top_level_heading_becomes_h2():
    """The page's <h1> is the article's title; a "#" heading must not vanish into bare text."""
    html = render("# Top\n\n## Section\n\n### Sub\n\n###### Smallest").html

    assert html == "<h2>Top</h2>\n<h2>Section</h2>\n<h3>Sub</h3>\n<h6>Smallest</h6>\n"


def test_lists_render_with_their_start_number():
    html = render("- one\n- two\n\n3. three\n4. four").html

    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>' in html


def test_fenced_and_indented_code_blocks_render_escaped():
    html = render("```python\nif a < b:\n    pass\n```\n\n    indented <code>").html

    assert '<pre><code class="language-python">if a &lt; b:\n    pass\n</code></pre>' in html
    assert "<pre><code>indented &lt;code&gt;\n</code></pre>" in html


def test_blockquote_rule_and_hard_break_render():
    html = render("> quoted\n\n---\n\nline one  \nline two").html

    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in html
    assert "<hr>" in html
    assert "line one<br>\nline two" in html


def test_tables_render_with_column_alignment():
    html = render("| Species | Count |\n|:--|--:|\n| Walrus | 12 |").html
    tree = parse(html)

    assert [th.text_content() for th in tree.root.find_all("th")] == ["Species", "Count"]
    assert [td.attrs.get("align") for td in tree.root.find_all("td")] == ["left", "right"]
    assert "style" not in html


def test_empty_body_renders_to_nothing():
    result = render_body("")

    assert (result.html, result.safe_text, result.spoiler_words) == ("", "", set())
    assert render_body(None).html == ""


# ---------------------------------------------------------------------------------------
# Warnings markup


def test_spoiler_block_for_an_episode_becomes_details_with_its_series_and_episode():
    result = render("::: spoiler our-planet/frozen-worlds\nThe walrus falls.\n:::")
    details = parse(result.html).root.find("details")

    assert details.classes() == {"spoiler"}
    assert details.attrs["data-series"] == "our-planet"
    assert details.attrs["data-season"] == "1"
    assert details.attrs["data-episode"] == "2"
    assert details.find("summary").text_content() == "Spoiler for Our Planet up to S01E02 “Frozen Worlds”. Show"
    assert details.find("div", class_="reveal-content").text_content().strip() == "The walrus falls."
    assert result.spoiler_scopes == [SCOPES["our-planet/frozen-worlds"]]


def test_spoiler_block_for_a_whole_series_names_no_episode():
    details = parse(render("::: spoiler our-planet\nEveryone survives.\n:::").html).root.find("details")

    assert details.attrs["data-series"] == "our-planet"
    assert "data-season" not in details.attrs and "data-episode" not in details.attrs
    assert "the whole of Our Planet" in details.find("summary").text_content()


def test_discretion_block_becomes_details_with_its_category_and_severity():
    result = render("::: discretion blood\nIt is bloody.\n:::")
    details = parse(result.html).root.find("details")

    assert details.classes() == {"discretion"}
    assert details.attrs["data-category"] == "blood"
    assert details.attrs["data-severity"] == "severe"
    assert details.find("summary").text_content() == "Viewer discretion: Blood. Show this section"
    assert "It is bloody." in details.find("div", class_="reveal-content").text_content()
    assert result.discretion_slugs == {"blood"}


def test_inline_spoiler_becomes_a_checkbox_label_covering_its_text():
    tree = parse(render("The walrus ||does not *survive*|| the fall.").html)
    label = tree.root.find("label")

    assert label.classes() == {"spoiler-inline"}
    assert [child.tag for child in label.children] == ["input", "span", "span"]
    checkbox, cover, hidden = label.children
    assert checkbox.attrs == {"type": "checkbox"}, "named by the label's visible text"
    assert (cover.classes(), cover.text_content()) == ({"spoiler-cover"}, "Show spoiler")
    assert hidden.classes() == {"spoiler-text"}
    assert hidden.text_content() == "does not survive"
    assert hidden.find("em").text_content() == "survive"
    assert label.parent.tag == "p"


def test_several_inline_spoilers_in_one_paragraph_each_get_a_cover():
    tree = parse(render("||One|| and ||two|| and ||three||").html)

    assert [label.find("span", class_="spoiler-text").text_content() for label in tree.root.find_all("label")] == [
        "One", "two", "three",
    ]


@pytest.mark.parametrize("text", ["Empty |||| pipes", "An ||unclosed spoiler", "a | b || c"])
def test_pipes_that_do_not_make_a_spoiler_stay_as_text(text):
    result = render(text, strict=False)

    assert parse(result.html).root.find("label") is None
    assert result.html == f"<p>{text}</p>\n"


@pytest.mark.parametrize("text", ["::: spoilers our-planet\nx\n:::", "::: note\nx\n:::", ":: spoiler our-planet\nx"])
def test_look_alike_fences_are_not_warning_blocks(text):
    assert parse(render(text, strict=False).html).root.find("details") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "::: discretion walrus-tusks\nx\n:::",
            "“::: discretion walrus-tusks”: no active viewer-discretion category has the slug “walrus-tusks”.",
        ),
        (
            "::: spoiler our-planet/molten-worlds\nx\n:::",
            "“::: spoiler our-planet/molten-worlds”: no series or episode is found at “our-planet/molten-worlds” "
            "(write series-slug/episode-slug, or series-slug for the whole series).",
        ),
        (
            "::: spoiler their-planet\nx\n:::",
            "“::: spoiler their-planet”: no series or episode is found at “their-planet” "
            "(write series-slug/episode-slug, or series-slug for the whole series).",
        ),
        (
            "::: spoiler\nx\n:::",
            "“::: spoiler” needs the episode it spoils, e.g. “::: spoiler our-planet/frozen-worlds”.",
        ),
        (
            "::: discretion\nx\n:::",
            "“::: discretion” needs a category slug, e.g. “::: discretion animal-death”.",
        ),
        ("![walrus](image:99)", "There is no image 99 in the library (written image:99)."),
        ("Inline ![walrus](image:98) too", "There is no image 98 in the library (written image:98)."),
    ],
)
def test_strict_rendering_names_the_bad_reference(text, message):
    with pytest.raises(BodyError) as caught:
        render(text, strict=True)

    assert caught.value.messages == [message]


def test_strict_rendering_reports_every_bad_reference_at_once():
    text = "![a](image:99)\n\n::: discretion nope\nx\n:::\n\n::: spoiler our-planet/nope\ny\n:::"

    with pytest.raises(BodyError) as caught:
        render(text)

    assert len(caught.value.messages) == 3
    assert any("image:99" in message for message in caught.value.messages)
    assert any("“nope”" in message for message in caught.value.messages)
    assert any("our-planet/nope" in message for message in caught.value.messages)


def test_strict_is_the_default():
    with pytest.raises(BodyError):
        render("![a](image:99)")


def test_unknown_references_do_not_raise_when_not_strict_and_still_hide_their_text():
    result = render(
        "::: spoiler our-planet/molten-worlds\nThe volcano erupts.\n:::\n\n"
        "::: discretion nope\nSomething grim.\n:::\n\n"
        "::: spoiler\nNo argument at all.\n:::\n\n"
        "![missing picture](image:99)",
        strict=False,
    )
    tree = parse(result.html)

    spoiler, discretion, bare = tree.root.find_all("details")
    assert spoiler.classes() == {"spoiler"} and "data-series" not in spoiler.attrs
    assert spoiler.find("summary").text_content() == "Spoiler"
    assert discretion.attrs["data-category"] == "" and discretion.attrs["data-severity"] == "severe"
    assert "Graphic content" in discretion.find("summary").text_content()
    assert bare.classes() == {"spoiler"}
    assert tree.root.find("img") is None and "missing picture" in result.html
    assert "volcano" not in result.safe_text and "argument" not in result.safe_text
    assert result.discretion_slugs == set() and result.spoiler_scopes == []
    assert result.image_ids == {99}


def test_render_result_lists_the_references_it_resolved():
    result = render(
        "![a](image:1)\n\n::: discretion blood\nx\n:::\n\n::: discretion animal-death\ny\n:::\n\n"
        "::: spoiler our-planet\nz\n:::\n\n::: spoiler our-planet/frozen-worlds\nw\n:::"
    )

    assert result.image_ids == {1}
    assert result.discretion_slugs == {"blood", "animal-death"}
    assert result.spoiler_scopes == [SCOPES["our-planet"], SCOPES["our-planet/frozen-worlds"]]


def test_resolver_is_asked_once_per_kind_with_every_reference():
    asked = []

    def lookup(kind, table):
        def answer(keys):
            asked.append((kind, set(keys)))
            return {key: table[key] for key in keys if key in table}

        return answer

    render_body(
        "![a](image:1) ![b](image:2)\n\n::: discretion blood\nx\n:::\n\n::: spoiler our-planet\ny\n:::\n\n"
        "::: spoiler our-planet/frozen-worlds\nz\n:::",
        Resolver(lookup("images", IMAGES), lookup("categories", CATEGORIES), lookup("scopes", SCOPES)),
    )

    assert sorted(asked) == [
        ("categories", {"blood"}),
        ("images", {1, 2}),
        ("scopes", {"our-planet", "our-planet/frozen-worlds"}),
    ]


def test_text_after_a_nested_spoiler_stays_inside_the_outer_discretion_block():
    result = render(
        "::: discretion animal-death\n"
        "::: spoiler our-planet\nThe walrus dies.\n:::\n"
        "Still distressing.\n"
        ":::\n\nAfterwards."
    )
    tree = parse(result.html)

    outer = tree.root.find("details", class_="discretion")
    inner = outer.find("details", class_="spoiler")
    assert "The walrus dies." in inner.text_content()
    assert "Still distressing." in outer.text_content()
    assert "Still distressing." not in inner.text_content()
    assert ":::" not in result.html
    assert tree.root.children[-1].text_content() == "Afterwards."


def test_text_after_a_nested_spoiler_inside_a_spoiler_is_never_safe_text():
    result = render(
        "::: spoiler our-planet\n"
        "::: spoiler our-planet/frozen-worlds\nThe walrus dies.\n:::\n"
        "And the polar bear too.\n"
        ":::\n\nSafe ending."
    )

    assert result.safe_text == "Safe ending."
    assert {"polar", "bear", "walrus"} <= result.spoiler_words


def test_a_discretion_section_holds_a_nested_spoiler_and_the_text_after_it():
    result = render("::: discretion blood\n::: spoiler our-planet\nInner.\n:::\nOuter.\n:::\n\nAfter.")

    assert result.safe_text == "After.", "discretion text stays in the body, like spoilers"
    outer = parse(result.html).root.find("details", class_="discretion")
    assert "Outer." in outer.text_content()


def test_longer_fences_are_refused_on_save_naming_their_lines():
    with pytest.raises(BodyError) as error:
        render("::::: discretion blood\n::: spoiler our-planet\nInner.\n:::\nOuter.\n:::::\n\nAfter.")

    assert [message.split(":", 1)[0] for message in error.value.messages] == ["Line 1", "Line 6"]


def test_unclosed_spoiler_block_hides_the_rest_of_the_body():
    result = render("Safe start.\n\n::: spoiler our-planet\nThe walrus dies.\n\nEverything after.")

    assert result.safe_text == "Safe start."
    assert "Everything after." in parse(result.html).root.find("details").text_content()


def test_fence_marker_inside_a_code_block_does_not_close_a_spoiler():
    result = render(
        "::: spoiler our-planet\nTo close a block, write:\n\n```\n:::\n```\n\nThe walrus dies.\n:::\n\nSafe."
    )

    assert result.safe_text == "Safe."
    details = parse(result.html).root.find("details")
    assert "The walrus dies." in details.text_content()


@pytest.mark.parametrize(
    "text",
    [
        "```\n::: spoiler our-planet\n||the walrus dies||\n:::\n```",
        "~~~markdown\n::: spoiler our-planet\n||the walrus dies||\n:::\n~~~",
        "    ::: spoiler our-planet\n    ||the walrus dies||\n    :::",
        "Write `||the walrus dies||` or `::: spoiler our-planet` to hide text.",
    ],
)
def test_warnings_markup_inside_code_is_shown_as_code(text):
    result = render(text)
    tree = parse(result.html)

    assert tree.root.find("details") is None and tree.root.find("label") is None
    assert "||the walrus dies||" in "".join(code.text_content() for code in tree.root.find_all("code"))
    assert "walrus" in result.safe_text
    assert result.spoiler_words == set()


# ---------------------------------------------------------------------------------------
# Library images


def test_image_alone_in_a_paragraph_becomes_a_responsive_figure():
    html = render("Intro.\n\n![](image:1)\n\nOutro.").html
    tree = parse(html)

    figure = tree.root.find("figure")
    assert figure.classes() == {"body-image"}
    assert figure.parent is tree.root, "a figure is not wrapped in <p>"
    picture = figure.find("picture")
    source = picture.find("source")
    assert source.attrs == {"type": "image/webp", "srcset": WALRUS.webp_srcset, "sizes": pictures.IMAGE_SIZES}
    image = picture.find("img")
    assert image.attrs["src"] == WALRUS.src
    assert image.attrs["srcset"] == WALRUS.srcset
    assert "480w" in image.attrs["srcset"] and "960w" in image.attrs["srcset"]
    assert image.attrs["sizes"] == pictures.IMAGE_SIZES
    assert (image.attrs["width"], image.attrs["height"]) == ("1600", "900")
    assert image.attrs["loading"] == "lazy"
    assert image.attrs["alt"] == WALRUS.alt
    caption = figure.find("figcaption")
    assert caption.text_content() == "Walruses haul out on the ice. Jane Doe"
    assert caption.find("span", class_="credit").text_content() == "Jane Doe"
    assert "<p><figure" not in html


def test_image_without_renditions_has_no_empty_srcset_or_source():
    tree = parse(render("![](image:3)").html)

    assert tree.root.find("source") is None
    assert "srcset" not in tree.root.find("img").attrs
    assert tree.root.find("figcaption") is None


def test_image_within_text_becomes_an_inline_picture_with_the_written_alt_text():
    tree = parse(render("See ![the colony](image:1) here.").html)

    paragraph = tree.root.find("p")
    assert paragraph.find("figure") is None
    assert paragraph.find("img").attrs["alt"] == "the colony"


def test_inline_spoiler_in_alt_text_is_left_out_of_the_alt_attribute():
    result = render("See ![the colony ||before the fall||](image:1) here.")

    assert parse(result.html).root.find("img").attrs["alt"] == "the colony"
    assert "fall" not in result.safe_text
    assert "fall" in result.spoiler_words


def test_graphic_image_waits_behind_a_discretion_reveal_showing_only_its_blurred_copy():
    html = render("![](image:2)").html
    tree = parse(html)

    details = tree.root.find("details")
    assert details.classes() == {"discretion", "graphic-image"}
    assert details.parent is tree.root
    summary = details.find("summary")
    assert [image.attrs["src"] for image in summary.find_all("img")] == [FALL.blurred_src]
    assert summary.find("img").attrs["alt"] == ""
    assert "Animal death, Blood" in summary.text_content()
    assert summary.find("source") is None
    content = details.find("div", class_="reveal-content")
    # The real addresses wait in data- attributes: nothing is fetched until the reveal.
    picture = content.find("img")
    assert "src" not in picture.attrs and "srcset" not in picture.attrs
    assert picture.attrs["data-src"] == FALL.src
    assert content.find("source").attrs["data-srcset"] == FALL.webp_srcset
    assert "srcset" not in content.find("source").attrs
    assert content.find("a").attrs["href"] == FALL.src, "readers without JavaScript get a link"
    assert html.count("fall-480w") == 2, "the srcsets appear once each, inside the reveal"
    assert html.index(FALL.src) > html.index("</summary>")


def test_graphic_image_without_a_blurred_copy_shows_only_its_labels_until_revealed():
    unblurred = ImageInfo(id=7, alt="x", width=5, height=5, src="/media/x.jpg", graphic_labels=("Blood",))
    html = render_body("![](image:7)", Resolver(images=lambda ids: {7: unblurred})).html
    summary = parse(html).root.find("summary")

    assert summary.find("img") is None
    assert "Blood" in summary.text_content()


def test_image_inside_a_discretion_section_stays_blurred_once_the_section_is_open():
    """Opening a section shows its text; its pictures still wait to be asked for ("blur only")."""
    tree = parse(render("::: discretion animal-death\n![](image:2)\n:::").html)

    sections = list(tree.root.find_all("details"))
    assert [d.classes() for d in sections] == [{"discretion"}, {"discretion", "graphic-image"}]
    assert sections[1].find("summary").find("img").attrs["class"] == "blurred"
    assert tree.root.find("figure").find("img").attrs["data-src"] == FALL.src


def test_graphic_image_within_text_becomes_a_link_not_a_picture():
    tree = parse(render("This ![fall](image:2) shows it.").html)

    assert tree.root.find("img") is None
    link = tree.root.find("a")
    assert link.classes() == {"graphic-image-link"}
    assert link.text_content() == "[Graphic image: fall]"


def test_external_image_alone_in_a_paragraph_is_not_embedded_and_keeps_its_paragraph():
    html = render("![A tracking pixel](https://evil.example/pixel.gif)").html

    assert html == "<p>A tracking pixel</p>\n"


def test_unknown_image_alone_in_a_paragraph_keeps_its_paragraph_when_not_strict():
    assert render("![Lost](image:99)", strict=False).html == "<p>Lost</p>\n"


# ---------------------------------------------------------------------------------------
# Spoiler-safe text


def test_spoiler_block_and_inline_spoiler_text_never_reach_safe_text():
    result = render(
        "The series opens on the ice.\n\n"
        "::: spoiler our-planet/frozen-worlds\nThe walrus *tumbles* from the cliff.\n\n"
        "- Bear eats\n\n```\ncode secret\n```\n:::\n\n"
        "## Verdict ||heartbreak||\n\n"
        "A ||devastating|| ending, with `code` and [a link](https://example.org)."
    )

    assert result.safe_text == "The series opens on the ice. Verdict A ending, with code and a link."
    for word in ("walrus", "tumbles", "cliff", "bear", "eats", "secret", "heartbreak", "devastating"):
        assert word not in result.safe_text.lower()


def test_spoiler_words_hold_only_words_found_nowhere_but_in_spoilers():
    result = render(
        "The walrus rests on the ice.\n\n"
        "::: spoiler our-planet\nThe walrus falls from the cliff.\n:::\n\n"
        "It is ||Bob's|| walrus."
    )

    assert result.spoiler_words == {"falls", "from", "cliff", "bob's"}


def test_discretion_text_is_neither_a_spoiler_nor_safe_text():
    """Graphic description stays behind its warning: no excerpt or snippet shows it."""
    result = render("::: discretion blood\nA bloody hunt.\n:::")

    assert result.safe_text == ""
    assert result.spoiler_words == set()


def test_safe_text_is_plain_text_joined_by_single_spaces():
    result = render("First line\nsecond line.\n\n> Quoted.\n\n1. Item")

    assert result.safe_text == "First line second line. Quoted. Item"


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("The walrus ||dies|| at the end", "The walrus at the end"),
        ("||Spoiler|| first", "first"),
        ("A ||b|| c ||d|| e", "A c e"),
        ("Over ||two\nlines|| done", "Over done"),
        ("An unclosed ||spoiler runs to the end", "An unclosed"),
        ("No spoilers here", "No spoilers here"),
        ("", ""),
        (None, ""),
    ],
)
def test_strip_inline_spoilers_removes_marked_text(text, stripped):
    assert strip_inline_spoilers(text) == stripped


def summary(**fields):
    return spoiler_safe_summary(
        **{"title": "", "standfirst": "", "safe_title": "", "safe_description": "", "body_text": "", **fields}
    )


def test_summary_prefers_the_spoiler_free_title_and_description():
    result = summary(
        title="The walrus dies", standfirst="It falls.", safe_title="A hard watch",
        safe_description="Our review.", body_text="Body.",
    )

    assert (result.headline, result.description) == ("A hard watch", "Our review.")


def test_summary_strips_inline_spoilers_from_title_and_standfirst():
    result = summary(title="Frozen Worlds: ||the walrus dies||", standfirst="A review ||with a twist||.")

    assert (result.headline, result.description) == ("Frozen Worlds:", "A review.")


def test_summary_strips_inline_spoilers_even_from_the_spoiler_free_fields():
    result = summary(title="T", safe_title="Safe ||oops||", safe_description="Also ||oops|| safe")

    assert (result.headline, result.description) == ("Safe", "Also safe")


def test_summary_falls_back_to_the_title_when_the_safe_title_is_only_a_spoiler():
    assert summary(title="Plain title", safe_title="||all spoiler||").headline == "Plain title"


def test_summary_falls_back_to_the_body_text_when_there_is_no_standfirst():
    assert summary(title="T", body_text="  A short   body.  ").description == "A short body."


def test_summary_falls_back_to_body_text_when_the_standfirst_is_all_spoiler():
    assert summary(title="T", standfirst="||everyone dies||", body_text="Safe body.").description == "Safe body."


def test_summary_shortens_a_long_body_at_a_word_boundary():
    body = "Walruses " * 60

    description = summary(title="T", body_text=body).description

    assert len(description) <= 200
    assert description.endswith("Walruses…")
    assert description.startswith("Walruses Walruses")


def test_summary_of_rendered_body_never_contains_spoilers():
    result = render("::: spoiler our-planet\nThe walrus dies.\n:::\n\nA ||tragic|| but fine film.")

    description = summary(title="T", body_text=result.safe_text).description

    assert description == "A but fine film."
