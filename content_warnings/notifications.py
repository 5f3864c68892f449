"""E-mail about moderation decisions, kept in an outbox until it is sent.

A message is written to the outbox in the same transaction as the decision it reports, then
sent outside the request by a task. A failing mail server costs nothing: the decision
stands, the message stays pending and is tried again, with a growing pause between
attempts: by the task itself where the task backend can wait (the database queue), else on
the next delivery or by ``manage.py send_notifications``.
"""

import logging
from datetime import timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)


class NotificationQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(sent_at__isnull=True, attempts__lt=Notification.MAX_ATTEMPTS)

    def due(self):
        return self.waiting().filter(next_attempt_at__lte=timezone.now())


class Notification(models.Model):
    MAX_ATTEMPTS = 8

    recipient = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "e-mail notification"

    def __str__(self):
        return f"{self.subject} → {self.recipient}"

    def send(self):
        """Try once; on failure, note why and when to try again. Returns whether it went.

        The try is claimed first (one UPDATE), so two workers never send the same message.
        """
        claimed = type(self).objects.filter(pk=self.pk, sent_at__isnull=True, attempts=self.attempts).update(
            attempts=F("attempts") + 1
        )
        if not claimed:
            return False
        self.attempts += 1
        try:
            send_mail(self.subject, self.body, settings.DEFAULT_FROM_EMAIL, [self.recipient])
        except (SMTPException, OSError) as error:
            self.last_error = f"{type(error).__name__}: {error}"
            self.next_attempt_at = timezone.now() + timedelta(minutes=2 ** min(self.attempts, 10))
            logger.warning("Notification %s not sent (attempt %s): %s", self.pk, self.attempts, error)
            self.save(update_fields=["last_error", "next_attempt_at"])
            return False
        self.sent_at = timezone.now()
        self.last_error = ""
        self.save(update_fields=["sent_at", "last_error"])
        return True


def deliver_due():
    """Send every message that is due (new ones and earlier failures). Returns how many went."""
    return sum(notification.send() for notification in Notification.objects.due())


def next_attempt_at():
    """When the earliest message still waiting may be tried again, or None."""
    return Notification.objects.waiting().order_by("next_attempt_at").values_list("next_attempt_at", flat=True).first()

