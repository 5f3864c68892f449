/* A live preview of the Markdown body, rendered by the same code that renders on save and
   shown beside the text with the reader site's own stylesheet (in a frame, so the admin's
   styles and the site's never mix). */
(function () {
  "use strict";
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function escapeAttribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }
  function start() {
    var body = document.querySelector("textarea[data-live-preview]");
    if (!body) return;
    var url = body.getAttribute("data-live-preview");
    if (!url) return;
    var stylesheet = body.getAttribute("data-preview-stylesheet");
    var panel = document.createElement("section");
    panel.className = "live-preview";
    panel.setAttribute("aria-labelledby", "live-preview-title");
    panel.innerHTML = '<h2 class="live-preview-title" id="live-preview-title">Live preview, as readers see it</h2>' +
      '<div class="live-preview-errors" role="status" aria-live="polite"></div>';
    var frame = document.createElement("iframe");
    frame.className = "live-preview-frame";
    frame.title = "Live preview of the body";
    frame.setAttribute("sandbox", "allow-same-origin");
    panel.appendChild(frame);
    var editor = body.closest(".newsroom-editor");
    if (editor) editor.appendChild(panel);
    else (body.closest(".form-row") || body.parentNode).appendChild(panel);
    var errors = panel.querySelector(".live-preview-errors");
    var timer = null;

    function show(html) {
      var head = '<meta charset="utf-8">' + (stylesheet ? '<link rel="stylesheet" href="' + escapeAttribute(stylesheet) + '">' : "");
      frame.srcdoc = "<!doctype html><html lang=\"en\"><head>" + head + "</head><body>" +
        '<main class="wrap"><article class="article"><div class="article-body">' + html + "</div></article></main></body></html>";
    }
    function refresh() {
      var data = new FormData();
      data.append("body", body.value);
      fetch(url, { method: "POST", body: data, headers: { "X-CSRFToken": csrfToken() }, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (result) {
          if (result.errors.length) {
            var list = document.createElement("ul");
            list.className = "errorlist";
            result.errors.forEach(function (message) {
              var item = document.createElement("li");
              item.textContent = message;
              list.appendChild(item);
            });
            errors.replaceChildren(list);
          } else {
            errors.replaceChildren();
            show(result.html); /* already sanitised on the server */
          }
        })
        .catch(function () { errors.textContent = "The preview could not be loaded."; });
    }
    body.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 600);
    });
    refresh();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
