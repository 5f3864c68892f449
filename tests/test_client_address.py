"""Behind a load balancer every request comes from its address: with TRUSTED_PROXY_COUNT set,
the login lockout and the readers' report limit still count each person, and nobody can
dodge them by writing X-Forwarded-For themselves."""

import pytest
from django.test import Client, RequestFactory

from content_warnings.models import Report
from ourplanet.client_address import client_address

from .factories import ArticleFactory, UserFactory, category
from .rendered_forms import open_page
from .test_accounts import PASSWORD, sign_in, signed_in

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def _address(count, forwarded=None, settings=None):
    settings.TRUSTED_PROXY_COUNT = count
    meta = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # reached directly: the header is anyone's to write
        (1, None, PROXY),  # did not come through the proxy
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own entry is ignored
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", PROXY),  # fewer hops than proxies
        (1, "not-an-address", PROXY),
        (1, "203.0.113.7, ", "203.0.113.7"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_counted_from_the_right_of_the_header(settings, count, forwarded, expected):
    assert _address(count, forwarded, settings) == expected


def _behind_proxy(address, **extra):
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address, **extra)


def _filled_report_form(client, article):
    """The report form as the page renders it, filled in as a reader would (the form can be
    sent again and again, as a flood would)."""
    form = open_page(client, f"/report/article/{article.pk}/").form(containing="message")
    form.update(category=category("animal-death").pk, message="Again.")
    return form


def test_behind_a_proxy_a_flood_of_reports_stops_one_reader_not_the_others(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.WARNINGS_REPORTS_PER_CLIENT = 3
    article = ArticleFactory()
    flooding = _filled_report_form(_behind_proxy("203.0.113.9"), article)

    answers = [flooding.submit().status_code for _ in range(4)]
    forged = _filled_report_form(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9"), article)
    other = _filled_report_form(_behind_proxy("198.51.100.20"), article)

    assert answers[:3] == [302, 302, 302] and answers[3] == 429
    assert forged.submit().status_code == 429  # writing another address in front changes nothing
    assert other.submit().status_code == 302
    assert Report.objects.count() == 4


def test_reached_directly_a_forged_header_does_not_escape_the_report_limit(settings):
    settings.WARNINGS_REPORTS_PER_CLIENT = 2
    article = ArticleFactory()

    answers = [
        _filled_report_form(Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"), article)
        .submit()
        .status_code
        for n in range(3)
    ]

    assert answers == [302, 302, 429]


def test_behind_a_proxy_a_lockout_stops_the_guesser_not_the_editor_elsewhere(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 10
    UserFactory(username="editor")
    guesser, editor = _behind_proxy("203.0.113.66"), _behind_proxy("198.51.100.7")

    for _attempt in range(10):
        sign_in(guesser, "editor", "wrong password", address=PROXY)

    assert sign_in(guesser, "editor", PASSWORD, address=PROXY).status_code == 429
    assert signed_in(sign_in(editor, "editor", PASSWORD, address=PROXY))
