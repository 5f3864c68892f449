"""Benchmark ourplanet's public pages, in-process and over HTTP, on a throw-away database.

Run from the project root:

    DEBUG=1 .venv/bin/python bench/pages.py [--articles N] [--requests K]
    DEBUG=1 .venv/bin/python bench/pages.py --database-url postgres://postgres@127.0.0.1:5432/ourplanet_bench

It never touches the developer's db.sqlite3 or media/: the database is a SQLite file in a
temporary folder (or a PostgreSQL database this script creates and drops), and uploads go to
a temporary MEDIA_ROOT. It fills the database with N published articles, then measures every
public page twice: with Django's test client in this process (latency and SQL queries per
request), and over HTTP against gunicorn driven by a bounded pool of client threads.
Results are printed as Markdown tables; docs/performance.md records them.
"""

import argparse
import contextlib
import datetime
import http.client
import importlib
import io
import os
import platform
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SERIES_COUNT = 4
EPISODES_PER_SERIES = 8
IMAGE_COUNT = 6
AUTHOR_COUNT = 3
TAGS = [
    "walrus", "penguins", "coral reefs", "sharks", "whales", "forests", "jungles", "deserts",
    "grasslands", "rivers", "oceans", "arctic", "antarctica", "birds", "insects", "climate",
    "filmmaking", "conservation", "migration", "predators", "elephants", "big cats", "wolves",
    "bears", "seals", "dolphins", "turtles", "frogs", "bats", "monkeys", "orangutans",
    "mangroves", "kelp", "ice", "tides", "volcanoes", "islands", "mountains", "night shoots",
    "guides",
]


# --- Command line and environment -------------------------------------------------------


def parse_args():
    """The command line; the defaults are the figures docs/performance.md records."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="published articles (default 1000)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per page first (default 20)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL URL whose database this script creates and drops "
        "(e.g. postgres://postgres@127.0.0.1:5432/ourplanet_bench); default: a temporary SQLite file",
    )
    parser.add_argument("--gunicorn-workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--port", type=int, help="the loopback port gunicorn listens on (default: a free one)")
    parser.add_argument("--concurrency", type=int, default=8, help="HTTP client threads (default 8)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before an HTTP request fails")
    parser.add_argument(
        "--live", action="store_true",
        help="leave the articles' stored renderings empty: every page renders cards and articles from the "
        "tables (as before render_bodies after a deploy)",
    )
    parser.add_argument("--no-http", action="store_true", help="measure in-process only, skip gunicorn")
    parser.add_argument(
        "--skip", nargs="*", default=[], metavar="PAGE",
        help="pages not to measure, by name (e.g. 'sitemap index' for a code whose sitemap takes seconds)",
    )
    parser.add_argument(
        "--profile", nargs="*", metavar="PAGE",
        help="also profile pages rendered cold (cProfile) and print where the time goes: "
        "the article page, or the pages named (home, tag, series, episode, search, …)",
    )
    parser.add_argument(
        "--explain", action="store_true",
        help="on PostgreSQL, first print the plans of the slowest queries each page runs (EXPLAIN ANALYZE)",
    )
    parser.add_argument("--seed", type=int, default=2019, help="seed for the generated content")
    args = parser.parse_args()
    if args.articles < 1 or args.requests < 2 or args.warmup < 0 or args.concurrency < 1:
        parser.error("--articles must be at least 1, --requests at least 2, --concurrency at least 1")
    if args.database_url and not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url takes a PostgreSQL URL; without it a temporary SQLite file is used")
    if args.explain and not args.database_url:
        parser.error("--explain needs --database-url (PostgreSQL)")
    return args


def configure_environment(workdir, database_url):
    """Point Django at the temporary database and folders; must run before django.setup()."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "ourplanet.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["STATIC_ROOT"] = str(workdir / "static")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    # One throw-away key for the benchmark and its gunicorn workers alike.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def setup_django(workdir, database_name):
    """Start Django, then refuse to go on unless the database and media are the temporary ones."""
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.urls"  # the site plus the bare view
    if str(settings.DATABASES["default"]["NAME"]) != database_name:
        sys.exit(f"Refusing to run: the database is {settings.DATABASES['default']['NAME']}, not {database_name}.")
    if Path(settings.MEDIA_ROOT) != workdir / "media":
        sys.exit(f"Refusing to run: MEDIA_ROOT is {settings.MEDIA_ROOT}, not the temporary folder.")


def postgres_server(database_url):
    """Connection settings for the server's maintenance database, and the name to create."""
    import dj_database_url

    params = dj_database_url.parse(database_url)
    server = {
        "dbname": "postgres",
        "user": params.get("USER") or None,
        "password": params.get("PASSWORD") or None,
        "host": params.get("HOST") or None,
        "port": params.get("PORT") or None,
    }
    return server, params["NAME"]


def create_postgres_database(database_url):
    """Create the benchmark database; refuse to reuse one that exists (it may hold real data)."""
    import psycopg
    from psycopg import sql

    server, name = postgres_server(database_url)
    if not name:
        sys.exit("The --database-url needs a database name, e.g. …:5432/ourplanet_bench.")
    with psycopg.connect(**server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            sys.exit(
                f"Refusing to run: the database {name!r} already exists. Give another name, or drop it "
                f"(dropdb {name}) if an earlier benchmark left it behind."
            )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_postgres_database(database_url):
    """Drop the benchmark database, closing Django's connections to it first."""
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    server, name = postgres_server(database_url)
    with psycopg.connect(**server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- Content ------------------------------------------------------------------------------


def insert_rows(model, objects, batch_size=2000):
    """Insert many rows fast: COPY on PostgreSQL, bulk_create elsewhere. Objects need their pk
    set when other rows will point at them (COPY returns nothing); sequences are moved past
    the highest pk afterwards, as loaddata does."""
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor != "postgresql":
        return model.objects.bulk_create(objects, batch_size=batch_size)
    fields = [field for field in model._meta.concrete_fields if not (field.primary_key and objects and objects[0].pk is None)]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields])
        for statement in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(statement)
    return objects


def picture_bytes(n):
    """A small JPEG (1000 × 640) that differs for each n, so each upload has its own renditions."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (1000, 640), (20 + 30 * n % 200, 80, 120))
    draw = ImageDraw.Draw(picture)
    for ring in range(6):
        inset = 40 * ring
        draw.ellipse((100 + inset, 60 + inset, 900 - inset, 580 - inset), outline=(240, 240 - 25 * ring, 200), width=6)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def body_variants(image, graphic_image, series, episode):
    """Four Markdown bodies that together use every addition the renderer knows."""
    prose = (
        "The crew spent weeks on this stretch of coast before the weather allowed a single "
        "day of filming, and the result is one of the calmest passages of the series. The "
        "narration is sparse, the music holds back, and the camera stays wide for long "
        "enough that you start to notice the small movements at the edge of the frame.\n\n"
        "What makes the sequence work is patience: nothing is hurried, and the editing "
        "trusts the audience to keep looking. Behind it sit years of research on where the "
        "animals gather, when, and why a warming sea is changing both.\n\n"
    )
    walrus = "A walrus hauls out on the shingle, and then another, until the beach is full.\n\n"
    return [
        f"## On location\n\n{prose}{walrus}{prose}- patience\n- light\n- *luck*\n",
        f"{prose}![A walrus resting on sea ice](image:{image.pk})\n\n{walrus}{prose}",
        (
            f"{prose}::: spoiler {series.slug}/{episode.slug}\nThe last scene of the episode "
            f"shows the herd leaving the beach.\n:::\n\nThe ending is ||bittersweet||.\n\n{prose}"
        ),
        (
            f"{walrus}{prose}::: discretion animal-death\nSome walruses fall from the cliff.\n\n"
            f"![Walruses at the foot of a cliff](image:{graphic_image.pk})\n:::\n\n{prose}"
        ),
    ]


def rendered_variants(bodies):
    """Render each body once with the model's own renderer and its database lookups."""
    from articles.models import Article

    variants = []
    for body in bodies:
        draft = Article(body=body)
        draft.render_body(strict=True)
        variants.append((body, draft.body_html, draft.body_text))
    return variants


def make_images(uploader, graphic_category):
    """Upload a few pictures through the Image model (renditions included); flag the first."""
    from django.core.files.base import ContentFile

    from articles.models import Image
    from content_warnings.models import ContentWarning, Source

    images = []
    for n in range(IMAGE_COUNT):
        image = Image(
            file=ContentFile(picture_bytes(n), name=f"bench-{n}.jpg"),
            alt_text=f"Benchmark picture {n}: a walrus resting on sea ice",
            caption="Made for the benchmark.",
            credit="bench/pages.py",
            uploaded_by=uploader,
        )
        image.save()
        images.append(image)
    ContentWarning.objects.create(
        content_object=images[0], category=graphic_category, severity="severe",
        note="Walruses lie dead at the foot of a cliff.", source=Source.EDITOR, added_by=uploader,
    )
    return images


def populate(count, rng, *, store_renderings=True):
    """Fill the database: N published articles (plus drafts and one scheduled) with everything.

    Articles go in with bulk_create, not Article.save() in a loop: save() renders each body
    (Markdown, sanitiser, up to three lookups), which would dominate the set-up time. Instead
    four bodies are rendered once with the model's renderer and their HTML and text reused,
    and search_text is computed as save() computes it. Tags, episodes, authors and flags are
    bulk-inserted into their tables. Each article's stored renderings (cards, page parts:
    articles/fragments.py) are then rendered as saving it would, unless ``store_renderings``
    is false (pages then render live, as before a deploy's ``render_bodies``). Returns the
    pages to measure as (name, URL) pairs.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.postgres.search import SearchVector
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from articles.models import Article, Episode, Series
    from content_warnings.models import ContentWarning, Kind, Severity, Source, WarningCategory

    GuideEntry = getattr(importlib.import_module("articles.models"), "GuideEntry", None)  # None in older code
    User = get_user_model()
    discretion = list(WarningCategory.objects.active().filter(kind=Kind.DISCRETION))
    spoilers = WarningCategory.objects.get(slug="spoilers")
    severities = ["", Severity.MILD, Severity.MODERATE, Severity.SEVERE]

    with transaction.atomic():
        authors = User.objects.bulk_create(
            User(
                username=f"bench-author-{n}", first_name="Bench", last_name=f"Author {n}",
                email=f"bench-author-{n}@example.org", is_staff=True, password=make_password(None),
            )
            for n in range(AUTHOR_COUNT)
        )
        images = make_images(authors[0], WarningCategory.objects.get(slug="animal-death"))
        all_series = Series.objects.bulk_create(
            Series(
                title=f"Bench Planet {n + 1}", slug=f"bench-planet-{n + 1}", platform="Netflix",
                first_year=2019 + n, presenter="A narrator", description="A series made for the benchmark.",
                poster=images[1 + n % (IMAGE_COUNT - 1)],
            )
            for n in range(SERIES_COUNT)
        )
        episodes = Episode.objects.bulk_create(
            Episode(
                series=series, season=1, number=number, title=f"Habitat {number}",
                slug=f"habitat-{number}", logline="A habitat, episode by episode.",
            )
            for series in all_series
            for number in range(1, EPISODES_PER_SERIES + 1)
        )
        by_series = {series.pk: [e for e in episodes if e.series_id == series.pk] for series in all_series}
        tags = Tag.objects.bulk_create(Tag(name=name, slug=name.replace(" ", "-")) for name in TAGS)
        variants = rendered_variants(
            body_variants(images[2], images[0], all_series[0], by_series[all_series[0].pk][-1])
        )

        now = timezone.now()
        drafts = max(1, count // 10)
        articles = []
        first_pk = (Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for n in range(count + drafts + 1):
            body, body_html, body_text = variants[n % len(variants)]
            article = Article(
                pk=first_pk + n,
                created_at=now,
                updated_at=now,
                title=f"Notes on habitat {n % EPISODES_PER_SERIES + 1}, part {n}",
                slug=f"bench-{n:05d}",
                standfirst=f"What episode {n % EPISODES_PER_SERIES + 1} shows, and how it was filmed ({n}).",
                safe_title=f"Behind the scenes, part {n}" if n % 7 == 0 else "",
                body=body, body_html=body_html, body_text=body_text,
                hero_image=images[n % IMAGE_COUNT] if n % 5 < 3 else None,
                status=Article.Status.PUBLISHED,
                published_at=now - datetime.timedelta(hours=n + 1),
            )
            if n >= count:
                article.status, article.published_at = Article.Status.DRAFT, None
            if n == count + drafts:
                # One scheduled article, so the cache header has a next publication to respect.
                article.status, article.published_at = Article.Status.PUBLISHED, now + datetime.timedelta(days=1)
            safe = article.spoiler_safe  # as Article.save() does
            article.search_text = f"{safe.headline}\n{safe.description}\n{article.body_text}"
            articles.append(article)
        articles = insert_rows(Article, articles, batch_size=500)
        if connection.vendor == "postgresql":
            # As search_index.update_vector() does on each save.
            Article.objects.update(search_vector=SearchVector("search_text", config="english"))

        article_type = ContentType.objects.get_for_model(Article)
        episode_links, author_links, tag_links, flags = [], [], [], []
        series_weights = [2 ** (SERIES_COUNT - n) for n in range(SERIES_COUNT)]
        tag_weights = [1 / (rank + 1) for rank in range(len(tags))]
        for n, article in enumerate(articles):
            series = rng.choices(all_series, weights=series_weights)[0]
            first = rng.randrange(EPISODES_PER_SERIES)
            covered = by_series[series.pk][first : first + rng.randint(1, 3)]
            episode_links += [Article.episodes.through(article=article, episode=e) for e in covered]
            author_links += [
                Article.authors.through(article=article, user=user)
                for user in rng.sample(authors, rng.randint(1, 2))
            ]
            chosen = {rng.choices(tags, weights=tag_weights)[0], *rng.sample(tags, 2)}
            tag_links += [TaggedItem(content_type=article_type, object_id=article.pk, tag=tag) for tag in chosen]
            if n % 3 == 0:
                flags.append(ContentWarning(
                    category=discretion[n % len(discretion)], severity=severities[n % len(severities)],
                    content_type=article_type, object_id=article.pk, note="A hard scene.",
                    source=Source.EDITOR, added_by=authors[0],
                ))
            if n % 4 == 2:
                flags.append(ContentWarning(
                    category=spoilers, content_type=article_type, object_id=article.pk,
                    spoils_series=series, spoils_episode=covered[-1], source=Source.EDITOR, added_by=authors[0],
                ))
        insert_rows(Article.episodes.through, episode_links)
        insert_rows(Article.authors.through, author_links)
        insert_rows(TaggedItem, tag_links)
        insert_rows(ContentWarning, flags)
        if GuideEntry is not None:
            GuideEntry.objects.rebuild()  # as the signals of those rows would have written them

    if store_renderings:
        store_all_renderings()
    if connection.vendor == "postgresql":
        # Autovacuum would gather planner statistics within a minute or so; without them the
        # planner takes the freshly loaded tables for empty and picks nested loops. VACUUM
        # also marks the pages all-visible, which index-only scans (counts) rely on.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return pages_to_measure(count)


def store_all_renderings(workers=2):
    """Render every article's stored renderings, in ``workers`` processes on PostgreSQL (a few
    milliseconds an article: minutes at 100,000)."""
    from django.db import connection, connections

    from articles import fragments
    from articles.models import Article

    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    if connection.vendor != "postgresql" or workers < 2:
        fragments.refresh(ids)
        return
    connections.close_all()  # each process opens its own
    children = []
    for worker in range(workers):
        pid = os.fork()
        if pid == 0:  # the child renders its share, then leaves without cleaning up the parent's things
            try:
                fragments.refresh(ids[worker::workers])
            finally:
                connections.close_all()
                os._exit(0)
        children.append(pid)
    for pid in children:
        if os.waitpid(pid, 0)[1] != 0:
            sys.exit("Rendering the stored renderings failed in a worker process.")


def pages_to_measure(count):
    """The public pages, each at its busiest: the largest series, tag and episode."""
    from django.conf import settings
    from django.db.models import Count
    from taggit.models import Tag

    from articles.models import Article, Episode, Series

    try:
        from articles.sitemaps import URLS_PER_SITEMAP
    except ImportError:  # older code: no sitemap sections (has_route leaves them out)
        URLS_PER_SITEMAP = 1000

    published = Article.objects.published()
    sitemap_pages = -(-published.count() // URLS_PER_SITEMAP)
    tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n", "pk").first()
    series = Series.objects.annotate(n=Count("episodes__articles")).order_by("-n", "pk").first()
    episode = Episode.objects.annotate(n=Count("articles")).order_by("-n", "pk").select_related("series").first()
    # The newest published article with a hero picture, a discretion flag and the picture-body.
    article = published.filter(hero_image__isnull=False, warnings__isnull=False, body__contains="(image:").first()
    # The last page of the home page: the articles older than the (per-page + 1)-th oldest.
    boundary = published.order_by("published_at", "pk")[settings.ARTICLES_PER_PAGE : settings.ARTICLES_PER_PAGE + 1].get()
    pages = [
        ("bare view", "/bench/bare/"),
        ("home", "/"),
        ("home, last page", last_page_url(boundary, published.count())),
        ("article", article.get_absolute_url()),
        ("tag", f"/tags/{tag.slug}/"),
        ("series", series.get_absolute_url()),
        ("episode", episode.get_absolute_url()),
        ("search", "/search/?q=walrus"),
        ("feed (RSS)", "/feeds/latest/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap of articles", "/sitemap-articles.xml"),
        ("sitemap, last page", f"/sitemap-articles.xml?p={sitemap_pages}"),
        ("bare view", "/bench/bare/"),  # again: the yardstick is the mean of both
    ]
    return [(name, url) for name, url in pages if has_route(url)]


def has_route(url):
    """Whether this version of the site has the page (an older checkout has no sitemap sections)."""
    from django.urls import Resolver404, resolve

    try:
        resolve(url.split("?")[0])
    except Resolver404:
        return False
    return True


def last_page_url(boundary, published_count):
    """The home page's last page: a keyset cursor, or, measuring a checkout from before keyset
    pagination (``--baseline``), the ``?page=`` number that version used."""
    from django.conf import settings

    try:
        from articles.pagination import cursor_of
    except ImportError:
        return f"/?page={-(-published_count // settings.ARTICLES_PER_PAGE)}"
    return f"/?before={cursor_of(boundary)}"


def content_summary():
    """What the database holds, in one line for the report."""
    from taggit.models import TaggedItem

    from articles.models import Article, Image
    from content_warnings.models import ContentWarning

    return (
        f"{Article.objects.published().count()} published articles "
        f"({Article.objects.count()} in all, with drafts and one scheduled), "
        f"{TaggedItem.objects.count()} tag links, {ContentWarning.objects.count()} warning flags, "
        f"{Image.objects.count()} images"
    )


# --- Measuring ----------------------------------------------------------------------------


def latency_figures(seconds, wall):
    """Mean and percentiles in milliseconds, and requests per second over the wall time."""
    ms = sorted(s * 1000 for s in seconds)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {
        "mean": statistics.fmean(ms), "p50": cuts[49], "p95": cuts[94], "p99": cuts[98],
        "rps": len(ms) / wall,
    }


COLD_CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def measure_in_process(pages, requests, warmup, *, cold):
    """Time each page through Django's test client, one request after another.

    Cold: a cache that stores nothing, so every request renders from the database. Warm: the
    configured cache, filled by the warm-up requests. Queries are counted on the request
    after the warm-up (cold: everything a rendering needs; warm: what a cache hit needs).
    """
    from django.core.cache import cache
    from django.test.utils import override_settings

    if cold:
        with override_settings(CACHES=COLD_CACHES):
            return _time_pages(pages, requests, warmup)
    cache.clear()
    return _time_pages(pages, requests, warmup)


def _time_pages(pages, requests, warmup):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for name, url in pages:
        row = measure_page(client, name, url, requests, warmup)
        if row is None:
            sys.exit(f"{url} did not answer 200; nothing to measure.")
        rows.append(row)
    return rows


def measure_page(client, name, url, requests, warmup):
    """One page in this process: its queries and size, then ``requests`` timed requests after
    ``warmup`` untimed ones. None when it does not answer 200."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(url)
    # With DEBUG on, the query log is a bounded deque: once full, a capture would read 0.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        return None
    timings = []
    started = time.perf_counter()
    for _ in range(requests):
        begin = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - begin)
    wall = time.perf_counter() - started
    row = {"page": name, "url": url, "queries": len(captured), "kb": len(response.content) / 1024}
    return row | latency_figures(timings, wall)


def free_port():
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment():
    """Production-like settings for gunicorn: DEBUG off, a throw-away key, plain HTTP on loopback."""
    env = dict(os.environ)
    env.update(DEBUG="0", SECURE_HSTS_SECONDS="0")
    return env


def start_gunicorn(env, port, workers, log):
    """Collect static files (the manifest storage needs them), then start gunicorn and wait for it."""
    subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-m", "gunicorn", "bench.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        if fetch(f"http://127.0.0.1:{port}/robots.txt", timeout=2)[1] == 200:
            return server
        time.sleep(0.2)
    stop_gunicorn(server)
    log.flush()
    sys.exit(f"gunicorn did not start; its log:\n{Path(log.name).read_text()[-3000:]}")


def stop_gunicorn(server):
    """Ask gunicorn to shut down gracefully (SIGTERM); kill it if it has not within 20 s."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# Loopback only: no proxy from the environment may be used.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url, timeout):
    """One GET; returns (seconds, status), with status None when the request failed."""
    begin = time.perf_counter()
    try:
        with _opener.open(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except (OSError, http.client.HTTPException):
        status = None
    return time.perf_counter() - begin, status


def measure_http(pages, port, requests, warmup, concurrency, timeout):
    """Drive each page with a fixed number of requests from a pool of client threads.

    All pages are warmed up before any is timed: gunicorn answers as soon as one worker has
    booted, and the others would otherwise still be importing Django during the first page.
    """
    urls = [f"http://127.0.0.1:{port}{path}" for _name, path in pages]
    warmups = [url for url in urls for _ in range(max(warmup, concurrency))]
    rows = []
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(fetch, warmups, [timeout] * len(warmups)))
        for (name, _path), url in zip(pages, urls, strict=True):
            started = time.perf_counter()
            results = list(pool.map(fetch, [url] * requests, [timeout] * requests))
            wall = time.perf_counter() - started
            ok = [seconds for seconds, status in results if status == 200]
            row = {"page": name, "requests": requests, "errors": requests - len(ok)}
            rows.append(row | (latency_figures(ok, wall) if len(ok) >= 2 else {}))
    return rows


def explain_pages(pages):
    """Each page's queries with the plan PostgreSQL chose and what it cost (EXPLAIN ANALYZE),
    rendered cold: the slowest plans first within a page, in one table."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    with override_settings(CACHES=COLD_CACHES):
        for name, url in pages:
            if name == "bare view":
                continue
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            plans = []
            for query in captured.captured_queries:
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                    plan = cursor.fetchone()[0][0]
                plans.append((plan["Execution Time"], plan["Plan"], query["sql"]))
            total = sum(ms for ms, _plan, _sql in plans)
            for ms, plan, sql in sorted(plans, key=lambda item: -item[0])[:3]:
                rows.append([name, f"{total:.1f}", f"{ms:.2f}", plan_summary(plan), f"`{sql[:90]}…`"])
    return markdown_table(["page", "page SQL ms", "query ms", "plan (top nodes)", "query"], rows)


def profile_page(pages, name, requests):
    """Where a cold page spends its time: cProfile over ``requests`` renderings,
    the functions with the most time of their own, and the cumulative time of the main steps."""
    import cProfile
    import io as text_io
    import pstats

    from django.test import Client
    from django.test.utils import override_settings

    url = dict(pages)[name]
    client = Client(HTTP_HOST="127.0.0.1")
    profiler = cProfile.Profile()
    with override_settings(CACHES=COLD_CACHES):
        client.get(url)
        profiler.enable()
        for _ in range(requests):
            client.get(url)
        profiler.disable()
    out = text_io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(15)
    stats.sort_stats("cumulative").print_stats(r"(articles|content_warnings|template/(base|loader_tags|defaulttags)|db/models/(query|sql/compiler)|handlers/base)", 25)
    # Paths relative to the project and to site-packages, so the figures can go in the docs.
    return re.sub(r"\S*/(site-packages|python3\.\d+)/", "", out.getvalue()).replace(f"{ROOT}/", "")


def plan_summary(plan, depth=0):
    """The plan's node types and the indexes or tables they read, outermost first."""
    node = plan["Node Type"]
    where = plan.get("Index Name") or plan.get("Relation Name")
    parts = [f"{node} ({where})" if where else node]
    for child in plan.get("Plans", [])[:2]:
        if depth < 3:
            parts.append(plan_summary(child, depth + 1))
    return " → ".join(parts)


# --- Report -------------------------------------------------------------------------------


def load_average():
    """The 1, 5 and 15 minute load averages: how busy the (shared) machine was."""
    return " / ".join(f"{load:.2f}" for load in os.getloadavg())


def environment_lines(args, summary, database_label, setup_seconds):
    """The report's header: when, where, on what data and how the pages were measured."""
    import django
    from django.conf import settings

    return [
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} CPUs (nproc), {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, Django {django.get_version()}; "
        f"load average before measuring (1/5/15 min): {load_average()}",
        f"- database: {database_label}",
        f"- content: {summary}; set-up {setup_seconds:.1f} s (migrations and content)",
        "- stored renderings (cards, page parts): none, every page renders them live (--live)"
        if args.live else "- stored renderings (cards, page parts): rendered for every article during set-up",
        f"- in-process: DEBUG={'on' if settings.DEBUG else 'off'}, {args.warmup} warm-up + "
        f"{args.requests} timed requests per page, one at a time",
        f"- HTTP: gunicorn, {args.gunicorn_workers} sync workers, DEBUG off; {args.concurrency} client "
        f"threads (urllib, same machine), {args.requests} requests per page"
        if not args.no_http else "- HTTP: skipped (--no-http)",
    ]


def database_label():
    """The database engine and version in use."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (temporary file)"
    major, minor = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{minor} (database created for the run, dropped after)"


def markdown_table(headers, rows):
    """A Markdown table, the first column left-aligned and the figures right-aligned."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def bare_throughput(rows):
    """The bare view's requests per second: the mean of its runs first and last, so a machine
    growing busier or quieter during the run weighs on both ends alike."""
    runs = [r["rps"] for r in rows if r["page"] == "bare view" and "rps" in r]
    return sum(runs) / len(runs) if runs else None


def ratio(row, bare_rps):
    """A page's throughput as a fraction of the bare view's in the same run."""
    if "rps" not in row or not bare_rps:
        return "–"
    fraction = row["rps"] / bare_rps
    return f"{fraction:.3f}×" if fraction < 0.1 else f"{fraction:.2f}×"  # cold pages: three decimals


def in_process_table(rows):
    """The in-process figures, one row a page, with the throughput as a ratio to the bare view."""
    bare = bare_throughput(rows)
    return markdown_table(
        ["page", "URL", "queries", "KB", "mean ms", "p50 ms", "p95 ms", "p99 ms", "req/s", "× bare"],
        [
            [r["page"], f"`{r['url']}`", r["queries"], f"{r['kb']:.0f}", f"{r['mean']:.1f}", f"{r['p50']:.1f}",
             f"{r['p95']:.1f}", f"{r['p99']:.1f}", f"{r['rps']:.0f}", ratio(r, bare)]
            for r in rows
        ],
    )


def http_table(rows):
    """The over-HTTP figures, one row a page (dashes where fewer than two requests succeeded)."""
    bare = bare_throughput(rows)
    return markdown_table(
        ["page", "requests", "errors", "req/s", "× bare", "mean ms", "p50 ms", "p95 ms", "p99 ms"],
        [
            [r["page"], r["requests"], r["errors"]]
            + ([f"{r['rps']:.0f}", ratio(r, bare), *(f"{r[k]:.1f}" for k in ("mean", "p50", "p95", "p99"))]
               if "rps" in r else ["–"] * 6)
            for r in rows
        ],
    )


# --- Main ---------------------------------------------------------------------------------


def run(args, workdir):
    """Migrate, populate, measure in-process and then over HTTP, printing the report."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    populated = populate(args.articles, random.Random(args.seed), store_renderings=not args.live)
    pages = [(name, url) for name, url in populated if name not in args.skip]
    setup_seconds = time.perf_counter() - started

    print("\n".join(environment_lines(args, content_summary(), database_label(), setup_seconds)))
    if args.explain:
        print("\n### Query plans (EXPLAIN ANALYZE), cold\n")
        print(explain_pages(pages), flush=True)
    for name in args.profile or (["article"] if args.profile == [] else []):
        print(f"\n### Profile of the {name} page, cold\n")
        print("```\n" + profile_page(pages, name, args.requests) + "```", flush=True)
    for label, cold in (("cold: nothing cached", True), ("warm: page cache filled", False)):
        print(f"\n### In-process (django.test.Client), {label}\n")
        print(f"Load average (1/5/15 min): {load_average()}\n")
        print(in_process_table(measure_in_process(pages, args.requests, args.warmup, cold=cold)), flush=True)
    if not args.no_http:
        for label, cold in (("cold: nothing cached", True), ("warm: page cache filled", False)):
            print(f"\n### Over HTTP (gunicorn), {label}\n")
            print(f"Load average (1/5/15 min): {load_average()}\n")
            print(http_table(measure_over_gunicorn(args, pages, workdir, cold=cold)), flush=True)
    print(f"\nLoad average after measuring (1/5/15 min): {load_average()}")


def measure_over_gunicorn(args, pages, workdir, *, cold):
    """Start gunicorn (cold: with a cache that stores nothing), drive it, and stop it whatever
    happens."""
    port = args.port or free_port()
    env = server_environment() | {"BENCH_CACHE": "off" if cold else "on"}
    with open(workdir / "gunicorn.log", "w") as log:
        server = start_gunicorn(env, port, args.gunicorn_workers, log)
        try:
            rows = measure_http(pages, port, args.requests, args.warmup, args.concurrency, args.timeout)
        finally:
            stop_gunicorn(server)
    return rows


@contextlib.contextmanager
def throwaway_site(database_url=None):
    """Django set up on a throw-away database and folders, yielding the working folder; the
    PostgreSQL database (created here, refusing one that exists) is dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix="ourplanet-bench-") as tmp:
        workdir = Path(tmp)
        on_postgres = bool(database_url)
        if on_postgres:
            database_name = postgres_server(database_url)[1]
            create_postgres_database(database_url)
        else:
            database_name = str(workdir / "bench.sqlite3")
            database_url = f"sqlite:///{database_name}"
        configure_environment(workdir, database_url)
        try:
            setup_django(workdir, database_name)
            yield workdir
        finally:
            if on_postgres:
                drop_postgres_database(database_url)


def main():
    """Set up the throw-away database and folders, run, and clean up (PostgreSQL included)."""
    args = parse_args()
    with throwaway_site(args.database_url) as workdir:
        run(args, workdir)


if __name__ == "__main__":
    main()
