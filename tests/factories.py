"""Factories for the suite (factory_boy)."""

import io
import struct
import zlib

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Episode, Image, Series
from content_warnings.models import ContentWarning, WarningCategory


def image_bytes(fmt="JPEG", size=(640, 480), color=(30, 90, 60), **save_kwargs):
    buffer = io.BytesIO()
    mode = "RGBA" if fmt in ("PNG", "WEBP") else "RGB"
    if fmt == "GIF":
        mode = "P"
    picture = PILImage.new(mode if mode != "P" else "RGB", size, color)
    if mode == "P":
        picture = picture.convert("P")
    picture.save(buffer, format=fmt, **save_kwargs)
    return buffer.getvalue()


def uploaded_image(name="photo.jpg", fmt="JPEG", **kwargs):
    content_types = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
    return SimpleUploadedFile(name, image_bytes(fmt, **kwargs), content_type=content_types[fmt])


def png_claiming(width, height):
    """A 1-bit PNG whose header claims ``width`` × ``height``: a few KB on disk, 400 MP decoded."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")


def staff_member(group_name, username, **fields):
    """A staff user in one of the groups the migrations create (Editors, Moderators)."""
    user = UserFactory(username=username, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ["slug"]

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.Sequence(lambda n: f"series-{n}")
    platform = "Netflix"
    first_year = 2019


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    series = factory.SubFactory(SeriesFactory)
    season = 1
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Episode {n}")
    slug = factory.Sequence(lambda n: f"episode-{n}")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(uploaded_image)
    alt_text = "A walrus resting on sea ice"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    standfirst = "A standfirst."
    body = "Some *Markdown* body."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def episodes(self, create, extracted, **kwargs):
        if create and extracted:
            self.episodes.add(*extracted)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.add(*extracted)


def category(slug):
    return WarningCategory.objects.get(slug=slug)


class ContentWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentWarning

    category = factory.LazyFunction(lambda: category("animal-death"))
    content_object = factory.SubFactory(ArticleFactory)
    note = "A walrus falls."
