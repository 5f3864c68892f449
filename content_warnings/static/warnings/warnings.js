/* Reader warning preferences: kept in this browser (localStorage) and applied here, so the
   server sends the same HTML to every reader. Without JavaScript every flagged passage
   simply stays closed and can be opened by hand. */
(function () {
  "use strict";

  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  var KEY = "ourplanet:warning-preferences";
  var RANK = { warn: 0, blur: 1, show: 2 };

  function load() {
    try {
      var prefs = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return { categories: prefs.categories || {}, watched: prefs.watched || {} };
    } catch (error) {
      return { categories: {}, watched: {} };
    }
  }

  function save(prefs) {
    window.localStorage.setItem(KEY, JSON.stringify(prefs));
  }

  /* The most cautious choice among the categories of one passage; "warn" by default. */
  function choiceFor(prefs, slugs) {
    if (!slugs.length) return "warn";
    return slugs.reduce(function (most, slug) {
      var choice = RANK.hasOwnProperty(prefs.categories[slug]) ? prefs.categories[slug] : "warn";
      return RANK[choice] < RANK[most] ? choice : most;
    }, "show");
  }

  function hasWatched(prefs, series, season, episode) {
    var watched = prefs.watched[series];
    if (!watched) return false;
    if (watched === "all") return true;
    if (episode === null || episode === undefined || episode === "") return false;
    var parts = watched.split(":").map(Number);
    season = Number(season);
    episode = Number(episode);
    return parts[0] > season || (parts[0] === season && parts[1] >= episode);
  }

  function slugsOf(element) {
    return (element.getAttribute("data-category") || "").split(/\s+/).filter(Boolean);
  }

  function applyToPage(prefs) {
    document.querySelectorAll("details.discretion, details.interstitial").forEach(function (details) {
      var choice = choiceFor(prefs, slugsOf(details));
      var isPicture = details.classList.contains("graphic-image");
      if (choice === "show" || (choice === "blur" && !isPicture)) details.open = true;
    });
    document.querySelectorAll("details.spoiler[data-series]").forEach(function (details) {
      if (hasWatched(prefs, details.dataset.series, details.dataset.season, details.dataset.episode)) {
        details.open = true;
      }
    });
    document.querySelectorAll("[data-spoilers]").forEach(function (article) {
      var scopes;
      try { scopes = JSON.parse(article.getAttribute("data-spoilers")); } catch (error) { return; }
      if (!scopes.length) return;
      var covered = scopes.every(function (scope) {
        return hasWatched(prefs, scope.series, scope.season, scope.episode);
      });
      if (covered) {
        article.querySelectorAll(".spoiler-inline input[type=checkbox]").forEach(function (box) {
          box.checked = true;
        });
      }
    });
  }

  /* A flagged picture's real addresses wait in data- attributes until its reveal opens. */
  function loadDeferredPictures(details) {
    details.querySelectorAll("[data-src], [data-srcset]").forEach(function (element) {
      if (element.dataset.srcset) { element.srcset = element.dataset.srcset; element.removeAttribute("data-srcset"); }
      if (element.dataset.src) { element.src = element.dataset.src; element.removeAttribute("data-src"); }
    });
  }

  function initDeferredPictures() {
    document.querySelectorAll("details.graphic-image").forEach(function (details) {
      if (details.open) loadDeferredPictures(details);
      details.addEventListener("toggle", function () {
        if (details.open) loadDeferredPictures(details);
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
    applyToPage(load());
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
