"""Every public page type, checked by axe-core against WCAG 2.1 A and AA in a real Chromium,
with its warnings closed and opened; and the keyboard: the skip link, and a visible focus
indicator on everything that takes the focus."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from content_warnings.models import ContentWarning, Kind, WarningCategory
from tests.browser.conftest import _page
from tests.factories import (
    ArticleFactory,
    EpisodeFactory,
    ImageFactory,
    SeriesFactory,
    UserFactory,
    uploaded_image,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Installed by `npm ci` from package-lock.json (make test does it when npm is there).
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

CATEGORIES = {
    "animal-death": ("Animal death", Kind.DISCRETION, "severe"),
    "spoilers": ("Spoilers", Kind.SPOILER, "moderate"),
}


def category(slug):
    """A seeded category; created if this database has lost the migration's rows."""
    label, kind, severity = CATEGORIES[slug]
    found, _ = WarningCategory.objects.get_or_create(
        slug=slug, defaults={"name": label, "label": label, "kind": kind, "default_severity": severity}
    )
    return found


# The site, with one of everything a page can show


@pytest.fixture
def site(settings):
    """Three articles about one series (two to a page, so lists have pages), the first with
    every kind of warning: a severe flag, a spoiler flag, spoiler blocks, inline spoilers,
    graphic pictures and a discretion section."""
    settings.ARTICLES_PER_PAGE = 2
    category("animal-death")
    category("spoilers")
    series = SeriesFactory(
        title="Our Planet",
        slug="our-planet",
        presenter="David Attenborough",
        description="Eight films about the natural world.",
    )
    episodes = [
        EpisodeFactory(series=series, number=number, title=title, slug=slug, logline=f"The {title} film.")
        for number, title, slug in [
            (1, "One Planet", "one-planet"),
            (2, "Frozen Worlds", "frozen-worlds"),
            (3, "Jungles", "jungles"),
        ]
    ]
    author = UserFactory(username="reporter", first_name="Ada", last_name="Reporter")

    graphic_hero = ImageFactory(
        file=uploaded_image("hero.jpg"), alt_text="A walrus lying dead below the cliff"
    )
    ContentWarning.objects.create(category=category("animal-death"), content_object=graphic_hero)
    graphic_body = ImageFactory(file=uploaded_image("body.jpg"), alt_text="Walruses falling from the cliff")
    ContentWarning.objects.create(category=category("animal-death"), content_object=graphic_body)
    in_section = ImageFactory(file=uploaded_image("carcass.jpg"), alt_text="The carcass on the shore")
    plain_hero = ImageFactory(
        file=uploaded_image("ice.jpg"),
        alt_text="Sea ice at dawn",
        caption="The sea ice in March.",
        credit="Photo: Silverback Films",
    )

    everything = ArticleFactory(
        title="The cliff",
        slug="the-cliff",
        standfirst="The colony returns to the shore. ||The calf survives.||",
        hero_image=graphic_hero,
        body=(
            "The walrus colony gathers on the shore every autumn.\n\n"
            "## What the episode shows\n\n"
            "::: spoiler our-planet/frozen-worlds\n"
            "The ice shelf collapses into the sea.\n"
            ":::\n\n"
            "By the end, ||the calf survives the winter||. Read [the series page](/series/our-planet/).\n\n"
            f"![Walruses falling](image:{graphic_body.pk})\n\n"
            "::: discretion animal-death\n"
            "The carcass lies where it fell.\n\n"
            f"![The carcass](image:{in_section.pk})\n"
            ":::\n\n"
            "### How it was filmed\n\n"
            "- Drones, from far away\n- A hide on the beach\n"
        ),
        tags=["walrus", "arctic"],
        episodes=[episodes[1]],
        authors=[author],
    )
    ContentWarning.objects.create(
        category=category("animal-death"), content_object=everything, severity="severe"
    )
    ContentWarning.objects.create(
        category=category("spoilers"),
        content_object=everything,
        spoils_series=series,
        spoils_episode=episodes[1],
    )
    ArticleFactory(
        title="Sea ice",
        slug="sea-ice",
        hero_image=plain_hero,
        body="A walrus rests on the sea ice.",
        tags=["walrus"],
        episodes=[episodes[1]],
    )
    ArticleFactory(
        title="Jungle nights",
        slug="jungle-nights",
        body="No walrus here.",
        tags=["walrus"],
        episodes=[episodes[2]],
    )
    return {"series": series, "episode": episodes[1], "article": everything}


PAGES = {
    "home": lambda site: "/",
    "article": lambda site: site["article"].get_absolute_url(),
    "tag": lambda site: "/tags/walrus/",
    "series": lambda site: site["series"].get_absolute_url(),
    "episode": lambda site: site["episode"].get_absolute_url(),
    "search": lambda site: "/search/?q=walrus",
    "preferences": lambda site: "/preferences/",
    "report": lambda site: f"/report/article/{site['article'].pk}/",
    "report-sent": lambda site: "/report/sent/",
    "not-found": lambda site: "/no-such-page/",
}


# axe-core


@pytest.fixture
def axe():
    if not AXE_SCRIPT.exists():
        pytest.skip(
            "The accessibility tests need axe-core: install Node.js and npm, then run `npm ci` "
            "(make test runs it when npm is installed)"
        )
    return check_with_axe


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' > '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("       " + node["failureSummary"].replace("\n", "\n       "))
    return "\n".join(lines)


def check_with_axe(page):
    # Run by the test tool itself: the page's Content-Security-Policy refuses any injected
    # <script>, as it should, so axe-core is evaluated rather than added as a tag.
    page.evaluate(AXE_SCRIPT.read_text())
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
    violations = results["violations"]
    assert not violations, f"axe found WCAG 2.1 AA violations on {page.url}:\n{describe(violations)}"


def open_every_warning(page):
    """As a reader who opened everything: the interstitial, every section and every inline spoiler."""
    page.get_by_text("Show the article").click()
    closed = page.locator("details:not([open]) > summary:visible")
    while closed.count():  # one at a time: sections inside sections show up once their parent opens
        closed.first.click()
        # Opening a warning opens the pictures it covers, on the toggle event that follows.
        page.evaluate("() => new Promise(resolve => setTimeout(resolve, 50))")
    covers = page.locator(".spoiler-inline .spoiler-cover:visible")
    while covers.count():
        covers.first.click()
    expect(page.locator("details:not([open])")).to_have_count(0)
    expect(page.locator(".spoiler-inline input:not(:checked)")).to_have_count(0)


@pytest.fixture(params=["light", "dark"])
def themed_page(browser, live_server, request):
    """A tab whose system asks for the light or the dark theme (every colour is checked in both)."""
    context, page = _page(browser, live_server, color_scheme=request.param)
    yield page
    context.close()
    assert not page.errors, f"JavaScript errors on the page: {page.errors}"


@pytest.mark.parametrize("name", PAGES)
def test_public_page_has_no_wcag_violations(themed_page, site, axe, name):
    page = themed_page
    response = page.goto(PAGES[name](site))
    assert response.status == (404 if name == "not-found" else 200)
    axe(page)


def test_article_with_every_warning_opened_has_no_wcag_violations(themed_page, site, axe):
    page = themed_page
    page.goto(site["article"].get_absolute_url())
    open_every_warning(page)
    expect(page.get_by_role("img", name="Walruses falling from the cliff")).to_be_visible()
    # An open warning offers to hide, no longer to show.
    expect(page.locator("details[open] > summary .reveal-action:visible")).to_have_count(0)
    axe(page)


def test_article_without_the_site_script_has_no_wcag_violations(page, site, axe):
    """What a reader without JavaScript gets: the site's scripts are blocked rather than all
    scripts, since axe itself is one."""
    page.route("**/static/**/*.js", lambda route: route.abort())
    page.goto(site["article"].get_absolute_url())
    assert page.evaluate("document.documentElement.className") == "no-js"
    axe(page)


# Structure axe leaves to people: one h1, no skipped heading level


HEADING_LEVELS = """
main => Array.from(main.querySelectorAll('h1, h2, h3, h4, h5, h6')).map(h => Number(h.tagName[1]))
"""
# A section's headings sit below the section's own: card titles under "Articles" are h3.
SECTIONS_NESTING_NO_DEEPER = """
main => Array.from(main.querySelectorAll('section[aria-labelledby]')).flatMap(section => {
  const own = document.getElementById(section.getAttribute('aria-labelledby'));
  const level = Number(own.tagName[1]);
  return Array.from(section.querySelectorAll('h1, h2, h3, h4, h5, h6'))
    .filter(heading => heading !== own && Number(heading.tagName[1]) <= level)
    .map(heading => `${heading.tagName} “${heading.textContent.trim()}” in the section under ${own.tagName} “${own.textContent.trim()}”`);
})
"""


@pytest.mark.parametrize("name", PAGES)
def test_headings_start_at_one_h1_and_skip_no_level(page, site, name):
    page.goto(PAGES[name](site))
    if name == "article":
        open_every_warning(page)
    levels = page.locator("main").evaluate(HEADING_LEVELS)
    assert levels[0] == 1 and levels.count(1) == 1, levels
    skips = [(before, after) for before, after in zip(levels, levels[1:], strict=False) if after > before + 1]
    assert not skips, f"heading levels {levels} skip from h{skips[0][0]} to h{skips[0][1]}"
    assert page.locator("main").evaluate(SECTIONS_NESTING_NO_DEEPER) == []


# Reflow (WCAG 1.4.10), which axe does not check: at 320 CSS pixels wide, no sideways scrolling.


@pytest.mark.parametrize("name", PAGES)
def test_page_reflows_at_320_pixels_without_scrolling_sideways(browser, live_server, site, name):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(PAGES[name](site))
        if name == "article":
            open_every_warning(page)
        wider = page.evaluate(
            """() => Array.from(document.querySelectorAll('body *'))
                 .filter(element => element.getBoundingClientRect().right > 320.5
                                    && !element.closest('.visually-hidden, .skip-link'))
                 .map(element => element.outerHTML.slice(0, 100))"""
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, wider[:5]
    finally:
        context.close()


# Names: what assistive technology reads out


def test_main_navigation_marks_the_current_page(page, site):
    page.goto("/preferences/")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation.get_by_role("link", name="Warning preferences")).to_have_attribute(
        "aria-current", "page"
    )
    expect(navigation.locator("[aria-current]")).to_have_count(1)


def test_preference_choices_are_named_by_their_label_and_described_by_their_hint(page, site):
    page.goto("/preferences/")
    group = page.get_by_role("group", name="Animal death")
    expect(group).to_have_accessible_description("Animals are shown dying or dead.")
    choice = group.get_by_role("radio", name="Blur only", exact=True)
    expect(choice).to_have_accessible_description("Show the text, but keep pictures blurred until I choose.")
    group.get_by_text("Show the text, but keep pictures blurred").click()
    expect(choice).to_be_checked()


def test_inline_spoiler_control_is_named(page, site):
    page.goto(site["article"].get_absolute_url())
    expect(page.get_by_role("checkbox", name="Show spoiler")).to_have_count(1)  # the standfirst's
    page.get_by_text("Show the article").click()
    expect(page.get_by_role("checkbox", name="Show spoiler")).to_have_count(2)
    # Once revealed, the control is named by the text it now shows (label in name).
    checkbox = page.get_by_role("checkbox", name="Show spoiler").first
    checkbox.check()
    revealed = page.locator(".spoiler-inline .spoiler-text").first.inner_text()
    expect(page.locator(".spoiler-inline input").first).to_have_accessible_name(revealed)


# The keyboard


def test_skip_link_comes_first_and_moves_focus_to_main(page, site):
    page.goto(site["article"].get_absolute_url())
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


# What the focus looks like, read from the computed style of the element that shows it: the
# control itself, or for the inline spoiler's invisible checkbox, the part of its label in view.
INDICATOR = """
  const indicator = element => {
    let shown = element;
    if (element.matches('.spoiler-inline input')) {
      shown = element.parentElement.querySelector(element.checked ? '.spoiler-text' : '.spoiler-cover');
    }
    const style = getComputedStyle(shown);
    const box = shown.getBoundingClientRect();
    return {
      outline: style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0 ? 'none'
        : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
      boxShadow: style.boxShadow,
      visible: box.width > 0 && box.height > 0,
    };
  };
"""
# Numbers every focusable element, and returns how each looks without the focus.
UNFOCUSED = (
    "() => {"
    + INDICATOR
    + """
  document.activeElement.blur();
  const focusable = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  return Array.from(document.querySelectorAll(focusable)).map((element, index) => {
    element.dataset.focusIndex = index;
    return indicator(element);
  });
}"""
)
FOCUSED = (
    "() => {"
    + INDICATOR
    + """
  const element = document.activeElement;
  return {...indicator(element), index: element.dataset.focusIndex, element: element.outerHTML.slice(0, 120)};
}"""
)


def focus_stops(page, limit=150):
    """Tab round the whole page once; for each stop, how it looks focused and unfocused."""
    unfocused = page.evaluate(UNFOCUSED)
    stops, outside = {}, 0
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["index"] is None:  # past the end of the page, before it starts again
            outside += 1
            if outside > 2:
                break
            continue
        if focused["index"] in stops:
            break
        stops[focused["index"]] = (focused, unfocused[int(focused["index"])])
    return list(stops.values())


def shows_focus(focused, unfocused):
    changed = focused["outline"] != unfocused["outline"] or focused["boxShadow"] != unfocused["boxShadow"]
    drawn = focused["outline"] != "none" or focused["boxShadow"] != "none"
    return focused["visible"] and changed and drawn


def assert_every_stop_shows_focus(stops, expected):
    assert stops, "nothing on the page takes the focus"
    reached = " ".join(focused["element"] for focused, _ in stops)
    for fragment in expected:
        assert fragment in reached, f"{fragment} is never reached with Tab"
    invisible = [focused["element"] for focused, unfocused in stops if not shows_focus(focused, unfocused)]
    assert not invisible, "no visible focus indicator on:\n" + "\n".join(invisible)


def test_every_control_on_the_article_page_shows_its_focus(page, site):
    page.goto(site["article"].get_absolute_url())
    assert_every_stop_shows_focus(
        focus_stops(page),
        ['class="skip-link"', 'href="/tags/walrus/"', "<summary", 'type="checkbox"'],
    )


def test_every_control_on_the_opened_article_shows_its_focus(page, site):
    page.goto(site["article"].get_absolute_url())
    open_every_warning(page)
    assert_every_stop_shows_focus(
        focus_stops(page),
        ['class="skip-link"', 'href="/series/our-planet/"', "<summary", 'type="checkbox"'],
    )


def test_every_control_on_the_preferences_page_shows_its_focus(page, site):
    page.goto("/preferences/")
    assert_every_stop_shows_focus(
        focus_stops(page),
        ['type="radio"', "<select", 'type="submit"', "data-preferences-reset"],
    )
