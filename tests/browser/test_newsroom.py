"""The newsroom as editors use it in a real Chromium: two people on one article, autosave
after a closed tab, restoring from History, scheduling, preview links, writing with the
toolbar alone, and spoilers caught while typing."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article
from content_warnings.models import Kind, WarningCategory
from tests.factories import ArticleFactory, EpisodeFactory, ImageFactory, SeriesFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
OUR_PLANET = ["One Planet", "Frozen Worlds", "Jungles", "Coastal Seas", "From Deserts to Grasslands"]
SPOILING_BODY = (
    "The walruses haul out on the beach.\n\n"
    "::: spoiler our-planet/frozen-worlds\n"
    "Hundreds of walruses tumble from the cliff.\n"
    ":::\n"
)


@pytest.fixture(autouse=True)
def categories():
    """The seeded categories (put back by serialized_rollback; made here if a flush lost them)."""
    for slug, label, kind in [("animal-death", "Animal death", Kind.DISCRETION), ("spoilers", "Spoilers", Kind.SPOILER)]:
        WarningCategory.objects.get_or_create(slug=slug, defaults={"name": label, "label": label, "kind": kind})


def staff(username, first_name):
    user = UserFactory(username=username, first_name=first_name, last_name="Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def our_planet():
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    return [
        EpisodeFactory(series=series, number=number, title=title, slug=title.lower().replace(" ", "-"))
        for number, title in enumerate(OUR_PLANET, start=1)
    ]


def open_as(browser, live_server, user, **options):
    """A browser context of its own (cookies, storage) with ``user`` logged in."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900}, **options)
    context.set_default_timeout(8_000)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(error))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(f"Welcome, {user.first_name}")).to_be_visible()
    return context, page


@pytest.fixture
def people(browser, live_server):
    contexts = []

    def person(user, **options):
        context, page = open_as(browser, live_server, user, **options)
        contexts.append((context, page))
        return page

    yield person
    for context, page in contexts:
        if not page.is_closed():
            # Leaving an edit page with changed text sends an autosave: let it land first.
            page.goto("about:blank")
            page.wait_for_timeout(500)
        context.close()
        assert not page.errors, f"JavaScript errors on the page: {page.errors}"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def save(page):
    page.locator("#article_form input[name=_continue]").first.click()
    page.wait_for_load_state()


def body(page):
    return page.locator("textarea[name=body]")


# Two people on one article.


def test_two_editors_save_the_same_article_and_the_second_is_refused_with_both_texts_intact(people):
    article = ArticleFactory(title="Walruses", body="The walruses haul out.")
    alice, bob = people(staff("alice", "Alice")), people(staff("bob", "Bob"))
    alice.goto(change_url(article))
    bob.goto(change_url(article))

    body(alice).fill("Alice's walruses climb the cliff.")
    body(bob).fill("Bob's walruses sleep on the sand.")
    save(alice)
    expect(alice.get_by_text("was changed successfully")).to_be_visible()
    save(bob)

    expect(bob.get_by_role("alert")).to_contain_text("Alice Editor saved this article")
    expect(bob.get_by_text("Someone else saved this article while you were editing it.")).to_be_visible()
    expect(body(bob)).to_have_value("Bob's walruses sleep on the sand.")
    expect(bob.locator(".newsroom-diff ins").first).to_contain_text("Alice's")
    assert Article.objects.get(pk=article.pk).body == "Alice's walruses climb the cliff."

    save(bob)  # after reading what Alice changed
    expect(bob.get_by_text("was changed successfully")).to_be_visible()
    assert Article.objects.get(pk=article.pk).body == "Bob's walruses sleep on the sand."


def test_presence_tells_viewing_from_editing(people):
    article = ArticleFactory(title="Walruses", body="The walruses haul out.")
    alice, bob = people(staff("alice", "Alice")), people(staff("bob", "Bob"))
    alice.goto(change_url(article))
    bob.goto(change_url(article))
    expect(bob.locator(".newsroom-presence")).to_contain_text("Alice Editor (viewing")

    body(alice).fill("Alice types something.")
    expect(alice.locator("[data-autosave-status]")).to_contain_text("kept in your autosave")
    bob.reload()

    expect(bob.locator(".newsroom-presence")).to_contain_text("Alice Editor (editing")


# Autosave, History, scheduling, preview links.


def test_autosave_brings_back_text_after_the_tab_was_closed(browser, live_server, people):
    editor = staff("alice", "Alice")
    article = ArticleFactory(title="Walruses", body="The walruses haul out.")
    context, page = open_as(browser, live_server, editor)
    page.goto(change_url(article))
    body(page).fill("Unsaved: the walruses climb at dawn.")
    page.close(run_before_unload=True)  # the tab is closed: the page sends its text as it goes
    context.close()

    again = people(editor)
    again.goto(change_url(article))
    expect(again.get_by_text("Unsaved text from")).to_be_visible()
    again.get_by_role("link", name="Put the unsaved text back in the form").click()

    expect(body(again)).to_have_value("Unsaved: the walruses climb at dawn.")
    save(again)
    assert Article.objects.get(pk=article.pk).body == "Unsaved: the walruses climb at dawn."


def test_restore_from_history_brings_the_old_text_back(people):
    page = people(staff("alice", "Alice"))
    article = ArticleFactory(title="Walruses", body="First text.")
    page.goto(change_url(article))
    body(page).fill("Second text.")
    save(page)
    body(page).fill("Third text.")
    save(page)

    page.goto(f"/admin/articles/article/{article.pk}/history/")
    page.get_by_role("button", name="Restore this revision").last.click()

    expect(page.get_by_text("The revision is restored")).to_be_visible()
    expect(body(page)).to_have_value("Second text.")
    assert Article.objects.get(pk=article.pk).body == "Second text."


def test_a_scheduled_article_appears_on_time(people, browser, live_server):
    page = people(staff("alice", "Alice"))
    article = ArticleFactory(slug="walruses-later", title="Walruses later", status=Article.Status.DRAFT, published_at=None)
    go_live = timezone.localtime() + timedelta(seconds=6)
    page.goto(change_url(article))
    page.locator("select[name=status]").select_option("published")
    page.locator("input[name=published_at_0]").fill(go_live.strftime("%Y-%m-%d"))
    page.locator("input[name=published_at_1]").fill(go_live.strftime("%H:%M:%S"))
    save(page)
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    reader = browser.new_context(base_url=live_server.url).new_page()
    assert reader.goto("/articles/walruses-later/").status == 404
    page.wait_for_timeout(max(0, (go_live - timezone.localtime()).total_seconds() * 1000 + 500))
    assert reader.goto("/articles/walruses-later/").status == 200
    expect(reader.get_by_role("heading", name="Walruses later")).to_be_visible()
    reader.context.close()


def test_a_preview_link_opens_the_draft_for_someone_without_an_account(people, browser, live_server):
    page = people(staff("alice", "Alice"))
    article = ArticleFactory(title="Draft walruses", body="The walruses are still a secret.", status=Article.Status.DRAFT, published_at=None)
    page.goto(change_url(article))
    link = page.get_by_role("textbox", name="Preview link").input_value()

    reviewer = browser.new_context().new_page()
    reviewer.goto(link)
    expect(reviewer.get_by_text("The walruses are still a secret.")).to_be_visible()
    expect(reviewer.get_by_role("heading", name="Draft walruses")).to_be_visible()
    reviewer.context.close()


# Writing with the toolbar alone.


def test_an_editor_writes_the_walrus_piece_with_the_toolbar_alone(people, our_planet):
    picture = ImageFactory(alt_text="A walrus resting on sea ice")
    for n in range(30):
        ImageFactory(alt_text=f"A penguin on a rock ({n})")
    page = people(staff("alice", "Alice"))
    page.goto("/admin/articles/article/add/")

    page.locator("input[name=title]").fill("The walruses of the cliff")
    text = body(page)
    text.click()
    page.keyboard.type("The walruses haul out on the beach.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")

    page.get_by_role("button", name="Insert spoiler block").click()
    page.get_by_label("Find a series or episode").fill("frozen")
    page.get_by_role("button", name="Our Planet S01E02 “Frozen Worlds”").click()
    page.keyboard.type("Hundreds of walruses fall from the cliff.")
    page.keyboard.press("End")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("End")

    page.get_by_role("button", name="Insert discretion section").click()
    page.get_by_role("button", name=re.compile("^Animal death")).click()
    page.keyboard.type("The bodies lie at the foot of the cliff.")
    page.evaluate("() => { const t = document.querySelector('textarea[name=body]'); t.setSelectionRange(t.value.length, t.value.length); }")

    page.get_by_role("button", name="Insert image").click()
    page.get_by_label("Find a picture").fill("walrus resting")
    page.get_by_role("button", name=re.compile("A walrus resting on sea ice")).click()

    expect(page.locator("iframe.live-preview-frame")).to_be_visible()
    preview = page.frame_locator("iframe.live-preview-frame")
    expect(preview.locator("details.spoiler summary")).to_contain_text("Frozen Worlds")
    expect(preview.locator("details.discretion summary").first).to_contain_text("Animal death")
    page.locator("#article_form input[name=_save]").first.click()

    expect(page.get_by_text("was added successfully")).to_be_visible()
    article = Article.objects.get()
    article.body = article.body.replace("\r\n", "\n")  # as the browser sends a textarea's lines
    assert article.slug == "the-walruses-of-the-cliff"
    assert "::: spoiler our-planet/frozen-worlds\nHundreds of walruses fall from the cliff.\n:::" in article.body
    assert "::: discretion animal-death\nThe bodies lie at the foot of the cliff.\n:::" in article.body
    assert f"![A walrus resting on sea ice](image:{picture.pk})" in article.body
    assert 'class="spoiler"' in article.body_html and 'class="discretion"' in article.body_html


def test_the_toolbar_formats_with_buttons_and_shortcuts_and_shows_its_cheat_sheet(people):
    page = people(staff("alice", "Alice"))
    page.goto("/admin/articles/article/add/")
    text = body(page)
    text.fill("walruses")
    text.select_text()

    page.keyboard.press("Control+b")
    expect(text).to_have_value("**walruses**")
    text.select_text()
    page.keyboard.press("Control+Shift+x")
    expect(text).to_have_value("||**walruses**||")
    text.fill("On the beach")
    text.select_text()
    page.get_by_role("button", name="Heading").click()
    expect(text).to_have_value("## On the beach")

    page.get_by_text("Keyboard shortcuts and markup").click()
    expect(page.get_by_text("Ctrl+Shift+S")).to_be_visible()


def test_the_picture_chooser_pages_through_the_library_and_uploads_in_place(people, tmp_path):
    for n in range(30):
        ImageFactory(alt_text=f"A penguin on a rock ({n})")
    page = people(staff("alice", "Alice"))
    page.goto("/admin/articles/article/add/")
    body(page).click()

    page.get_by_role("button", name="Insert image").click()
    dialog = page.get_by_role("dialog", name="Insert a picture")
    expect(dialog.get_by_text("Page 1 of 2")).to_be_visible()
    dialog.get_by_role("button", name="Next page").click()
    expect(dialog.get_by_text("Page 2 of 2")).to_be_visible()

    dialog.get_by_text("Upload a new picture").click()
    from tests.factories import image_bytes

    picture = tmp_path / "walrus.jpg"
    picture.write_bytes(image_bytes())
    dialog.get_by_label("Picture (JPEG").set_input_files(str(picture))
    dialog.get_by_label("Alt text: describe").fill("A walrus uploaded in place")
    dialog.get_by_role("button", name="Upload and insert").click()

    expect(body(page)).to_have_value(re.compile(r"!\[A walrus uploaded in place\]\(image:\d+\)"))


# Spoilers caught while typing.


def test_a_title_that_would_spoil_episode_2_is_flagged_while_typing_and_needs_the_confirmation(people, our_planet):
    article = ArticleFactory(title="Walruses", body=SPOILING_BODY, status=Article.Status.DRAFT, published_at=None,
                             episodes=[our_planet[1]])
    page = people(staff("alice", "Alice"))
    page.goto(change_url(article))

    page.locator("input[name=title]").fill("Walruses tumble")
    expect(page.locator(".spoiler-check")).to_contain_text("“tumble” otherwise appears only inside spoilers")
    expect(page.locator(".field-title .spoiler-check-field")).to_contain_text("tumble")

    page.locator("select[name=status]").select_option("published")
    save(page)
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.get_by_text(re.compile("This may give a spoiler away.*tumble"))).to_be_visible()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT

    page.get_by_label("I have checked: this is not a spoiler").check()
    save(page)
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    stored = Article.objects.get(pk=article.pk)
    assert (stored.status, stored.title) == (Article.Status.PUBLISHED, "Walruses tumble")
    assert "tumble" in Version.objects.get_for_object(stored).first().revision.get_comment()


def test_a_warning_note_naming_a_later_episode_is_flagged_while_typing(people, our_planet):
    article = ArticleFactory(title="Walruses", body=SPOILING_BODY, episodes=[our_planet[1]])
    page = people(staff("alice", "Alice"))
    page.goto(change_url(article))

    page.get_by_role("button", name="Add another Warning").click()
    page.locator("input[name$='-0-note']").fill("As in Coastal Seas")

    expect(page.locator(".spoiler-check")).to_contain_text("Coastal Seas")
    expect(page.locator(".spoiler-check")).to_contain_text("S01E04")


def test_the_warnings_inline_fits_a_1366_pixel_screen(people, our_planet):
    article = ArticleFactory(title="Walruses", body="The walruses haul out.")
    page = people(staff("alice", "Alice"))
    page.goto(change_url(article))
    page.get_by_role("button", name="Add another Warning").click()

    widths = page.evaluate("""() => {
        const inline = document.querySelector('.inline-group');
        return [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                inline.scrollWidth, inline.clientWidth];
    }""")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"
    assert widths[2] <= widths[3], f"the warnings inline scrolls sideways: {widths}"
