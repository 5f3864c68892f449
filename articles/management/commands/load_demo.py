"""Load demo accounts, the Our Planet series and a handful of articles, for development.

Safe to run again: everything is looked up by a stable key (username, slug, alt text,
category) and updated in place, so a second run creates nothing and leaves passwords alone.
"""

import re
import secrets

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from articles.demo import content
from articles.models import Article, Episode, Image, Series
from content_warnings.models import ContentWarning, Report, Source, WarningCategory

CREDIT = "Illustration generated for the ourplanet demo"
IMAGE_KEY_RE = re.compile(r"\(image:([a-z][a-z0-9-]*)\)")

ACCOUNTS = [
    # username, group, superuser
    ("editor", "Editors", False),
    ("moderator", "Moderators", False),
    ("admin", None, True),
]


class Command(BaseCommand):
    help = (
        "Load demo content: editor, moderator and admin accounts, the Our Planet series with "
        "its episodes, illustrations, and articles showing every kind of warning. "
        "Runs only with DEBUG on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates accounts and sample articles and only runs with DEBUG on. "
                "It is for development: run it with DEBUG=1, never against a live site."
            )
        with transaction.atomic():
            users, account_lines = self.load_accounts()
            editor = users["editor"]
            images = self.load_images(editor)
            series = self.load_series(images)
            articles = self.load_articles(editor, series, images)
            reports = self.load_reports(images)

        # Printed only once the transaction has committed, so a shown password is a real one.
        for line in account_lines:
            self.stdout.write(line)
        published = sum(article.status == Article.Status.PUBLISHED for article in articles)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {series.title} with {series.episodes.count()} episodes, "
                f"{len(images)} images, {len(articles)} articles ({published} published, "
                f"{len(articles) - published} draft), {reports} readers' reports in the moderators' queue."
            )
        )

    def load_accounts(self):
        User = get_user_model()
        users, lines = {}, []
        for username, group_name, superuser in ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                password = secrets.token_urlsafe(16)
                email = f"{username}@example.org"
                if superuser:
                    user = User.objects.create_superuser(username, email, password)
                else:
                    user = User.objects.create_user(
                        username,
                        email,
                        password,
                        is_staff=True,
                        first_name="Demo",
                        last_name=username.capitalize(),
                    )
                lines.append(self.style.WARNING(f"Created user {username} with password: {password}"))
            else:
                lines.append(f"User {username} already exists; password left unchanged.")
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            users[username] = user
        return users, lines

    def load_images(self, editor):
        """Draw and store each picture once; flag it before any body that shows it renders."""
        images = {}
        for demo_image in content.IMAGES:
            image = Image.objects.filter(alt_text=demo_image.alt_text).first()
            if image is None:
                image = Image(
                    file=ContentFile(demo_image.draw(), name=f"demo-{demo_image.key}.jpg"),
                    alt_text=demo_image.alt_text,
                    caption=demo_image.caption,
                    credit=CREDIT,
                    uploaded_by=editor,
                )
                image.full_clean()
                image.save()
            self.flag(image, demo_image.flags, editor)
            images[demo_image.key] = image
        return images

    def load_series(self, images):
        fields = dict(content.SERIES)
        slug = fields.pop("slug")
        fields["poster"] = images[fields["poster"]]
        series, _ = Series.objects.update_or_create(slug=slug, defaults=fields)
        for number, (slug, title, logline) in enumerate(content.EPISODES, start=1):
            Episode.objects.update_or_create(
                series=series,
                slug=slug,
                defaults={
                    "season": 1,
                    "number": number,
                    "title": title,
                    "release_date": content.RELEASE_DATE,
                    "logline": logline,
                },
            )
        return series

    def load_articles(self, editor, series, images):
        episodes = {episode.slug: episode for episode in series.episodes.all()}
        now = timezone.now()
        articles = []
        for demo in content.ARTICLES:
            article = Article.objects.filter(slug=demo.slug).first() or Article(slug=demo.slug)
            article.title = demo.title
            article.standfirst = demo.standfirst
            article.body = self.with_image_ids(demo.body, images)
            article.safe_title = demo.safe_title
            article.safe_description = demo.safe_description
            article.hero_image = images[demo.hero] if demo.hero else None
            if demo.draft:
                article.status, article.published_at = Article.Status.DRAFT, None
            else:
                article.status = Article.Status.PUBLISHED
                # Keep the date of an earlier run, so the demo's order does not shuffle.
                article.published_at = article.published_at or now - demo.age
            # full_clean renders the body strictly: a typo in the demo's markup fails here.
            article.full_clean()
            article.save()
            article.tags.set(list(demo.tags))
            article.episodes.set([episodes[slug] for slug in demo.episodes])
            article.authors.set([editor])
            self.flag(article, demo.flags, editor, series=series, episodes=episodes)
            self.first_revision(article, editor)
            articles.append(article)
        return articles

    def load_reports(self, images):
        """A few readers' reports, so a new moderator finds a working queue. Each is made once
        (by what it is about and its text); a report already decided stays decided."""
        episodes = {episode.slug: episode for episode in Episode.objects.filter(series__slug=content.SERIES["slug"])}
        categories = WarningCategory.objects.in_bulk([report.category for report in content.REPORTS], field_name="slug")
        for demo in content.REPORTS:
            about = Article.objects.get(slug=demo.key) if demo.about == "article" else images[demo.key]
            Report.objects.get_or_create(
                content_type=ContentType.objects.get_for_model(about),
                object_id=about.pk,
                message=demo.message,
                defaults={
                    "category": categories[demo.category],
                    "episode": episodes[demo.episode] if demo.episode else None,
                    "email": demo.email,
                },
            )
        return Report.objects.open().count()

    def first_revision(self, article, editor):
        """Give each demo article the revision an editor's first save would have made."""
        if Version.objects.get_for_object(article).exists():
            return
        with reversion.create_revision():
            reversion.add_to_revision(article)
            reversion.set_user(editor)
            reversion.set_comment("Demo content loaded.")

    def with_image_ids(self, body, images):
        def replace(match):
            key = match.group(1)
            if key not in images:
                raise CommandError(f"The demo body refers to an unknown picture “{key}”.")
            return f"(image:{images[key].pk})"

        return IMAGE_KEY_RE.sub(replace, body)

    def flag(self, obj, flags, editor, *, series=None, episodes=None):
        """Attach each flag once: one per category on an object, updated on later runs."""
        if not flags:
            return
        content_type = ContentType.objects.get_for_model(obj)
        categories = WarningCategory.objects.in_bulk([flag.category for flag in flags], field_name="slug")
        for demo_flag in flags:
            category = categories[demo_flag.category]
            warning = ContentWarning.objects.filter(
                content_type=content_type, object_id=obj.pk, category=category
            ).first() or ContentWarning(content_type=content_type, object_id=obj.pk, category=category)
            warning.severity = demo_flag.severity
            warning.note = demo_flag.note
            if category.is_spoiler:
                warning.spoils_series = series
                warning.spoils_episode = episodes[demo_flag.episode] if demo_flag.episode else None
            warning.source = Source.EDITOR
            warning.added_by = editor
            warning.full_clean()
            warning.save()
