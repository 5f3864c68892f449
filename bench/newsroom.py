"""Benchmark the article edit page with a large library, on a throw-away database.

Run from the project root:

    DEBUG=1 .venv/bin/python bench/newsroom.py [--images 10000] [--episodes 2000] [--requests 20]
    DEBUG=1 .venv/bin/python bench/newsroom.py --database-url postgres://postgres@127.0.0.1:5432/ourplanet_bench

It fills a temporary database (as bench/pages.py does, and through its helpers) with
``--images`` pictures and ``--episodes`` episodes over several series, and one article that
uses some of each, then measures, in this process with Django's test client and an editor
logged in: the article's change page and the add page (size, SQL queries, latency), and the
searched lists the pickers and the body toolbar ask for instead of listing everything.
Results are printed as a Markdown table; docs/performance.md records them.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402  (bench/pages.py: environment, databases, pictures, tables)

EPISODES_PER_SERIES = 100


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=10_000, help="pictures in the library (default 10000)")
    parser.add_argument("--episodes", type=int, default=2_000, help="episodes, 100 a series (default 2000)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first (default 3)")
    parser.add_argument("--database-url", help="a PostgreSQL URL whose database this script creates and drops")
    args = parser.parse_args()
    if args.images < 1 or args.episodes < 1 or args.requests < 2:
        parser.error("--images and --episodes must be at least 1, --requests at least 2")
    return args


def populate(image_count, episode_count):
    """One real upload (renditions made by the model), then its rows copied ``image_count``
    times: the edit page reads rows, not files. Episodes in series of a hundred."""
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.db import transaction

    from articles.models import Article, Episode, Image, Series
    from tests.factories import UserFactory

    with transaction.atomic():
        editor = UserFactory(username="bench-editor", first_name="Bench", last_name="Editor")
        editor.groups.add(Group.objects.get(name="Editors"))
        first = Image(file=ContentFile(pages.picture_bytes(1), name="bench.jpg"), alt_text="A walrus on the ice")
        first.save()
        Image.objects.bulk_create(
            (
                Image(
                    file=first.file.name, renditions=first.renditions, width=first.width, height=first.height,
                    alt_text=f"Library picture {n}: {random.choice(['walrus', 'penguin', 'reef', 'forest'])} "
                    f"number {n}",
                    caption=f"Caption {n}",
                )
                for n in range(image_count - 1)
            ),
            batch_size=1000,
        )
        series_count = max(1, -(-episode_count // EPISODES_PER_SERIES))
        all_series = Series.objects.bulk_create(
            Series(title=f"Bench Planet {n + 1}", slug=f"bench-planet-{n + 1}") for n in range(series_count)
        )
        Episode.objects.bulk_create(
            (
                Episode(series=all_series[n // EPISODES_PER_SERIES], season=1 + (n % EPISODES_PER_SERIES) // 10,
                        number=n % 10 + 1, title=f"Habitat {n}", slug=f"habitat-{n}")
                for n in range(episode_count)
            ),
            batch_size=1000,
        )
        episode = Episode.objects.first()
        article = Article(
            title="Walruses on the cliff", slug="walruses-on-the-cliff", standfirst="Why they climb.",
            body=f"The walruses haul out.\n\n![A walrus](image:{first.pk})\n\n"
            f"::: spoiler {episode.series.slug}/{episode.slug}\nThey fall.\n:::\n",
            hero_image=first,
        )
        article.save()
        article.episodes.add(episode)
        article.authors.add(editor)
    return editor, article


def measure(client, name, url, requests, warmup):
    row = pages.measure_page(client, name, url, requests, warmup)
    if row is None:
        print(f"- {name}: {url} did not answer 200; not measured")
    return row


def run(args):
    from django.core.management import call_command
    from django.test import Client

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    editor, article = populate(args.images, args.episodes)
    setup_seconds = time.perf_counter() - started

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)
    admin = "/admin/articles/article"
    urls = [
        ("Article change page", f"{admin}/{article.pk}/change/"),
        ("Article add page", f"{admin}/add/"),
        ("Pictures chooser, first page", f"{admin}/choose/images/"),
        ("Pictures chooser, search", f"{admin}/choose/images/?q=walrus+number+99"),
        ("Episodes chooser, first page", f"{admin}/choose/episodes/"),
        ("Episodes chooser, search", f"{admin}/choose/episodes/?q=habitat+1999"),
        ("Hero image autocomplete", "/admin/autocomplete/?app_label=articles&model_name=article&field_name=hero_image&term=walrus"),
        ("Episodes autocomplete", "/admin/autocomplete/?app_label=articles&model_name=article&field_name=episodes&term=habitat"),
    ]
    print(f"- content: {args.images} pictures, {args.episodes} episodes; set-up {setup_seconds:.1f} s")
    print(f"- database: {pages.database_label()}")
    print(f"- in-process: {args.warmup} warm-up + {args.requests} timed requests per page, an editor logged in\n")
    rows = [measure(client, name, url, args.requests, args.warmup) for name, url in urls]
    print(pages.in_process_table([row for row in rows if row]))


def main():
    args = parse_args()
    with pages.throwaway_site(args.database_url):
        run(args)


if __name__ == "__main__":
    main()
