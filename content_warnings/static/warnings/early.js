/* The reader's standing choices, applied while the page is parsed, before it is first
   painted: a passage they chose to see is never shown closed and then opened. Loaded
   synchronously in <head> on purpose, so it is kept tiny; everything that can wait is in
   warnings.js (deferred). Preferences live in this browser only (localStorage). */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

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

  function slugsOf(element) {
    return (element.getAttribute("data-category") || "").split(/\s+/).filter(Boolean);
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

  /* A flagged picture's real addresses wait in data- attributes until its reveal opens. */
  function loadDeferred(element) {
    if (element.dataset.srcset) { element.srcset = element.dataset.srcset; element.removeAttribute("data-srcset"); }
    if (element.dataset.src) { element.src = element.dataset.src; element.removeAttribute("data-src"); }
  }

  function loadDeferredPictures(details) {
    details.querySelectorAll("[data-src], [data-srcset]").forEach(loadDeferred);
  }

  var prefs = load();

  /* One element as the parser hands it over: a warning to open, a picture to load, an
     inline spoiler to uncover. */
  function apply(element) {
    if (element.matches("details.discretion, details.interstitial")) {
      var choice = choiceFor(prefs, slugsOf(element));
      var isPicture = element.classList.contains("graphic-image");
      if (choice === "show" || (choice === "blur" && !isPicture)) {
        element.dataset.openedBy = choice;
        element.open = true;
      }
    } else if (element.matches("details.spoiler[data-series]")) {
      if (hasWatched(prefs, element.dataset.series, element.dataset.season, element.dataset.episode)) {
        element.open = true;
      }
    } else if (element.matches("[data-src], [data-srcset]")) {
      var gate = element.closest("details.graphic-image");
      if (gate && gate.open) loadDeferred(element);
    } else if (element.matches(".spoiler-inline input[type=checkbox]")) {
      var article = element.closest("[data-spoilers]");
      var scopes;
      try { scopes = JSON.parse(article.getAttribute("data-spoilers")); } catch (error) { return; }
      if (scopes.length && scopes.every(function (scope) {
        return hasWatched(prefs, scope.series, scope.season, scope.episode);
      })) element.checked = true;
    }
  }

  function applyToPage() {
    document.querySelectorAll(
      "details, [data-src], [data-srcset], .spoiler-inline input[type=checkbox]"
    ).forEach(apply);
  }

  var watching = Object.keys(prefs.categories).length || Object.keys(prefs.watched).length;
  if (watching && window.MutationObserver) {
    var observer = new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) apply(node);
        });
      });
    });
    observer.observe(root, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", function () {
      observer.disconnect();
      applyToPage();
    });
  }

  window.ourplanetWarnings = {
    KEY: KEY,
    load: load,
    slugsOf: slugsOf,
    loadDeferredPictures: loadDeferredPictures,
    reload: function () { prefs = load(); }
  };
})();
