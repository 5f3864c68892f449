"""Checks across two app servers sharing PostgreSQL, Redis and object storage.

Run by .ci/multi_host, which starts everything and sets MULTIHOST_A, MULTIHOST_B and
MULTIHOST_PASSWORD. Everything goes through HTTP as a person would: pages are fetched,
forms parsed from the HTML and submitted with what the page holds.
"""

import html
import http.client
import os
import re
import time
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser

A = os.environ["MULTIHOST_A"]
B = os.environ["MULTIHOST_B"]
PASSWORD = os.environ["MULTIHOST_PASSWORD"]
WORKER_WAIT = 30  # seconds the task worker gets to make renditions


class Response:
    def __init__(self, path, status, headers, body):
        self.path, self.status, self.headers, self.body = path, status, headers, body
        self.text = body.decode("utf-8", "replace")


class Browser:
    """Cookies and CSRF as a browser keeps them, on one app server, behind a TLS proxy."""

    def __init__(self, base):
        self.base = base
        self.netloc = urllib.parse.urlsplit(base).netloc
        self.cookies = {}

    def request(self, method, path, body=None, content_type=None):
        connection = http.client.HTTPConnection(self.netloc, timeout=30)
        headers = {
            "Host": self.netloc,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{self.netloc}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        raw = connection.getresponse()
        response = Response(path, raw.status, raw.msg, raw.read())
        connection.close()
        for cookie in raw.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""'):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response

    def get(self, path):
        return self.request("GET", path)

    def submit(self, page, form_id, changes=None, files=None, button=None):
        """POST the form ``form_id`` of ``page`` with what it holds, changed by ``changes``."""
        form = Form.parse(page.text, form_id)
        fields = form.values(button)
        for name, value in (changes or {}).items():
            fields = [(n, v) for n, v in fields if n != name]
            values = value if isinstance(value, list) else [value]
            fields += [(name, v) for v in values]
        boundary = uuid.uuid4().hex
        body = multipart(fields, files or {}, boundary)
        return self.request("POST", form.action or page.path, body, f"multipart/form-data; boundary={boundary}")

    def log_in(self, username):
        page = self.get("/admin/login/?next=/admin/")
        response = self.submit(page, "login-form", {"username": username, "password": PASSWORD})
        assert response.status == 302, f"login of {username} on {self.base} failed"
        return self


class Form(HTMLParser):
    """The successful controls of one form, as a browser would submit them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.action = form_id, False, None
        self.fields, self.buttons = [], {}
        self._textarea = self._select = None
        self._options = []

    @classmethod
    def parse(cls, text, form_id):
        form = cls(form_id)
        form.feed(text)
        assert form.action is not None, f"no form #{form_id} on the page"
        return form

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside, self.action = True, attrs.get("action") or ""
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind == "submit":
                self.buttons[name] = attrs.get("value", "")
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("file", "button", "image", "reset"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields += [(name, value) for value in chosen]
            self._select = None

    def values(self, button=None):
        pressed = [(button, self.buttons.get(button, ""))] if button else []
        return self.fields + pressed


def multipart(fields, files, boundary):
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data, content_type) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def jpeg_bytes():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (20, 110, 160)).save(buffer, format="JPEG")
    return buffer.getvalue()


def fetch(url):
    with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 - the local S3 server
        return response.status, response.read()


def image_preview_url(page):
    match = re.search(r'<img src="([^"]+)" alt="" style="max-width:24rem">', page.text)
    assert match, "the image change page shows no preview"
    return html.unescape(match.group(1))


def add_article(browser, title, **changes):
    page = browser.get("/admin/articles/article/add/")
    assert page.status == 200
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    response = browser.submit(page, "article_form", {
        "title": title, "slug": slug, "standfirst": "Filmed over four years.",
        "body": "The walruses haul out on the beach.", **changes,
    }, button="_save")
    assert response.status == 302, f"the article was not saved: {error_list(response)}"
    found = browser.get(f"/admin/articles/article/?q={urllib.parse.quote(title)}")
    match = re.search(r"/admin/articles/article/(\d+)/change/", found.text)
    assert match, "the saved article is not in the list"
    return int(match.group(1))


def error_list(response):
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)[:5]


def test_both_app_servers_are_healthy():
    for base in (A, B):
        status, body = fetch(f"{base}/healthz")
        assert status == 200
        assert b'"database": "ok"' in body and b'"cache": "ok"' in body and b'"storage": "ok"' in body


def test_an_upload_on_one_server_is_served_by_the_other_and_its_renditions_task_runs():
    one, two = Browser(A).log_in("editor-one"), Browser(B).log_in("editor-two")
    page = one.get("/admin/articles/image/add/")
    response = one.submit(
        page, "image_form", {"alt_text": "Walruses on a beach"},
        files={"file": ("walruses.jpg", jpeg_bytes(), "image/jpeg")}, button="_save",
    )
    assert response.status == 302, f"the upload was refused: {error_list(response)}"
    listed = two.get("/admin/articles/image/?q=Walruses")
    image_id = re.search(r"/admin/articles/image/(\d+)/change/", listed.text).group(1)

    # Served from the other server at once: the original (signed) until renditions exist.
    status, data = fetch(image_preview_url(two.get(f"/admin/articles/image/{image_id}/change/")))
    assert status == 200 and data[:2] == b"\xff\xd8"

    # The renditions task was queued on the first server and run by the worker.
    deadline = time.monotonic() + WORKER_WAIT
    while "/renditions/" not in (preview := image_preview_url(two.get(f"/admin/articles/image/{image_id}/change/"))):
        assert time.monotonic() < deadline, "the renditions task did not run"
        time.sleep(0.5)
    assert "X-Amz-" not in preview  # renditions are public, originals signed
    status, data = fetch(preview)
    assert status == 200 and data[:2] == b"\xff\xd8"
    results = two.get("/admin/django_tasks_database/dbtaskresult/?status__exact=SUCCESSFUL")
    assert "make_renditions" in results.text


def test_an_article_published_on_one_server_is_on_the_others_home_page_at_the_next_request():
    reader_of_b = Browser(B)
    title = f"Walrus beach {uuid.uuid4().hex[:8]}"
    assert title not in reader_of_b.get("/").text  # B has served (and could have cached) its home page

    add_article(Browser(A).log_in("editor-one"), title, status="published")

    home = reader_of_b.get("/")
    assert home.status == 200
    assert title in home.text


def test_editors_on_different_servers_see_each_other():
    one, two = Browser(A).log_in("editor-one"), Browser(B).log_in("editor-two")
    article_id = add_article(one, f"Presence {uuid.uuid4().hex[:8]}")
    change = f"/admin/articles/article/{article_id}/change/"

    assert "Also on this article" not in one.get(change).text
    on_b = two.get(change).text
    assert "Also on this article in the last few minutes" in on_b and "editor-one" in on_b
    on_a = one.get(change).text
    assert "editor-two" in on_a


def test_sessions_are_shared_between_the_servers():
    one = Browser(A).log_in("editor-one")
    other = Browser(B)
    other.cookies = dict(one.cookies)
    assert other.get("/admin/").status == 200  # the session started on A is known to B


def test_the_second_stale_save_of_an_article_is_refused_across_servers():
    one, two = Browser(A).log_in("editor-one"), Browser(B).log_in("editor-two")
    article_id = add_article(one, f"Stale save {uuid.uuid4().hex[:8]}")
    change = f"/admin/articles/article/{article_id}/change/"
    page_one, page_two = one.get(change), two.get(change)

    first = one.submit(page_one, "article_form", {"standfirst": "First editor's words."}, button="_save")
    assert first.status == 302, error_list(first)
    second = two.submit(page_two, "article_form", {"standfirst": "Second editor's words."}, button="_save")

    assert second.status == 200
    assert "Someone else saved this article while you were editing it" in second.text
    assert "First editor&#x27;s words." in one.get(change).text or "First editor's words." in one.get(change).text
