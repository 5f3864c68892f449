"""The rendered-form helper sends what a browser would send, and refuses what a person cannot do."""

from types import SimpleNamespace

import pytest

from .rendered_forms import FormError, RenderedPage, open_page

PAGE = """<!doctype html>
<html><body>
<form id="main" method="post" action="/save/?next=1">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input type="hidden" name="edit_version_seen" value="7">
  <input name="title" value="Walruses &amp; cliffs">
  <input type="text" name="disabled_one" value="x" disabled>
  <input name="no_value">
  <textarea name="body">
The walruses haul out.
Second line &lt;b&gt;</textarea>
  <textarea name="empty"></textarea>
  <input type="checkbox" name="is_held">
  <input type="checkbox" name="confirmed" value="yes" checked>
  <input type="checkbox" name="ids" value="1" checked><input type="checkbox" name="ids" value="2">
  <input type="radio" name="to" value="current" checked><input type="radio" name="to" value="5">
  <input type="radio" name="from" value="3"><input type="radio" name="from" value="4">
  <select name="status"><option value="draft">Draft</option><option value="published">Published</option></select>
  <select name="chosen"><option value="a">A</option><option value="b" selected>B</option>
    <option value="c" disabled>C</option></select>
  <select name="episodes" multiple><option value="1" selected>One</option><option value="2">Two</option>
    <option value="3" selected>Three</option></select>
  <select name="authors" multiple data-ajax--url="/autocomplete/"><option value="9" selected>Nine</option></select>
  <select name="noval"><option>Plain text option</option></select>
  <input type="file" name="picture">
  <input type="hidden" name="w-TOTAL_FORMS" value="1"><input type="hidden" name="w-INITIAL_FORMS" value="1">
  <input type="hidden" name="w-0-id" value="41"><input name="w-0-note" value="A note">
  <input type="checkbox" name="w-0-DELETE">
  <div class="empty-form"><input type="hidden" name="w-__prefix__-id"><input name="w-__prefix__-note" value="">
    <select name="w-__prefix__-category"><option value="" selected>---</option><option value="12">Predation</option></select></div>
  <input type="submit" name="_save" value="Save">
  <button type="submit" name="_continue" value="1">Save and continue editing</button>
  <button type="button" name="not_a_submit">Help</button>
</form>
<form id="other" method="post" action="/other/"></form>
<button type="submit" form="other" name="restore" value="yes">Restore</button>
<form method="get" action=""><input name="q" value="walrus"><button>Search</button></form>
</body></html>"""


class RecordingClient:
    def __init__(self):
        self.sent = []

    def post(self, path, data, **kwargs):
        self.sent.append(("POST", path, data))
        return "posted"

    def get(self, path, data=None, **kwargs):
        self.sent.append(("GET", path, data))
        return "got"


@pytest.fixture
def recorder():
    return RecordingClient()


def page(client, html=PAGE, url="/edit/3/"):
    return RenderedPage(client, SimpleNamespace(content=html.encode()), url)


def test_every_control_the_browser_sends_is_read_as_rendered(recorder):
    form = page(recorder).form("main")

    data = form.data("_save")

    assert data == {
        "csrfmiddlewaretoken": "tok",
        "edit_version_seen": "7",
        "title": "Walruses & cliffs",
        "no_value": "",
        "body": "The walruses haul out.\nSecond line <b>",
        "empty": "",
        "confirmed": "yes",
        "ids": "1",
        "to": "current",
        "status": "draft",
        "chosen": "b",
        "episodes": ["1", "3"],
        "authors": "9",
        "noval": "Plain text option",
        "picture": "",
        "w-TOTAL_FORMS": "1",
        "w-INITIAL_FORMS": "1",
        "w-0-id": "41",
        "w-0-note": "A note",
        "w-__prefix__-id": "",
        "w-__prefix__-note": "",
        "w-__prefix__-category": "",
        "_save": "Save",
    }


def test_unchecked_boxes_unchosen_radios_disabled_fields_and_plain_buttons_are_not_sent(recorder):
    data = page(recorder).form("main").data()

    for name in ["is_held", "from", "disabled_one", "not_a_submit", "w-0-DELETE"]:
        assert name not in data


def test_pressing_enter_presses_the_first_submit_button_and_only_it(recorder):
    data = page(recorder).form("main").data()

    assert data["_save"] == "Save"
    assert "_continue" not in data


def test_a_button_is_pressed_by_name_or_by_its_label(recorder):
    form = page(recorder).form("main")

    assert form.data("Save and continue editing")["_continue"] == "1"
    assert "_save" not in form.data("_continue")
    with pytest.raises(FormError, match="no button 'Publish'"):
        form.data("Publish")


def test_typing_ticking_and_choosing_change_what_is_sent(recorder):
    form = page(recorder).form("main")

    form["title"] = "New title"
    form["body"] = "New body"
    form.check("is_held")
    form.uncheck("confirmed")
    form.check("ids", "2")
    form.choose("to", "5")
    form["status"] = "published"
    form.select_label("chosen", "A")
    form.add_choice("episodes", "2")
    form.add_choice("authors", "10")  # an autocomplete: options come from its search
    form.check("w-0-DELETE")
    data = form.data()

    assert (data["title"], data["body"]) == ("New title", "New body")
    assert data["is_held"] == "on"
    assert "confirmed" not in data
    assert data["ids"] == ["1", "2"]
    assert data["to"] == "5"
    assert (data["status"], data["chosen"]) == ("published", "a")
    assert data["episodes"] == ["1", "3", "2"]
    assert data["authors"] == ["9", "10"]
    assert data["w-0-DELETE"] == "on"


def test_a_form_offers_its_enabled_controls_only(recorder):
    form = page(recorder).form("main")

    assert form.offers("title") and form.offers("is_held") and form.offers("w-0-DELETE")
    assert not form.offers("disabled_one")
    assert not form.offers("restore")  # it belongs to another form
    assert not form.offers("nonexistent")


def test_a_select_lists_the_options_a_person_can_choose(recorder):
    form = page(recorder).form("main")

    assert form.options("status") == ["draft", "published"]
    assert form.options("chosen") == ["a", "b"]  # not the disabled one
    assert form.options("noval") == ["Plain text option"]
    with pytest.raises(FormError, match="not a select"):
        form.options("title")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda form: form.__setitem__("edit_version_seen", "8"), "hidden field"),
        (lambda form: form.__setitem__("status", "deleted"), "offers no option"),
        (lambda form: form.select("chosen", "a", "b"), "takes one choice"),
        (lambda form: form.choose("to", "99"), "no radio button"),
        (lambda form: form.check("ids"), "2 checkboxes"),
        (lambda form: form.__setitem__("is_held", "on"), "use check"),
        (lambda form: form.__setitem__("nonexistent", "x"), "no enabled control"),
        (lambda form: form.__setitem__("disabled_one", "x"), "no enabled control"),
        (lambda form: form.attach("title", b""), "not a file input"),
        (lambda form: form.__delitem__("title"), "cannot remove"),
    ],
)
def test_what_a_person_cannot_do_is_refused(recorder, change, message):
    form = page(recorder).form("main")

    with pytest.raises(FormError, match=message):
        change(form)


def test_forging_is_explicit(recorder):
    form = page(recorder).form("main")

    form.forge("edit_version_seen", None)
    form.forge("status", "deleted")

    assert "edit_version_seen" not in form.data()
    assert form.data()["status"] == "deleted"


def test_adding_an_inline_row_copies_the_empty_template_and_counts_it(recorder):
    form = page(recorder).form("main")

    index = form.add_inline_row("w", note="Polar bears hunt.", category="12")

    assert index == 1
    data = form.data()
    assert data["w-TOTAL_FORMS"] == "2"
    assert data["w-INITIAL_FORMS"] == "1"
    assert (data["w-1-id"], data["w-1-note"], data["w-1-category"]) == ("", "Polar bears hunt.", "12")
    assert form.inline_prefixes() == ["w"]
    with pytest.raises(FormError):
        form.add_inline_row("w", category="99")


def test_submit_posts_to_the_forms_action_and_gets_to_its_own(recorder):
    rendered = page(recorder)

    rendered.form("main").submit()
    rendered.form(containing="q").submit()

    (method, path, data) = recorder.sent[0]
    assert (method, path) == ("POST", "/save/?next=1")
    assert data["title"] == "Walruses & cliffs"
    assert recorder.sent[1] == ("GET", "/edit/3/", {"q": "walrus"})


def test_a_button_outside_the_form_belongs_to_the_form_it_names(recorder):
    rendered = page(recorder)

    other = rendered.form("other")

    assert other.data("Restore") == {"restore": "yes"}
    assert "restore" not in rendered.form("main").names()


def test_choosing_a_form_that_is_not_there_or_not_unique_fails_clearly(recorder):
    rendered = page(recorder)

    with pytest.raises(FormError, match="0 forms match"):
        rendered.form("missing")
    with pytest.raises(FormError, match="3 forms match"):
        rendered.form()
    assert rendered.form(action="/other/").attrs["id"] == "other"


@pytest.mark.django_db
def test_the_admins_add_page_is_read_with_its_inline_management_form(editor_client):
    form = open_page(editor_client, "/admin/articles/article/add/").form("article_form")

    prefix = form.inline_prefix()
    assert prefix.startswith("warnings-contentwarning")
    assert form[f"{prefix}-TOTAL_FORMS"] == "0"
    assert form["status"] == "draft"
    assert "csrfmiddlewaretoken" in form
