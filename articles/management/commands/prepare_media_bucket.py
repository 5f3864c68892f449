from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.storage import prepare_bucket


class Command(BaseCommand):
    help = "Create the media bucket (MEDIA_BUCKET) if missing; renditions public, originals private."

    def handle(self, *args, **options):
        if not settings.MEDIA_BUCKET:
            raise CommandError("MEDIA_BUCKET is not set: media are on local disk, there is no bucket to prepare.")
        for line in prepare_bucket():
            self.stdout.write(line)
