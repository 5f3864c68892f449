/* Light or dark: the system's choice (prefers-color-scheme, in CSS) unless the reader
   picked one with the toggle, remembered in this browser. Loaded synchronously in <head>
   so the page is painted in the right theme from the start; kept tiny for that reason. */
(function () {
  "use strict";
  var KEY = "ourplanet:theme";
  var root = document.documentElement;
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }
  function set(theme) {
    if (theme === "dark" || theme === "light") root.setAttribute("data-theme", theme);
    else root.removeAttribute("data-theme");
  }
  function isDark() {
    var theme = root.getAttribute("data-theme");
    return theme ? theme === "dark" : Boolean(dark && dark.matches);
  }

  root.classList.remove("no-js");
  root.classList.add("js");
  set(stored());

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    function show() { button.setAttribute("aria-pressed", String(isDark())); }
    show();
    if (dark && dark.addEventListener) dark.addEventListener("change", show);
    button.addEventListener("click", function () {
      /* Back to following the system when the choice matches it again. */
      var next = isDark() ? "light" : "dark";
      var system = dark && dark.matches ? "dark" : "light";
      set(next === system ? null : next);
      try {
        if (next === system) window.localStorage.removeItem(KEY);
        else window.localStorage.setItem(KEY, next);
      } catch (error) { /* storage blocked: the choice lasts for this page */ }
      show();
    });
  });
})();
