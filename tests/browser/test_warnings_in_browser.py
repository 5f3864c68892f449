"""Warnings as a reader meets them in a real Chromium: hidden until asked, by mouse or
keyboard, with the reader's preferences, and without JavaScript."""

from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from content_warnings.models import ContentWarning, Kind, WarningCategory
from tests.factories import ArticleFactory, EpisodeFactory, ImageFactory, SeriesFactory, uploaded_image

# serialized_rollback puts back the categories the migrations seed, which the flush after
# each transactional test would otherwise remove for the tests that follow.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Long enough for the lazy loader to have fetched anything it was going to.
SETTLE_MS = 500

OUR_PLANET = [
    (1, "One Planet", "one-planet"),
    (2, "Frozen Worlds", "frozen-worlds"),
    (3, "Jungles", "jungles"),
    (4, "Coastal Seas", "coastal-seas"),
    (5, "From Deserts to Grasslands", "from-deserts-to-grasslands"),
]
CATEGORIES = {
    "animal-death": ("Animal death", Kind.DISCRETION, "severe"),
    "blood-gore": ("Blood and gore", Kind.DISCRETION, "severe"),
}
# Enough text below a picture that scrolling to the end moves it through the viewport.
FILLER = "\n\n".join(f"Paragraph {n} about the long Arctic winter." for n in range(40))


def category(slug):
    """A seeded category; created if this database has lost the migration's rows."""
    label, kind, severity = CATEGORIES[slug]
    found, _ = WarningCategory.objects.get_or_create(
        slug=slug, defaults={"name": label, "label": label, "kind": kind, "default_severity": severity}
    )
    return found


@pytest.fixture(autouse=True)
def warning_categories():
    """Before any body is rendered: a ``::: discretion`` block names an existing category."""
    return {slug: category(slug) for slug in CATEGORIES}


def flag(content, slug, severity=""):
    return ContentWarning.objects.create(category=category(slug), content_object=content, severity=severity)


def our_planet():
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    for number, title, slug in OUR_PLANET:
        EpisodeFactory(series=series, season=1, number=number, title=title, slug=slug)
    return series


def graphic_image(name, slug="animal-death"):
    image = ImageFactory(file=uploaded_image(name), alt_text=f"A walrus lying dead ({name})")
    flag(image, slug)
    return image


def paths(image, *kinds):
    return {urlsplit(default_storage.url(r["name"])).path for r in image.renditions if r["kind"] in kinds}


def full_renditions(image):
    """The real picture at every width and format, and the original upload."""
    return paths(image, "fallback", "webp") | {image.file.url}


def requested(urls, wanted):
    return sorted({urlsplit(url).path for url in urls} & wanted)


def record_requests(page):
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def scroll_through(page):
    """Scroll to the end and back, so anything lazy would have loaded by now."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(SETTLE_MS // 2)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(SETTLE_MS // 2)


def tab_to(page, target, limit=60):
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} cannot be reached with Tab")


def is_open(details):
    return details.evaluate("details => details.open")


# Site assets


def test_stylesheet_and_warnings_script_are_served(page):
    responses = {}
    page.on("response", lambda response: responses.update({urlsplit(response.url).path: response.status}))
    page.goto("/preferences/")
    assert responses.get("/static/warnings/warnings.js") == 200
    assert responses.get("/static/css/site.css") == 200


# 1. The interstitial before an article with a severe flag


@pytest.fixture
def severe_article():
    article = ArticleFactory(title="The cliff", body="The walrus colony gathers on the cliff edge.")
    flag(article, "animal-death", severity="severe")
    return article


def test_severe_article_stays_behind_interstitial_until_reader_clicks(page, severe_article):
    page.goto(severe_article.get_absolute_url())
    body = page.get_by_text("The walrus colony gathers on the cliff edge.")
    assert page.get_by_text("This article contains severe graphic content.").is_visible()
    assert not body.is_visible()

    page.get_by_text("Show the article").click()
    expect(body).to_be_visible()


def test_interstitial_opens_from_the_keyboard(page, severe_article):
    page.goto(severe_article.get_absolute_url())
    body = page.get_by_text("The walrus colony gathers on the cliff edge.")
    assert not body.is_visible()

    tab_to(page, page.locator("details.interstitial > summary"))
    page.keyboard.press("Enter")
    expect(body).to_be_visible()


# 2. Spoiler blocks and inline spoilers


@pytest.fixture
def spoiling_article():
    our_planet()
    return ArticleFactory(
        title="Ice",
        body=(
            "The episode opens on the sea ice.\n\n"
            "::: spoiler our-planet/frozen-worlds\n"
            "The ice shelf collapses into the sea.\n"
            ":::\n\n"
            "By the end, ||the calf survives the winter||."
        ),
    )


def test_spoiler_block_reveals_on_click(page, spoiling_article):
    page.goto(spoiling_article.get_absolute_url())
    spoiler = page.get_by_text("The ice shelf collapses into the sea.")
    assert page.get_by_text("The episode opens on the sea ice.").is_visible()
    assert not spoiler.is_visible()

    page.locator("details.spoiler > summary").click()
    expect(spoiler).to_be_visible()


def test_spoiler_block_reveals_from_the_keyboard(page, spoiling_article):
    page.goto(spoiling_article.get_absolute_url())
    spoiler = page.get_by_text("The ice shelf collapses into the sea.")
    summary = page.locator("details.spoiler > summary")
    assert not spoiler.is_visible()

    summary.focus()
    page.keyboard.press("Enter")
    expect(spoiler).to_be_visible()
    page.keyboard.press("Enter")
    expect(spoiler).to_be_hidden()
    page.keyboard.press("Space")
    expect(spoiler).to_be_visible()


def test_inline_spoiler_reveals_on_click(page, spoiling_article):
    page.goto(spoiling_article.get_absolute_url())
    spoiler = page.get_by_text("the calf survives the winter")
    assert not spoiler.is_visible()

    page.locator(".spoiler-inline").click()
    expect(spoiler).to_be_visible()


def test_inline_spoiler_reveals_from_the_keyboard(page, spoiling_article):
    page.goto(spoiling_article.get_absolute_url())
    spoiler = page.get_by_text("the calf survives the winter")
    assert not spoiler.is_visible()

    tab_to(page, page.get_by_role("checkbox", name="Show spoiler"))
    page.keyboard.press("Space")
    expect(spoiler).to_be_visible()


# 3. Graphic pictures: only the blurred copy loads until the reader asks


def test_graphic_body_image_loads_only_when_revealed(page):
    image = graphic_image("body.jpg")
    article = ArticleFactory(
        body=f"The colony on the shore.\n\n![A walrus below the cliff](image:{image.pk})\n\n{FILLER}"
    )
    urls = record_requests(page)
    statuses = {}
    page.on("response", lambda response: statuses.update({urlsplit(response.url).path: response.status}))

    page.goto(article.get_absolute_url())
    scroll_through(page)
    assert statuses.get(image.blurred_url) == 200
    assert requested(urls, full_renditions(image)) == []

    with page.expect_request(lambda request: urlsplit(request.url).path in full_renditions(image)):
        page.locator("details.graphic-image").get_by_text("Show image").click()
    expect(page.get_by_role("img", name=image.alt_text)).to_be_visible()


def test_graphic_hero_image_loads_only_when_revealed(page):
    hero = graphic_image("hero.jpg")
    article = ArticleFactory(body=f"The colony on the shore.\n\n{FILLER}", hero_image=hero)
    urls = record_requests(page)

    page.goto(article.get_absolute_url())
    scroll_through(page)
    assert requested(urls, paths(hero, "blurred")) == [hero.blurred_url]
    assert requested(urls, full_renditions(hero)) == []

    with page.expect_request(lambda request: urlsplit(request.url).path in full_renditions(hero)):
        page.locator(".hero details.graphic-image").get_by_text("Show image").click()
    expect(page.get_by_role("img", name=hero.alt_text)).to_be_visible()


def test_opening_a_discretion_section_shows_its_pictures_without_a_second_gate(page):
    """Consent once: the section's warning covers its pictures of that category, fetched
    only once it is opened; a picture flagged for another category still asks."""
    image = ImageFactory(file=uploaded_image("carcass.jpg"), alt_text="The carcass on the shore")
    gore = graphic_image("wound.jpg", slug="blood-gore")
    article = ArticleFactory(
        body=(
            "The colony on the shore.\n\n"
            "::: discretion animal-death\n"
            "The carcass lies where it fell.\n\n"
            f"![The carcass](image:{image.pk})\n\n"
            f"![The wound](image:{gore.pk})\n"
            f":::\n\n{FILLER}"
        )
    )
    urls = record_requests(page)
    section = page.locator('details.discretion[data-category="animal-death"]:not(.graphic-image)')

    page.goto(article.get_absolute_url())
    scroll_through(page)
    assert not page.get_by_text("The carcass lies where it fell.").is_visible()
    assert requested(urls, full_renditions(image)) == []

    with page.expect_request(lambda request: urlsplit(request.url).path in full_renditions(image)):
        section.get_by_text("Show this section").click()
    expect(page.get_by_text("The carcass lies where it fell.")).to_be_visible()
    expect(page.get_by_role("img", name="The carcass on the shore")).to_be_visible()

    other = page.locator('details.graphic-image[data-category~="blood-gore"]')
    assert not is_open(other)
    expect(other.locator("img.blurred")).to_be_visible()
    page.wait_for_timeout(SETTLE_MS)
    assert requested(urls, full_renditions(gore)) == []


def test_accepting_the_interstitial_shows_its_category_pictures_without_a_second_gate(page):
    hero, body_image = graphic_image("hero.jpg"), graphic_image("body.jpg")
    gore = graphic_image("wound.jpg", slug="blood-gore")
    article = ArticleFactory(
        hero_image=hero,
        body=f"The colony.\n\n![A walrus](image:{body_image.pk})\n\n![The wound](image:{gore.pk})",
    )
    flag(article, "animal-death", severity="severe")
    urls = record_requests(page)

    page.goto(article.get_absolute_url())
    scroll_through(page)
    assert requested(urls, full_renditions(hero) | full_renditions(body_image)) == []

    page.get_by_text("Show the article").click()
    expect(page.get_by_role("img", name=hero.alt_text)).to_be_visible()
    expect(page.get_by_role("img", name=body_image.alt_text)).to_be_visible()
    assert not is_open(page.locator('details.graphic-image[data-category~="blood-gore"]'))
    page.wait_for_timeout(SETTLE_MS)
    assert requested(urls, full_renditions(gore)) == []


# 4. Preferences, kept in the browser


def save_preferences(page, *, watched=None, categories=None):
    """Fill in the preferences form: an episode of Our Planet, and a choice per category."""
    page.goto("/preferences/")
    if watched:
        page.get_by_label("Our Planet: I have watched up to").select_option(label=watched)
    for slug, choice in (categories or {}).items():
        page.locator(f'fieldset[data-category="{slug}"]').get_by_label(choice).check()
    page.get_by_role("button", name="Save my preferences").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")


def test_watched_episode_is_kept_and_opens_spoilers_up_to_it(page):
    our_planet()
    article = ArticleFactory(
        body=(
            "::: spoiler our-planet/frozen-worlds\nThe ice shelf collapses.\n:::\n\n"
            "::: spoiler our-planet/from-deserts-to-grasslands\nThe rains never come.\n:::"
        )
    )
    save_preferences(page, watched="S01E02 “Frozen Worlds”")

    page.reload()
    expect(page.get_by_label("Our Planet: I have watched up to")).to_have_value("1:2")

    page.goto(article.get_absolute_url())
    watched = page.locator('details.spoiler[data-episode="2"]')
    unwatched = page.locator('details.spoiler[data-episode="5"]')
    assert is_open(watched)
    assert page.get_by_text("The ice shelf collapses.").is_visible()
    assert not is_open(unwatched)
    assert not page.get_by_text("The rains never come.").is_visible()


@pytest.fixture
def graphic_article():
    article = ArticleFactory(
        body=(
            "The colony on the shore.\n\n"
            "::: discretion animal-death\nThe carcass lies where it fell.\n:::\n\n"
            "::: discretion blood-gore\nThe wound is open.\n:::"
        )
    )
    flag(article, "animal-death", severity="severe")
    return article


def test_category_shown_without_warning_opens_its_sections_and_interstitial(page, graphic_article):
    save_preferences(page, categories={"animal-death": "Show without warning"})
    page.reload()
    expect(
        page.locator('fieldset[data-category="animal-death"]').get_by_label("Show without warning")
    ).to_be_checked()

    page.goto(graphic_article.get_absolute_url())
    assert is_open(page.locator("details.interstitial"))
    assert page.get_by_text("The carcass lies where it fell.").is_visible()
    assert not is_open(page.locator('details.discretion[data-category="blood-gore"]'))
    assert not page.get_by_text("The wound is open.").is_visible()


def test_without_preferences_everything_stays_behind_its_warning(page, graphic_article):
    page.goto(graphic_article.get_absolute_url())
    assert not is_open(page.locator("details.interstitial"))
    page.get_by_text("Show the article").click()
    assert not is_open(page.locator('details.discretion[data-category="animal-death"]'))
    assert not page.get_by_text("The carcass lies where it fell.").is_visible()
    assert not page.get_by_text("The wound is open.").is_visible()


def test_category_shown_without_warning_opens_its_graphic_pictures(page):
    body_image, hero = graphic_image("body.jpg"), graphic_image("hero.jpg")
    article = ArticleFactory(body=f"![A walrus below the cliff](image:{body_image.pk})", hero_image=hero)
    save_preferences(page, categories={"animal-death": "Show without warning"})

    page.goto(article.get_absolute_url())
    expect(page.get_by_role("img", name=body_image.alt_text)).to_be_visible()
    expect(page.get_by_role("img", name=hero.alt_text)).to_be_visible()


def test_category_blurred_only_opens_its_sections_but_not_their_pictures(page):
    image = ImageFactory(file=uploaded_image("carcass.jpg"), alt_text="The carcass on the shore")
    article = ArticleFactory(
        body=f"::: discretion animal-death\nThe carcass lies where it fell.\n\n![x](image:{image.pk})\n:::"
    )
    save_preferences(page, categories={"animal-death": "Blur only"})
    urls = record_requests(page)

    page.goto(article.get_absolute_url())
    assert page.get_by_text("The carcass lies where it fell.").is_visible()
    assert not is_open(page.locator("details.graphic-image"))
    page.wait_for_timeout(SETTLE_MS)
    assert requested(urls, full_renditions(image)) == []


# 5. Without JavaScript: everything stays closed, and opens by hand


def test_without_javascript_flagged_content_stays_hidden_and_opens_by_hand(page_without_js):
    our_planet()
    article = ArticleFactory(
        body=(
            "The colony on the shore.\n\n"
            "::: spoiler our-planet/frozen-worlds\nThe ice shelf collapses.\n:::\n\n"
            "By the end, ||the calf survives the winter||.\n\n"
            "::: discretion animal-death\nThe carcass lies where it fell.\n:::"
        )
    )
    flag(article, "animal-death", severity="severe")
    page = page_without_js

    page.goto(article.get_absolute_url())
    assert not page.get_by_text("The colony on the shore.").is_visible()
    page.get_by_text("Show the article").click()
    expect(page.get_by_text("The colony on the shore.")).to_be_visible()

    hidden = {
        "details.spoiler > summary": page.get_by_text("The ice shelf collapses."),
        ".spoiler-inline": page.get_by_text("the calf survives the winter"),
        "details.discretion > summary": page.get_by_text("The carcass lies where it fell."),
    }
    for control, text in hidden.items():
        assert not text.is_visible(), control
    for control, text in hidden.items():
        page.locator(control).click()
        expect(text).to_be_visible()


@pytest.mark.parametrize("place", ["body", "hero"])
def test_without_javascript_graphic_image_is_not_requested(page_without_js, place):
    image = graphic_image(f"{place}.jpg")
    body = f"![A walrus below the cliff](image:{image.pk})" if place == "body" else "The colony."
    article = ArticleFactory(body=body, hero_image=image if place == "hero" else None)
    urls = record_requests(page_without_js)

    page_without_js.goto(article.get_absolute_url())
    scroll_through(page_without_js)
    assert requested(urls, full_renditions(image)) == []


@pytest.mark.parametrize("place", ["body", "hero"])
def test_without_javascript_graphic_image_stays_hidden_and_opens_by_hand(page_without_js, place):
    image = graphic_image(f"{place}.jpg")
    body = f"![A walrus below the cliff](image:{image.pk})" if place == "body" else "The colony."
    article = ArticleFactory(body=body, hero_image=image if place == "hero" else None)
    page = page_without_js
    link = page.get_by_role("link", name="Open the picture")
    urls = record_requests(page)

    page.goto(article.get_absolute_url())
    assert requested(urls, paths(image, "blurred")) == [image.blurred_url]
    assert page.locator("details.graphic-image img.blurred").is_visible()
    assert not link.is_visible()
    page.get_by_text("Show image").click()
    # Without JavaScript the reader is offered the picture itself, fetched only if they follow it.
    expect(link).to_be_visible()
    # The widest rendition, at the size the link says (originals are never on a page).
    info = image.render_info()
    assert link.get_attribute("href") == info.full_src
    assert info.full_width == max(r["width"] for r in image.renditions if r["kind"] == "fallback")
    expect(link).to_have_text(f"Open the picture ({info.full_width} × {info.full_height})")
    # No empty box where the unfetched picture would be: the blurred copy stays.
    expect(page.locator("details.graphic-image picture")).to_be_hidden()
    expect(page.locator("details.graphic-image img.blurred")).to_be_visible()
    assert requested(urls, full_renditions(image)) == []
