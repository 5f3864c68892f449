"""Submit forms the way a browser does: from what the page rendered, not from a hand-built dict.

    page = open_page(client, "/admin/articles/article/3/change/")
    form = page.form("article_form")
    form["body"] = "The walruses climb."
    form.check("warnings-…-0-DELETE")
    response = form.submit("_save")

A form holds what the browser would send if the person pressed a button now: every named,
enabled control that belongs to the form (by nesting or by a ``form="id"`` attribute),
hidden ones included; checkboxes and radios only when checked; a select's selected options
(its first option when none is selected and it is not ``multiple``); a textarea's text.
Changing it is limited to what a person can do: type into text fields, tick boxes, pick an
option that exists. Hidden fields cannot be typed into; ``forge()`` says so when a test
means to send what no page offers.
"""

from collections.abc import MutableMapping
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

BUTTON_TYPES = {"submit", "image"}
NOT_SENT = {"button", "reset", "submit", "image"}
TEXT_TYPES = {"text", "search", "email", "url", "tel", "password", "number", "date", "time",
              "datetime-local", "month", "week", "color", "range", "file", ""}


class FormError(AssertionError):
    """The test asked for something a person could not do on the rendered page."""


class Control:
    """One form control as rendered: input, select, textarea or button."""

    def __init__(self, tag, attrs, owner):
        self.tag = tag
        self.attrs = attrs
        self.owner = owner  # the id of the form it belongs to, or the enclosing form's index
        self.options = []  # (value, selected, label) for selects
        self.text = ""  # textarea content, button label, option text being read

    @property
    def name(self):
        return self.attrs.get("name") or ""

    @property
    def type(self):
        if self.tag == "input":
            return (self.attrs.get("type") or "text").lower()
        if self.tag == "button":
            return (self.attrs.get("type") or "submit").lower()
        return self.tag

    @property
    def disabled(self):
        return "disabled" in self.attrs

    @property
    def is_button(self):
        return (self.tag == "button" or self.tag == "input") and self.type in BUTTON_TYPES

    def __repr__(self):
        return f"<{self.tag} {self.type} name={self.name!r}>"


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # dicts: attrs, index
        self.controls = []
        self._form_stack = []
        self._open = None  # the select, textarea, option or button whose text is being read
        self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self.forms.append({"attrs": attrs, "index": len(self.forms)})
            self._form_stack.append(len(self.forms) - 1)
            return
        if tag in ("input", "select", "textarea", "button"):
            owner = attrs["form"] if "form" in attrs else (self._form_stack[-1] if self._form_stack else None)
            control = Control(tag, attrs, owner)
            self.controls.append(control)
            if tag == "select":
                self._select = control
            elif tag in ("textarea", "button"):
                self._open = control
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, "", "disabled" in attrs]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("textarea", "button", "option", "select"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "form" and self._form_stack:
            self._form_stack.pop()
        elif tag == "select":
            self._close_option()
            self._select = None
        elif tag == "option":
            self._close_option()
        elif tag in ("textarea", "button") and self._open is not None:
            if tag == "textarea" and self._open.text.startswith("\n"):
                # HTML drops one newline right after <textarea>; Django writes one there.
                self._open.text = self._open.text[1:]
            self._open = None

    def _close_option(self):
        if self._option is not None and self._select is not None:
            value, selected, text, disabled = self._option
            label = " ".join(text.split())
            self._select.options.append((label if value is None else value, selected, label, disabled))
        self._option = None

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data
        elif self._open is not None:
            self._open.text += data


class RenderedPage:
    """A page fetched with the test client, with its forms ready to fill in."""

    def __init__(self, client, response, url):
        self.client = client
        self.response = response
        self.url = url
        parser = _PageParser()
        parser.feed(response.content.decode())
        parser.close()
        self._forms = parser.forms
        self._controls = parser.controls

    def forms(self):
        return [self._build(form) for form in self._forms]

    def form(self, form_id=None, *, action=None, containing=None):
        """The form with this id, or whose action ends with ``action``, or that has a
        control named ``containing``; exactly one must match."""
        found = self.forms()
        if form_id is not None:
            found = [form for form in found if form.attrs.get("id") == form_id]
        if action is not None:
            found = [form for form in found if form.action.endswith(action)]
        if containing is not None:
            found = [form for form in found if containing in form.names()]
        if len(found) != 1:
            described = [(form.attrs.get("id"), form.action) for form in self.forms()]
            raise FormError(f"{len(found)} forms match on {self.url}; the page has {described}")
        return found[0]

    def _build(self, form):
        form_id = form["attrs"].get("id")
        controls = [
            control
            for control in self._controls
            if control.owner == form["index"] and "form" not in control.attrs
            or (form_id is not None and control.owner == form_id)
        ]
        return RenderedForm(self, form["attrs"], controls)


class RenderedForm(MutableMapping):
    """What a form would send now, as a mapping of names to values (lists for several)."""

    def __init__(self, page, attrs, controls):
        self.page = page
        self.attrs = attrs
        self.controls = controls
        self.method = (attrs.get("method") or "get").lower()
        self.action = urljoin(page.url, attrs.get("action") or page.url)
        self._values = {}  # name -> list of values, in page order
        for control in controls:
            if not control.name or control.disabled or control.type in NOT_SENT:
                continue
            for value in self._initial_values(control):
                self._values.setdefault(control.name, []).append(value)
            self._values.setdefault(control.name, [])

    @staticmethod
    def _initial_values(control):
        if control.tag == "textarea":
            return [control.text]
        if control.tag == "select":
            enabled = [option for option in control.options if not option[3]]
            chosen = [value for value, selected, _label, _disabled in enabled if selected]
            if not chosen and "multiple" not in control.attrs and enabled and not _size_above_one(control):
                chosen = [enabled[0][0]]
            return chosen if "multiple" in control.attrs else chosen[-1:]
        if control.type in ("checkbox", "radio"):
            return [control.attrs.get("value", "on")] if "checked" in control.attrs else []
        return [control.attrs.get("value", "")]

    # Reading.
    def names(self):
        return {control.name for control in self.controls if control.name}

    def offers(self, name):
        """Whether the page lets a person fill in, choose or tick a control of this name."""
        return any(control.name == name and not control.disabled for control in self.controls)

    def controls_named(self, name):
        found = [control for control in self.controls if control.name == name and not control.disabled]
        if not found:
            raise FormError(f"no enabled control named {name!r} in the form (it has {sorted(self.names())})")
        return found

    def __getitem__(self, name):
        values = self._values.get(name)
        if values is None:
            raise KeyError(name)
        return values[-1] if values else None

    def getlist(self, name):
        return list(self._values.get(name, []))

    def __iter__(self):
        return iter([name for name, values in self._values.items() if values])

    def __len__(self):
        return len(list(iter(self)))

    def __contains__(self, name):
        return bool(self._values.get(name))

    # Changing, as a person can.
    def __setitem__(self, name, value):
        """Type into a text field or textarea, or choose in a select (one value or a list)."""
        (kind, controls) = self._kind(name)
        if kind == "text":
            if len(controls) != 1:
                raise FormError(f"{len(controls)} text fields are named {name!r}")
            self._values[name] = [str(value)]
        elif kind == "select":
            self.select(name, *(value if isinstance(value, list | tuple) else [value]))
        elif kind == "radio":
            self.choose(name, value)
        elif kind == "hidden":
            raise FormError(f"{name!r} is a hidden field: a person cannot change it (use forge())")
        else:
            raise FormError(f"{name!r} is a {kind}: use check() or uncheck()")

    def __delitem__(self, name):
        raise FormError("a person cannot remove a field from a form (use forge())")

    def _kind(self, name):
        controls = self.controls_named(name)
        types = {control.type for control in controls}
        if types <= {"textarea"} | TEXT_TYPES:
            return "text", controls
        if types == {"select"}:
            return "select", controls
        if types == {"radio"}:
            return "radio", controls
        if types == {"checkbox"}:
            return "checkbox", controls
        if types == {"hidden"}:
            return "hidden", controls
        raise FormError(f"controls named {name!r} are of several types: {types}")

    def options(self, name):
        """The values a select offers to choose, in page order (disabled options left out)."""
        (select,) = self.controls_named(name)
        if select.tag != "select":
            raise FormError(f"{name!r} is not a select")
        return [value for value, _selected, _label, disabled in select.options if not disabled]

    def select(self, name, *values):
        """Choose these options of a select (replacing the choice). An autocomplete select,
        which fetches its options as the person types, accepts any value."""
        offered = self.options(name)
        (select,) = self.controls_named(name)
        values = [str(value) for value in values]
        if len(values) > 1 and "multiple" not in select.attrs:
            raise FormError(f"{name!r} takes one choice")
        searched = "data-ajax--url" in select.attrs
        missing = [value for value in values if value not in offered and not searched]
        if missing:
            raise FormError(f"{name!r} offers no option {missing}; it offers {sorted(offered)}")
        self._values[name] = values

    def select_label(self, name, label):
        """Choose an option by the text the person reads."""
        (select,) = self.controls_named(name)
        for value, _selected, text, _disabled in select.options:
            if text == label:
                return self.select(name, value)
        raise FormError(f"{name!r} has no option labelled {label!r}")

    def add_choice(self, name, value):
        """Add one more choice to a multiple select."""
        self.select(name, *self.getlist(name), value)

    def choose(self, name, value):
        """Click a radio button."""
        radios = self.controls_named(name)
        if str(value) not in {radio.attrs.get("value", "on") for radio in radios}:
            raise FormError(f"no radio button {name!r} has the value {value!r}")
        self._values[name] = [str(value)]

    def check(self, name, value=None):
        """Tick a checkbox (the one with ``value`` when several share the name)."""
        box = self._checkbox(name, value)
        values = self._values.setdefault(name, [])
        if box.attrs.get("value", "on") not in values:
            values.append(box.attrs.get("value", "on"))

    def uncheck(self, name, value=None):
        box = self._checkbox(name, value)
        self._values[name] = [v for v in self._values.get(name, []) if v != box.attrs.get("value", "on")]

    def _checkbox(self, name, value):
        boxes = [control for control in self.controls_named(name) if control.type == "checkbox"]
        if value is not None:
            boxes = [box for box in boxes if box.attrs.get("value", "on") == str(value)]
        if len(boxes) != 1:
            raise FormError(f"{len(boxes)} checkboxes named {name!r} match value {value!r}")
        return boxes[0]

    def attach(self, name, uploaded_file):
        """Choose a file for a file input."""
        (control,) = self.controls_named(name)
        if control.type != "file":
            raise FormError(f"{name!r} is not a file input")
        self._values[name] = [uploaded_file]

    def forge(self, name, value):
        """Send what the page does not offer: only for tests of forged requests."""
        if value is None:
            self._values.pop(name, None)
        else:
            self._values[name] = list(value) if isinstance(value, list | tuple) else [value]

    # Inline formsets (Django's management form), as the admin's "Add another" does it.
    def inline_prefixes(self):
        return [name.removesuffix("-TOTAL_FORMS") for name in self._values if name.endswith("-TOTAL_FORMS")]

    def inline_prefix(self):
        (prefix,) = self.inline_prefixes()
        return prefix

    def add_inline_row(self, prefix=None, **fields):
        """Add a row from the formset's empty template, fill in ``fields``; return its index."""
        prefix = prefix or self.inline_prefix()
        index = int(self[f"{prefix}-TOTAL_FORMS"])
        template = f"{prefix}-__prefix__-"
        for control in self.controls:
            if control.name.startswith(template) and control.type not in NOT_SENT and not control.disabled:
                new = control.name.replace("__prefix__", str(index), 1)
                self.controls.append(_renamed(control, new))
                self._values[new] = self._initial_values(control)
        self._values[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]
        for field, value in fields.items():
            self[f"{prefix}-{index}-{field}"] = value
        return index

    def inline_rows(self, prefix=None):
        prefix = prefix or self.inline_prefix()
        return int(self[f"{prefix}-TOTAL_FORMS"])

    # Sending.
    def buttons(self):
        return [control for control in self.controls if control.is_button and not control.disabled]

    def data(self, button=None):
        """The data the browser would send, with ``button`` (a name or label) pressed."""
        data = {name: values if len(values) > 1 else values[0] for name, values in self._values.items() if values}
        pressed = self._button(button)
        if pressed is not None and pressed.name:
            data[pressed.name] = pressed.attrs.get("value", "")
        return data

    def _button(self, button):
        buttons = self.buttons()
        if button is None:
            return buttons[0] if buttons else None  # pressing Enter: the first submit button
        for control in buttons:
            label = " ".join(control.text.split()) or control.attrs.get("value", "")
            if button in (control.name, label):
                return control
        raise FormError(f"no button {button!r}; the form has {[(b.name, b.text.strip()) for b in buttons]}")

    def submit(self, button=None, **client_kwargs):
        """Press ``button`` (its name or label; Enter when None) and return the response."""
        data = self.data(button)
        path = self._path()
        if self.method == "post":
            return self.page.client.post(path, data, **client_kwargs)
        return self.page.client.get(path, data, **client_kwargs)

    def _path(self):
        parts = urlsplit(self.action)
        return parts.path + (f"?{parts.query}" if parts.query else "")


def _size_above_one(control):
    try:
        return int(control.attrs.get("size") or 1) > 1
    except ValueError:
        return False


def _renamed(control, name):
    copy = Control(control.tag, {**control.attrs, "name": name}, control.owner)
    copy.options, copy.text = control.options, control.text
    return copy


def open_page(client, url, **get_kwargs):
    """GET ``url`` and parse its forms; the page must answer 200."""
    response = client.get(url, **get_kwargs)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    return RenderedPage(client, response, url)


def page_of(client, response):
    """The forms of a page the client already received (say, a form shown again with errors)."""
    request = response.wsgi_request
    url = request.get_full_path()
    return RenderedPage(client, response, url)


def open_form(client, url, form_id=None, **selectors):
    """The one form on ``url`` a test wants: by id, action or a control it contains."""
    return open_page(client, url).form(form_id, **selectors)
