"""Every response tells the browser what the page may do: a Content-Security-Policy with no
inline script, and the referrer, permissions and opener policies."""

import pytest

from .factories import ArticleFactory, EpisodeFactory, SeriesFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/articles/walrus-haul-out/",
    "/tags/walrus/",
    "/series/our-planet/",
    "/series/our-planet/frozen-worlds/",
    "/search/?q=walrus",
    "/preferences/",
    "/feeds/latest/",
    "/sitemap.xml",
    "/robots.txt",
    "/admin/login/",
    "/no-such-page/",
]


@pytest.fixture
def published_article():
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    episode = EpisodeFactory(series=series, title="Frozen Worlds", slug="frozen-worlds")
    return ArticleFactory(slug="walrus-haul-out", tags=["walrus"], episodes=[episode])


def _directives(response):
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_carries_the_policy_headers(client, published_article, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/", "/articles/walrus-haul-out/", "/tags/walrus/", "/preferences/"])
def test_public_pages_have_no_inline_script(client, published_article, url):
    html = client.get(url).content.decode()
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or 'type="application/ld+json"' in opening or (
            'type="application/json"' in opening
        ), f"inline script on {url}: <script{opening}>"
    assert " onclick=" not in html and " onload=" not in html


def test_style_attributes_are_allowed_in_the_admin_only(editor_client, published_article):
    public = _directives(editor_client.get("/"))
    admin = _directives(editor_client.get("/admin/"))
    assert "style-src-attr" not in public
    assert admin["style-src-attr"] == ["'unsafe-inline'"]
    assert "'unsafe-inline'" not in admin["script-src"]
