/* Autosave for the article edit page: every 30 seconds when something changed, and when
   the page is left. It stores a copy of the text for this editor only; nothing is
   published or saved to the article itself. */
(function () {
  "use strict";
  var INTERVAL = 30000;

  function start() {
    var script = document.querySelector("script[data-autosave-url]");
    var form = document.getElementById("article_form");
    if (!script || !form) return;
    var url = script.getAttribute("data-autosave-url");
    /* The text fields come from the server (Article.TEXT_FIELDS), with the version the page was loaded at. */
    var fields = (script.getAttribute("data-autosave-fields") || "").split(" ").filter(Boolean).concat(["edit_version_seen"]);
    var status = document.querySelector("[data-autosave-status]");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var submitting = false;

    function payload() {
      var data = new FormData();
      fields.forEach(function (name) {
        var field = form.elements[name];
        if (field) data.append(name, field.value);
      });
      if (token) data.append("csrfmiddlewaretoken", token.value);
      return data;
    }

    var last = JSON.stringify(Array.from(payload().entries()));

    function changed() {
      var now = JSON.stringify(Array.from(payload().entries()));
      if (now === last) return false;
      last = now;
      return true;
    }

    function save() {
      if (submitting || !changed()) return;
      fetch(url, { method: "POST", body: payload(), credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (result) {
          if (!status) return;
          var text = "Unsaved changes kept in your autosave at " + result.saved_at + ".";
          if (result.others && result.others.length) text += " Also editing: " + result.others.join(", ") + ".";
          status.textContent = text;
        })
        .catch(function () { if (status) status.textContent = "Autosave failed; save the article to keep your work."; });
    }

    form.addEventListener("submit", function () { submitting = true; });
    /* The first change is kept within seconds, which also tells others on the page that
       this editor is editing, not only viewing; then every 30 seconds. */
    var first = true;
    form.addEventListener("input", function () {
      if (!first) return;
      first = false;
      window.setTimeout(save, 2000);
    });
    window.setInterval(save, INTERVAL);
    window.addEventListener("pagehide", function () {
      if (!submitting && changed() && navigator.sendBeacon) navigator.sendBeacon(url, payload());
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save();
    });

    var discard = document.querySelector("[data-discard-autosave]");
    if (discard) {
      discard.addEventListener("click", function () {
        var data = new FormData();
        data.append("discard", "1");
        if (token) data.append("csrfmiddlewaretoken", token.value);
        fetch(url, { method: "POST", body: data, credentials: "same-origin" }).then(function () {
          var banner = discard.closest(".newsroom-autosave");
          if (banner) banner.remove();
        });
      });
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
