"""Work done outside the request, through the project's task backend (django-tasks)."""

from django_tasks import task

from .notifications import deliver_due


@task()
def deliver_notifications():
    """Send the moderation e-mail that is due, including earlier failures."""
    return deliver_due()
