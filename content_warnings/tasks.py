"""Work done outside the request, through the project's task backend (django-tasks)."""

from django_tasks import task

from .notifications import deliver_due, next_attempt_at


@task()
def deliver_notifications():
    """Send the moderation e-mail that is due, including earlier failures; where the backend
    can wait, come back when the next failed message may be tried again."""
    sent = deliver_due()
    retry_at = next_attempt_at()
    if retry_at is not None and deliver_notifications.get_backend().supports_defer:
        deliver_notifications.using(run_after=retry_at).enqueue()
    return sent
