/* Reader warning preferences: kept in this browser (localStorage), so the server sends the
   same HTML to every reader. The standing choices are applied while the page is parsed, by
   early.js (in <head>); this script handles what the reader does on the page. Without
   JavaScript every flagged passage simply stays closed and can be opened by hand. */
(function () {
  "use strict";

  var warnings = window.ourplanetWarnings;
  var KEY = warnings.KEY;
  var load = warnings.load;
  var slugsOf = warnings.slugsOf;
  var loadDeferredPictures = warnings.loadDeferredPictures;
  var CONSENT = "details.interstitial, details.discretion:not(.graphic-image)";

  function save(prefs) {
    window.localStorage.setItem(KEY, JSON.stringify(prefs));
  }

  function initDeferredPictures() {
    document.querySelectorAll("details.graphic-image").forEach(function (details) {
      if (details.open) loadDeferredPictures(details);
      details.addEventListener("toggle", function () {
        if (details.open) loadDeferredPictures(details);
      });
    });
  }

  /* The categories a reader has accepted around an element: those of every open warning
     they opened themselves (or chose to see without warning), not those opened only to
     keep pictures blurred. */
  function acceptedAround(element) {
    var accepted = {};
    for (var around = element.parentElement.closest(CONSENT); around; around = around.parentElement.closest(CONSENT)) {
      if (!around.open || around.dataset.openedBy === "blur") continue;
      slugsOf(around).forEach(function (slug) { accepted[slug] = true; });
    }
    return accepted;
  }

  /* Consent once: accepting a warning covers the pictures of that same category inside
     it; a picture flagged for anything else still asks, and so does a section inside it
     (its text may go further than the warning the reader accepted). */
  function initConsent() {
    document.querySelectorAll(CONSENT).forEach(function (warning) {
      warning.addEventListener("toggle", function () {
        if (!warning.open) { delete warning.dataset.openedBy; return; }
        if (warning.dataset.openedBy === "blur") return;
        warning.querySelectorAll("details.graphic-image:not([open])").forEach(function (picture) {
          if (picture.parentElement.closest("details:not([open])")) return;  // not in view yet
          var accepted = acceptedAround(picture);
          var slugs = slugsOf(picture);
          if (slugs.length && slugs.every(function (slug) { return accepted[slug]; })) {
            picture.open = true;
          }
        });
      });
    });
  }

  function initGoBack() {
    document.querySelectorAll("[data-go-back]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var sameSite = document.referrer && document.referrer.indexOf(window.location.origin) === 0;
        if (sameSite && window.history.length > 1) {
          event.preventDefault();
          window.history.back();
        }
      });
    });
  }

  function initForm(form) {
    var status = form.querySelector("[data-preferences-status]");
    var prefs = load();

    form.querySelectorAll("fieldset[data-category]").forEach(function (fieldset) {
      var chosen = prefs.categories[fieldset.dataset.category];
      if (!chosen) return;
      var input = fieldset.querySelector('input[value="' + chosen + '"]');
      if (input) input.checked = true;
    });
    form.querySelectorAll("select[data-series]").forEach(function (select) {
      select.value = prefs.watched[select.dataset.series] || "";
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var next = { categories: {}, watched: {} };
      form.querySelectorAll("fieldset[data-category]").forEach(function (fieldset) {
        var checked = fieldset.querySelector("input:checked");
        if (checked && checked.value !== "warn") next.categories[fieldset.dataset.category] = checked.value;
      });
      form.querySelectorAll("select[data-series]").forEach(function (select) {
        if (select.value) next.watched[select.dataset.series] = select.value;
      });
      try {
        save(next);
        warnings.reload();
        status.textContent = "Saved. Your choices apply on every page of this site, in this browser.";
      } catch (error) {
        status.textContent = "Your browser would not let us save these choices (storage is blocked).";
      }
    });

    var reset = form.querySelector("[data-preferences-reset]");
    if (reset) {
      reset.addEventListener("click", function () {
        window.localStorage.removeItem(KEY);
        form.querySelectorAll('input[value="warn"]').forEach(function (input) { input.checked = true; });
        form.querySelectorAll("select[data-series]").forEach(function (select) { select.value = ""; });
        status.textContent = "Back to the defaults: every warning is shown.";
      });
    }
  }

  function start() {
    initDeferredPictures();
    initConsent();
    initGoBack();
    var form = document.querySelector("[data-preferences-form]");
    if (form) initForm(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
