"""With the Content-Security-Policy on, no page breaks it and every page's scripts still work:
each public page type and the admin pages editors live in, in a real Chromium."""

import pytest
from playwright.sync_api import expect

from content_warnings.models import ContentWarning, Kind, WarningCategory
from tests.factories import ArticleFactory, EpisodeFactory, ImageFactory, SeriesFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"

# Collects every violation the page reports, from its first script on.
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    """The page, listening for policy violations in events and in the console."""
    page.console_violations = []
    page.on(
        "console",
        lambda message: page.console_violations.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    return page


def assert_no_violation(page):
    page.wait_for_load_state("load")
    reported = page.evaluate("window.__cspViolations")
    assert reported == [], f"{page.url}: {reported}"
    assert page.console_violations == [], f"{page.url}: {page.console_violations}"


def category(slug, name, kind):
    found, _ = WarningCategory.objects.get_or_create(
        slug=slug, defaults={"name": name, "label": name, "kind": kind, "default_severity": "moderate"}
    )
    return found


@pytest.fixture
def site():
    """One of everything a public page can show: spoilers, a discretion section, a graphic
    picture, tags, a series and an episode."""
    category("spoilers", "Spoilers", Kind.SPOILER)
    animal_death = category("animal-death", "Animal death", Kind.DISCRETION)
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    episode = EpisodeFactory(series=series, number=2, title="Frozen Worlds", slug="frozen-worlds")
    image = ImageFactory()
    ContentWarning.objects.create(category=animal_death, content_object=image)
    article = ArticleFactory(
        title="Walrus haul-out",
        slug="walrus-haul-out",
        tags=["walrus"],
        episodes=[episode],
        body=(
            "The haul-out is crowded.\n\n"
            f"![A walrus on the ice](image:{image.pk})\n\n"
            "::: spoiler our-planet/frozen-worlds\nThe ice shelf collapses.\n:::\n\n"
            "::: discretion animal-death\nA walrus falls from the cliff.\n:::\n\n"
            "By the end, ||the calf survives||."
        ),
    )
    return {"article": article, "image": image, "series": series, "episode": episode}


PUBLIC_PAGES = [
    "/",
    "/articles/walrus-haul-out/",
    "/tags/walrus/",
    "/series/our-planet/",
    "/series/our-planet/frozen-worlds/",
    "/search/?q=walrus",
    "/preferences/",
    "/no-such-page/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_breaks_no_policy_and_its_script_runs(watched, site, url):
    watched.goto(url)
    # warnings.js swaps the no-js class as its first act: the site's script ran.
    expect(watched.locator("html")).to_have_class("js")
    assert_no_violation(watched)


def test_article_scripts_work_under_the_policy(watched, site):
    watched.goto("/preferences/")
    watched.locator('fieldset[data-category="animal-death"]').get_by_label("Show without warning").check()
    watched.get_by_role("button", name="Save my preferences").click()
    expect(watched.get_by_role("status")).to_contain_text("Saved")
    watched.goto("/articles/walrus-haul-out/")
    # The reader's choice, applied by script: the discretion section opens by itself.
    expect(watched.get_by_text("A walrus falls from the cliff.")).to_be_visible()
    spoiler = watched.get_by_text("The ice shelf collapses.")
    expect(spoiler).to_be_hidden()
    watched.locator("details.spoiler > summary").click()
    expect(spoiler).to_be_visible()
    assert_no_violation(watched)


def sign_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    assert_no_violation(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_admin_pages_break_no_policy_and_their_scripts_run(watched, site, live_server):
    UserFactory(username="chief", is_superuser=True)
    sign_in(watched, "chief")
    assert_no_violation(watched)

    article = site["article"]
    watched.goto(f"/admin/articles/article/{article.pk}/change/")
    preview = watched.frame_locator(".live-preview-frame").locator(".article-body")  # with the site's stylesheet
    expect(preview).to_contain_text("The haul-out is crowded.")
    watched.locator("textarea[data-live-preview]").fill("A *new* opening about the walrus.")
    expect(preview.locator("em")).to_have_text("new")
    assert watched.locator("script[data-autosave-url]").count() == 1
    assert_no_violation(watched)

    for url in [
        f"/admin/articles/image/{site['image'].pk}/change/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        "/admin/two-factor/",
    ]:
        watched.goto(url)
        assert_no_violation(watched)


def test_the_policy_blocks_an_injected_inline_script_and_the_test_sees_it(watched, site):
    """The control for the tests above: an inline script is refused, and reported."""
    watched.goto("/articles/walrus-haul-out/")
    watched.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.__injectedRan = true;";
        document.body.appendChild(script);
    }"""
    )
    watched.wait_for_function("window.__cspViolations.length > 0")
    assert watched.evaluate("window.__injectedRan") is None
    assert "script-src" in watched.evaluate("window.__cspViolations")[0]
