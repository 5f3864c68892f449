"""The moderation story in a real Chromium: a reader reports an unmarked spoiler on the walrus
piece, a moderator accepts it from the queue in one step, the reader's next request shows the
warning, the author has an e-mail, and the moderation log says who did what and why."""


import pytest
from django.core import mail
from playwright.sync_api import expect

from articles.demo.content import WALRUS_SLUG
from articles.models import Article
from content_warnings.models import AuditEntry, Report
from tests.browser.demo_site import load_demo_site, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

READERS_WORDS = "The last section describes the clifftop falls, which is the ending of Frozen Worlds."


@pytest.fixture
def demo(settings):
    """The demo site, with the walrus piece's spoiler flag gone: an editor forgot it."""
    load_demo_site(settings, "moderator")
    walrus = Article.objects.get(slug=WALRUS_SLUG)
    walrus.warnings.filter(category__slug="spoilers").delete()
    return walrus


def test_a_readers_spoiler_report_is_accepted_and_the_next_request_shows_the_warning(browser, live_server, demo):
    reader_context = browser.new_context(base_url=live_server.url)
    reader = reader_context.new_page()
    reader.goto(f"/articles/{WALRUS_SLUG}/")
    expect(reader.locator(".warning-notice")).not_to_contain_text("Spoiler alert")

    # The reader reports it.
    reader.get_by_role("link", name="Report a missing or wrong warning", exact=True).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Report a missing or wrong warning")
    reader.get_by_label("Which warning").select_option(label="Spoilers")
    reader.get_by_label("For a spoiler: up to which episode").select_option(label="Our Planet S01E02: Frozen Worlds")
    reader.get_by_label("What is missing or wrong").fill(READERS_WORDS)
    reader.get_by_role("button", name="Send the report").click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text("your report is with our moderators")
    report = Report.objects.get(message=READERS_WORDS)

    # The moderator finds it at the top of the queue and accepts it in one step.
    moderator_context = browser.new_context(base_url=live_server.url)
    moderator = moderator_context.new_page()
    sign_in(moderator, "moderator")
    open_count = Report.objects.open().count()
    expect(moderator.locator(".moderation-queue-link")).to_contain_text(f"{open_count} open")
    moderator.locator(".moderation-queue-link a").click()
    first_row = moderator.locator("#result_list tbody tr").first
    expect(first_row).to_contain_text(READERS_WORDS)
    first_row.get_by_role("link", name="Spoilers", exact=False).click()
    expect(moderator.locator("#asked-heading")).to_have_text("What the reader asked for")
    moderator.get_by_role("button", name="Accept and flag").click()
    expect(moderator.locator(".messagelist")).to_contain_text(f"Report #{report.pk} accepted")

    # The reader's very next request shows the spoiler warning. (A reload always asks the
    # server; whether following a link does too is a matter of the pages' cache headers.)
    reader.goto(f"/articles/{WALRUS_SLUG}/")
    reader.reload()
    expect(reader.locator(".warning-notice")).to_contain_text("Spoiler alert")
    expect(reader.locator(".warning-notice")).to_contain_text("Frozen Worlds")

    # The author was told.
    to_author = [message for message in mail.outbox if "editor@example.org" in message.to]
    assert to_author and "Spoilers" in to_author[0].body

    # The moderation log says who did what and why.
    moderator.goto("/admin/warnings/auditentry/")
    log = moderator.locator("#result_list")
    expect(log).to_contain_text("Report accepted")
    expect(log).to_contain_text("Flag added")
    expect(log).to_contain_text("Demo Moderator")
    expect(log).to_contain_text(READERS_WORDS)
    assert set(AuditEntry.objects.values_list("actor_name", flat=True)) == {"Demo Moderator"}

    reader_context.close()
    moderator_context.close()
