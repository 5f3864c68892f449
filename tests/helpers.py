"""What the suite does the way a person would: log in, fill in the admin's forms as the browser
sends them, and read back the messages and errors the page shows."""

from html.parser import HTMLParser

from django.test import Client

from articles.models import Article


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


# Reading a form out of a rendered page and filling it in as a person would, so a form test
# POSTs exactly what the page offers (hidden fields, CSRF token, pre-filled values) and no more.

class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": [], "buttons": [], "text": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if "disabled" in attrs and tag in ("input", "textarea", "select"):
            name = None  # a browser does not send a disabled field
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind == "submit" and name:
                self._form["buttons"].append((name, attrs.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if name and "checked" in attrs:
                    self._form["fields"].append((name, attrs.get("value", "on")))
                if name:
                    self._form.setdefault("choices", {}).setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "reset", "image", "file") and name:
                self._form["fields"].append((name, attrs.get("value", "")))
        elif tag == "button" and name:
            self._form["buttons"].append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "options": [], "selected": [], "multiple": "multiple" in attrs}
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            self._select["options"].append(value)
            if "selected" in attrs:
                self._select["selected"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._form is not None:
            self._form["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"]
            if not chosen and not self._select["multiple"]:
                chosen = self._select["options"][:1]  # a browser sends a single select's first option
            for value in chosen:
                self._form["fields"].append((self._select["name"], value))
            self._form.setdefault("options", {})[self._select["name"]] = self._select["options"]
            self._select = None
        elif tag == "form":
            self._form = None


class Form:
    """One form of a page: its fields as the browser would send them."""

    def __init__(self, parsed):
        self.action = parsed["attrs"].get("action", "")
        self.fields = parsed["fields"]
        self.buttons = parsed["buttons"]
        self.options = parsed.get("options", {})
        self.text = " ".join(parsed["text"])

    def add_inline_row(self, prefix, **values):
        """What "Add another" does on an admin inline: copy the empty row as row N, fill it in
        with ``values``, and count one more form. Returns the changes for ``data()``."""
        total = int(self.value(f"{prefix}-TOTAL_FORMS"))
        row = {
            name.replace("__prefix__", str(total)): value
            for name, value in self.fields
            if name.startswith(f"{prefix}-__prefix__-")
        }
        row.update({f"{prefix}-{total}-{name}": value for name, value in values.items()})
        return {**row, f"{prefix}-TOTAL_FORMS": str(total + 1)}

    def names(self):
        return {name for name, _value in self.fields}

    def value(self, name):
        return next((value for field, value in self.fields if field == name), None)

    def data(self, button=None, **changes):
        """The submission: every field's current value, with ``changes`` typed in (a list
        value sends the field several times; None leaves it out), and the ``button`` pressed."""
        data = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        for name, value in changes.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value if isinstance(value, list) else [value]
        if button is not None:
            name, value = button if isinstance(button, tuple) else next(
                b for b in self.buttons if b[1] == button or b[0] == button
            )
            data[name] = [value]
        return {name: values if len(values) != 1 else values[0] for name, values in data.items()}


def forms_in(response):
    parser = _FormParser()
    parser.feed(response.content.decode())
    return [Form(parsed) for parsed in parser.forms]


def form_with(response, field_or_button):
    """The form on the page that has a field or a submit button of that name or value."""
    for form in forms_in(response):
        if field_or_button in form.names() or any(field_or_button in button for button in form.buttons):
            return form
    raise AssertionError(f"No form with {field_or_button!r} on the page")
