/* A live preview of the Markdown body, rendered by the same code that renders on save. */
(function () {
  "use strict";
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function start() {
    var body = document.querySelector("textarea[data-live-preview]");
    if (!body) return;
    var url = body.getAttribute("data-live-preview");
    if (!url) return;
    var panel = document.createElement("section");
    panel.className = "live-preview";
    panel.setAttribute("aria-live", "polite");
    panel.innerHTML = '<h2 class="live-preview-title">Live preview</h2><div class="live-preview-body"></div>';
    (body.closest(".form-row") || body.parentNode).appendChild(panel);
    var target = panel.querySelector(".live-preview-body");
    var timer = null;
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
            target.replaceChildren(list);
          } else {
            target.innerHTML = result.html; /* already sanitised on the server */
          }
        })
        .catch(function () { target.textContent = "The preview could not be loaded."; });
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
