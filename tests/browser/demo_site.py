"""The demo site for browser stories, with known passwords for the accounts a story signs in as."""

DEMO_PASSWORD = "a long test-only passphrase"  # noqa: S105 - throwaway accounts in a test database


def load_demo_site(settings, *usernames):
    """The demo site (load_demo refuses to run unless DEBUG is on), with DEMO_PASSWORD for
    these demo accounts, so a test can sign in as they would."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    for user in get_user_model().objects.filter(username__in=usernames):
        user.set_password(DEMO_PASSWORD)
        user.save()


def sign_in(page, username, password=DEMO_PASSWORD):
    """Sign in through the admin's login form, as a person would."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
