/* Spoilers caught while typing: the outward text (title, standfirst, spoiler-free headline
   and description, picture text, warning notes) is checked on the server a moment after
   the editor stops typing, and each word that would give something away is named under
   its field. The same check runs again on save; this only tells sooner. */
(function () {
  "use strict";
  var DELAY = 700;

  function start() {
    var marker = document.querySelector("[data-spoiler-check-url]");
    if (!marker) return;
    var form = marker.closest("form") || document.querySelector("#content-main form");
    if (!form) return;
    var url = marker.getAttribute("data-spoiler-check-url");
    var panel = document.createElement("section");
    panel.className = "newsroom-banner spoiler-check";
    panel.setAttribute("aria-labelledby", "spoiler-check-title");
    panel.hidden = true;
    panel.innerHTML = '<h2 id="spoiler-check-title">Possible spoilers in text readers see first</h2>' +
      '<div role="status" aria-live="polite"><ul class="spoiler-check-list"></ul></div>' +
      '<p class="help">Readers see these before any warning. Change the words, or, if they give nothing away, ' +
      'tick “I have checked: this is not a spoiler” before publishing.</p>';
    marker.parentNode.insertBefore(panel, marker);
    var list = panel.querySelector(".spoiler-check-list");
    var timer = null;
    var request = 0;

    function clearMarks() {
      form.querySelectorAll(".spoiler-check-field").forEach(function (note) { note.remove(); });
      form.querySelectorAll("[data-spoiler-flagged]").forEach(function (field) {
        field.removeAttribute("data-spoiler-flagged");
        field.removeAttribute("aria-describedby");
      });
    }

    function markField(name, messages, index) {
      var field = form.elements[name];
      if (!field || !field.parentNode) return;
      if (field instanceof RadioNodeList) field = field[0];
      var note = document.createElement("p");
      note.className = "spoiler-check-field";
      note.id = "spoiler-check-field-" + index;
      note.textContent = messages.join(" ");
      field.setAttribute("data-spoiler-flagged", "");
      field.setAttribute("aria-describedby", note.id);
      field.insertAdjacentElement("afterend", note);
    }

    function show(findings) {
      clearMarks();
      list.replaceChildren();
      var byField = {};
      findings.forEach(function (finding) {
        var item = document.createElement("li");
        item.textContent = finding.message;
        list.appendChild(item);
        if (finding.name) (byField[finding.name] = byField[finding.name] || []).push(finding.message);
      });
      Object.keys(byField).forEach(function (name, index) { markField(name, byField[name], index); });
      panel.hidden = findings.length === 0;
    }

    function check() {
      var mine = ++request;
      var data = new FormData(form);
      fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (result) { if (mine === request) show(result.findings); })
        .catch(function () { /* the check on save still runs */ });
    }

    function later(event) {
      var target = event.target;
      if (!target || !target.name || target.type === "file" || target.name === "csrfmiddlewaretoken") return;
      window.clearTimeout(timer);
      timer = window.setTimeout(check, DELAY);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    if (window.django && window.django.jQuery) {
      /* The admin's searchable selects (select2) announce a choice through jQuery only. */
      window.django.jQuery(form).on("select2:select select2:unselect", function (event) { later({ target: event.target }); });
    }
    check();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
