"""What the suite does the way a person would: log in, fill in the admin's forms as the browser
sends them, and read back the messages and errors the page shows."""

from django.test import Client

from articles.models import Article

from .rendered_forms import open_form


def logged_in(user):
    """A fresh browser session, logged in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


# The admin's forms as the pages render them (tests/rendered_forms.py), filled in by hand.

NEW_ARTICLE = {
    "title": "Walruses on the cliff",
    "slug": "walruses-on-the-cliff",
    "standfirst": "Why the walruses climb.",
    "body": "The walruses haul out on the beach.",
}


def fill(form, *, add_flags=(), remove_flags=(), **changes):
    """Change what is given on a rendered article form, as an editor would: type into text
    fields, choose in selects, tick a flag's delete box, add a flag row."""
    for name, value in changes.items():
        if name == "episodes":
            form.select(name, *[str(pk) for pk in value])
        elif name in ("status", "hero_image"):
            form.select(name, str(value))
        else:
            form[name] = value
    prefix = form.inline_prefix()
    rows = {form[f"{prefix}-{index}-id"]: index for index in range(int(form[f"{prefix}-INITIAL_FORMS"]))}
    for flag in remove_flags:
        form.check(f"{prefix}-{rows[str(flag.pk)]}-DELETE")
    for row in add_flags:
        form.add_inline_row(prefix, **{name: str(value) for name, value in row.items()})
    return form


def run_list_action(client, changelist, action, *objects, **kwargs):
    """Tick ``objects`` on an admin list, choose ``action`` and press Go."""
    listing = open_form(client, changelist, "changelist-form")
    for obj in objects:
        listing.check("_selected_action", str(obj.pk))
    listing["action"] = action
    return listing.submit("index", **kwargs)


# Hand-built form data: only for requests no page would send (forged, or refused before a page).


def article_data(**fields):
    """The article add/change form's fields, with sensible values for those not given."""
    data = {
        "title": "Walruses on the cliff",
        "slug": "walruses-on-the-cliff",
        "standfirst": "Why the walruses climb.",
        "hero_image": "",
        "body": "The walruses haul out on the beach.",
        "tags": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "safe_title": "",
        "safe_description": "",
        "_save": "Save",
    }
    data.update(fields)
    return data


def flag_rows(prefix, rows, initial=0):
    """The generic inline's management form plus one set of fields per flag row."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        values = {
            "id": "",
            "category": "",
            "severity": "",
            "note": "",
            "spoils_series": "",
            "spoils_episode": "",
        }
        values.update(row)
        for name, value in values.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def warnings_prefix(client, url):
    """The flags inline's formset prefix, read from the page the editor would fill in."""
    response = client.get(url)
    assert response.status_code == 200
    (flags_inline,) = response.context["inline_admin_formsets"]
    return flags_inline.formset.prefix


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def form_errors(response):
    """Every error the admin form and its inlines show, as text."""
    errors = [
        str(e) for field_errors in response.context["adminform"].form.errors.values() for e in field_errors
    ]
    for inline in response.context["inline_admin_formsets"]:
        errors += [str(e) for e in inline.formset.non_form_errors()]
        for row_errors in inline.formset.errors:
            errors += [str(e) for field_errors in row_errors.values() for e in field_errors]
    return errors
