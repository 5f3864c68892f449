from django.core.management.base import BaseCommand

from content_warnings.notifications import Notification, deliver_due


class Command(BaseCommand):
    help = "Send moderation e-mail still waiting in the outbox (for example after the mail server was down)."

    def handle(self, *args, **options):
        sent = deliver_due()
        waiting = Notification.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"{sent} sent, {waiting} still waiting.")
