"""What the public pages say in their heads and guides: titles and social cards that name
the series and episode with spoiler-safe text only, an episode guide with each episode's
warnings (labels only), the site's icons, and no inline script anywhere (so a strict
Content-Security-Policy fits)."""

import re
from html.parser import HTMLParser

import pytest

from .factories import ArticleFactory, ContentWarningFactory, EpisodeFactory, SeriesFactory, category

pytestmark = pytest.mark.django_db

SPOILER = "Zanzibarite"  # a word that appears only inside spoilers


class _Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.meta, self.links, self.scripts, self.handlers = "", {}, [], [], []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        if tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parsed(response):
    assert response.status_code == 200
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def frozen_worlds():
    series = SeriesFactory(title="Our Planet", slug="our-planet")
    episode = EpisodeFactory(series=series, season=1, number=2, title="Frozen Worlds", slug="frozen-worlds")
    EpisodeFactory(series=series, season=1, number=3, title="Jungles", slug="jungles")
    return episode


@pytest.fixture
def spoiling_article(frozen_worlds):
    article = ArticleFactory(
        title=f"The cliff ||{SPOILER}||",
        slug="the-cliff",
        standfirst=f"The colony returns. ||{SPOILER} survives.||",
        body=f"The colony.\n\n::: spoiler our-planet/frozen-worlds\n{SPOILER} falls.\n:::\n",
        episodes=[frozen_worlds],
    )
    ContentWarningFactory(content_object=article, severity="severe")
    return article


def test_article_title_and_social_cards_name_the_series_and_episode_without_spoilers(client, spoiling_article):
    head = parsed(client.get(spoiling_article.get_absolute_url()))

    named = "Our Planet S01E02 “Frozen Worlds”"
    assert head.title.startswith("The cliff · " + named)
    assert head.meta["og:title"] == head.meta["twitter:title"] == f"The cliff · {named}"
    assert head.meta["og:description"] == spoiling_article.spoiler_safe.description
    assert SPOILER not in head.title + "".join(head.meta.values())


def test_series_page_is_a_guide_with_each_episode_warnings_and_no_spoiler_text(client, spoiling_article):
    page = client.get("/series/our-planet/").content.decode()

    guide = page[page.index('id="episodes-heading"') : page.index('id="articles-heading"')]
    frozen, jungles = guide.split("S01E03")
    assert "Animal death" in frozen and "Jungles" in jungles and "No warnings" in jungles
    assert SPOILER not in guide and "A walrus falls." not in guide
    head = parsed(client.get("/series/our-planet/"))
    assert head.meta["og:title"] == "Our Planet"


def test_guide_leaves_out_warnings_of_articles_not_public(client, frozen_worlds):
    draft = ArticleFactory(status="draft", episodes=[frozen_worlds])
    ContentWarningFactory(content_object=draft, category=category("animal-death"))

    guide = client.get("/series/our-planet/").content.decode()

    assert "Animal death" not in guide


def test_episode_page_title_names_its_series(client, frozen_worlds):
    ArticleFactory(episodes=[frozen_worlds])  # an episode has a page while a published article covers it
    head = parsed(client.get(frozen_worlds.get_absolute_url()))

    assert head.title.startswith("Our Planet S01E02 “Frozen Worlds”")
    assert head.meta["og:title"] == "Our Planet S01E02 “Frozen Worlds”"


PUBLIC_PAGES = ["/", "/articles/the-cliff/", "/series/our-planet/", "/series/our-planet/frozen-worlds/",
                "/search/?q=colony", "/preferences/", "/tags/walrus/"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_runs_no_inline_script_and_carries_the_icons(client, spoiling_article, url):
    spoiling_article.tags.add("walrus")
    head = parsed(client.get(url))

    assert all(script.get("src") or script.get("type") in {"application/ld+json", "application/json"}
               for script in head.scripts)
    assert head.handlers == []
    icons = {link["rel"]: link["href"] for link in head.links if "icon" in link["rel"]}
    assert set(icons) == {"icon", "apple-touch-icon"}
    assert re.search(r"/static/site/apple-touch-icon(\.\w+)?\.png$", icons["apple-touch-icon"])
    deferred = [script for script in head.scripts if script.get("src") and "defer" not in script]
    assert {re.sub(r"\.\w+\.js$", ".js", script["src"]) for script in deferred} <= {
        "/static/site/theme.js", "/static/warnings/early.js"
    }


def test_episode_page_leads_to_the_episodes_before_and_after(client, frozen_worlds):
    first = EpisodeFactory(series=frozen_worlds.series, season=1, number=1, title="One Planet", slug="one-planet")
    for episode in frozen_worlds.series.episodes.all():
        ArticleFactory(episodes=[episode])  # each has a page, so each may be linked

    middle = client.get(frozen_worlds.get_absolute_url()).content.decode()
    start = client.get(first.get_absolute_url()).content.decode()

    assert 'href="/series/our-planet/one-planet/" rel="prev"' in middle
    assert 'href="/series/our-planet/jungles/" rel="next"' in middle
    assert 'rel="prev"' not in start and 'href="/series/our-planet/frozen-worlds/" rel="next"' in start
