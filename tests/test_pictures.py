"""Picture markup has one source (articles.pictures): a body, a hero and a card show the
same markup for the same image, and all of it passes the sanitiser unchanged."""

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from articles import pictures
from articles.models import Image
from articles.rendering import ImageInfo, render_body, sanitise
from articles.resolver import body_resolver

from .factories import ArticleFactory, ContentWarningFactory, ImageFactory, category, uploaded_image

pytestmark = pytest.mark.django_db

TRICKY = ImageInfo(
    id=9,
    alt='Say "cheese" <b>&</b> \'now\'',
    width=1600,
    height=900,
    src="/media/renditions/a&b-960w.jpg",
    srcset="/media/renditions/a&b-480w.jpg 480w, /media/renditions/a&b-960w.jpg 960w",
    webp_srcset="/media/renditions/a&b-480w.webp 480w",
    blurred_src="/media/renditions/a&b-blurred.jpg",
    caption="<script>alert(1)</script> & more",
    credit='Jane "JD" Doe',
)
GRAPHIC = ImageInfo(**{**TRICKY.__dict__, "graphic_labels": ("Animal death",), "graphic_slugs": ("animal-death",)})


class _Tree(HTMLParser):
    """Tags, attributes (unescaped, in order) and text: what a browser would build."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []

    def handle_starttag(self, tag, attrs):
        self.items.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.items.append(("end", tag))

    def handle_data(self, data):
        self.items.append(("text", data))


def tree(html):
    parser = _Tree()
    parser.feed(html)
    parser.close()
    return parser.items


VARIANTS = {
    "picture": lambda image: pictures.picture_html(image),
    "picture, eager": lambda image: pictures.picture_html(image, eager=True),
    "picture, deferred": lambda image: pictures.picture_html(image, deferred=True),
    "picture, card sizes": lambda image: pictures.picture_html(image, sizes="(min-width: 60rem) 20rem, 100vw"),
    "figure": lambda image: pictures.figure_html(image),
    "figure, hero": lambda image: pictures.figure_html(image, eager=True, css_class="hero-image"),
    "figure, graphic": lambda image: pictures.figure_html(GRAPHIC),
    "figure, in a section": lambda image: pictures.figure_html(image, sections=[("Blood", "blood")]),
    "blurred, lazy": lambda image: pictures.blurred_html(image, lazy=True),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_picture_markup_passes_the_sanitiser_unchanged(variant):
    """Sanitising stays last, and takes nothing away from a picture: the allow-list and
    the markup agree (data- addresses, fetchpriority, sizes, classes). All it adds is the
    rel of the no-JavaScript link."""
    html = VARIANTS[variant](TRICKY)

    link_rel = ("rel", "noopener noreferrer nofollow")
    sanitised = [
        (*item[:2], tuple(a for a in item[2] if a != link_rel)) if item[:2] == ("start", "a") else item
        for item in tree(sanitise(html))
    ]
    assert sanitised == tree(html)


def test_picture_markup_escapes_every_value():
    html = pictures.figure_html(GRAPHIC)

    assert "<script>" not in html and "<b>" not in html
    assert ("start", "img", (
        ("data-src", TRICKY.src),
        ("data-srcset", TRICKY.srcset),
        ("sizes", pictures.IMAGE_SIZES),
        ("width", "1600"),
        ("height", "900"),
        ("alt", TRICKY.alt),
        ("loading", "lazy"),
        ("decoding", "async"),
    )) in tree(html)


def test_eager_picture_is_fetched_first_instead_of_lazily():
    img = next(item for item in tree(pictures.picture_html(TRICKY, eager=True)) if item[1] == "img")
    attributes = dict(img[2])

    assert attributes["fetchpriority"] == "high"
    assert "loading" not in attributes


# The same image through a body and through the page templates


def render_tag(source, **context):
    return Template("{% load article_tags %}" + source).render(Context(context))


@pytest.fixture
def photo():
    return ImageFactory(alt_text='A walrus "resting" <on> ice & snow', caption="On the ice", credit="Jane Doe")


@pytest.fixture
def graphic_photo():
    image = ImageFactory(alt_text="A walrus lying dead", caption="Below the cliff", credit="Jane Doe")
    ContentWarningFactory(content_object=image)
    return image


def fetched(image):
    """The image as a page gets it: with its flags prefetched, as article queries do."""
    return Image.objects.prefetch_related("warnings__category").get(pk=image.pk)


@pytest.mark.parametrize("image_fixture", ["photo", "graphic_photo"])
def test_figure_tag_and_a_body_show_the_same_markup(request, image_fixture):
    image = request.getfixturevalue(image_fixture)

    body_html = render_body(f"![](image:{image.pk})", body_resolver()).html.strip()

    assert render_tag("{% figure image %}", image=fetched(image)) == body_html


def test_picture_tag_and_an_inline_body_picture_show_the_same_markup(photo):
    body_html = render_body(f"See ![](image:{photo.pk}) here.", body_resolver()).html

    assert render_tag("{% picture image %}", image=fetched(photo)) in body_html


def hero_of(page):
    return re.search(r'<div class="hero">(.*?)</div>\s*<div class="article-body">', page, re.DOTALL).group(1)


@pytest.mark.parametrize("image_fixture", ["photo", "graphic_photo"])
def test_hero_is_the_body_figure_fetched_first(client, request, image_fixture):
    """The hero differs from the same picture in a body only where it must: it is at the
    top of the page, so it is fetched first rather than lazily, and it has its own class."""
    image = request.getfixturevalue(image_fixture)
    article = ArticleFactory(body=f"![](image:{image.pk})", hero_image=image)

    hero = hero_of(client.get(article.get_absolute_url()).content.decode())

    assert hero.count('fetchpriority="high"') == 1 and "loading=" not in hero
    as_in_body = hero.replace('fetchpriority="high"', 'loading="lazy"').replace("hero-image", "body-image")
    assert as_in_body == article.body_html.strip()


def test_graphic_hero_keeps_its_caption_behind_the_reveal(client, graphic_photo):
    article = ArticleFactory(body="The colony.", hero_image=graphic_photo)

    hero = hero_of(client.get(article.get_absolute_url()).content.decode())

    assert hero.index("</summary>") < hero.index("Below the cliff")
    assert hero.startswith('<details class="discretion graphic-image"')


def test_card_shows_the_same_picture_with_card_sizes(client, photo):
    ArticleFactory(hero_image=photo)
    card_sizes = "(min-width: 60rem) 20rem, (min-width: 40rem) 45vw, 100vw"

    page = client.get("/").content.decode()

    expected = sanitise(pictures.picture_html(fetched(photo).render_info(), sizes=card_sizes))
    assert expected in page


def test_graphic_card_shows_only_the_lazy_blurred_copy(client, graphic_photo):
    ArticleFactory(hero_image=graphic_photo)

    page = client.get("/").content.decode()

    assert f'<img class="blurred" src="{graphic_photo.blurred_url}" ' in page
    assert 'alt="" loading="lazy">' in page
    assert graphic_photo.fallback_url not in page
    assert "Graphic image hidden" in page


def test_graphic_picture_without_a_blurred_copy_writes_no_empty_image(client, graphic_photo):
    """The templates used to write <img src=""> for a graphic picture with no blurred copy."""
    renditions = [r for r in graphic_photo.renditions if r["kind"] != "blurred"]
    Image.objects.filter(pk=graphic_photo.pk).update(renditions=renditions)
    article = ArticleFactory(body="The colony.", hero_image=graphic_photo)

    for url in ["/", article.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert 'src=""' not in page, url
        assert "img class=\"blurred\"" not in page, url
    assert "Graphic image hidden" in client.get("/").content.decode()


def test_graphic_hero_names_every_category_it_is_flagged_with(client):
    image = ImageFactory()
    ContentWarningFactory(content_object=image, category=category("animal-death"))
    ContentWarningFactory(content_object=image, category=category("blood-gore"))
    article = ArticleFactory(body="The colony.", hero_image=image)

    hero = hero_of(client.get(article.get_absolute_url()).content.decode())

    assert 'data-category="animal-death blood-gore"' in hero
    assert "Graphic image</span>: Animal death, Blood and gore." in hero


def test_link_for_readers_without_javascript_opens_the_largest_rendition_at_the_size_it_states():
    """It used to name the original's size and serve the 960-pixel rendition."""
    image = ImageInfo(**{**GRAPHIC.__dict__, "full_src": "/media/renditions/a&b-1600w.jpg",
                         "full_width": 1600, "full_height": 900})

    link = [item for item in tree(pictures.figure_html(image)) if item[:2] == ("start", "a")]

    assert link == [("start", "a", (("href", "/media/renditions/a&b-1600w.jpg"),))]
    assert "Open the picture (1600 × 900)" in pictures.figure_html(image)


@pytest.mark.site_renditions
def test_graphic_library_picture_links_its_widest_rendition_never_the_original(settings):
    settings.IMAGE_RENDITION_WIDTHS = (480, 960, 1600)
    image = ImageFactory(file=uploaded_image("cliff.jpg", size=(3000, 2000)), alt_text="A walrus lying dead")
    ContentWarningFactory(content_object=image)

    html = render_tag("{% figure image %}", image=fetched(image))

    link = html.split("full-picture-link")[1]
    widest = max((r for r in image.renditions if r["kind"] == "fallback"), key=lambda r: r["width"])
    assert widest["width"] == 1600
    assert "-1600w.jpg" in link and "Open the picture (1600 × 1067)" in link
    assert image.file.name not in html
