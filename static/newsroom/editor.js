/* The body's toolbar: formatting buttons (GitHub's <markdown-toolbar> element, vendored),
   and our own markup chosen from lists instead of typed: spoiler blocks for an episode,
   discretion sections for a category, inline spoilers and pictures from the library.

   It works on the page's own textarea, so autosave, the live preview and the conflict
   check see exactly what the editor typed; without JavaScript the textarea is unchanged
   and the help text under it gives the markup. */
(function () {
  "use strict";

  var SHORTCUTS = [
    // [keys shown, test on a keydown event, action name, what it does]
    ["Ctrl+B", function (e) { return e.key.toLowerCase() === "b" && !e.shiftKey && !e.altKey; }, "bold", "Bold"],
    ["Ctrl+I", function (e) { return e.key.toLowerCase() === "i" && !e.shiftKey && !e.altKey; }, "italic", "Italic"],
    ["Ctrl+K", function (e) { return e.key.toLowerCase() === "k" && !e.shiftKey && !e.altKey; }, "link", "Link"],
    ["Ctrl+Alt+2", function (e) { return e.altKey && e.code === "Digit2"; }, "header-2", "Section heading"],
    ["Ctrl+Alt+3", function (e) { return e.altKey && e.code === "Digit3"; }, "header-3", "Sub-heading"],
    ["Ctrl+Shift+8", function (e) { return e.shiftKey && e.code === "Digit8"; }, "unordered-list", "Bulleted list"],
    ["Ctrl+Shift+7", function (e) { return e.shiftKey && e.code === "Digit7"; }, "ordered-list", "Numbered list"],
    ["Ctrl+Shift+9", function (e) { return e.shiftKey && e.code === "Digit9"; }, "quote", "Quote"],
    ["Ctrl+Shift+S", function (e) { return e.shiftKey && e.key.toLowerCase() === "s"; }, "spoiler-block", "Spoiler block…"],
    ["Ctrl+Shift+X", function (e) { return e.shiftKey && e.key.toLowerCase() === "x"; }, "inline-spoiler", "Inline spoiler"],
    ["Ctrl+Shift+D", function (e) { return e.shiftKey && e.key.toLowerCase() === "d"; }, "discretion", "Discretion section…"],
    ["Ctrl+Shift+G", function (e) { return e.shiftKey && e.key.toLowerCase() === "g"; }, "image", "Picture from the library…"],
  ];

  /* Our own actions (the last four) are named so the toolbar element's styles never match them. */
  var OWN = { "spoiler-block": true, "inline-spoiler": true, "discretion": true, "image": true };
  var BUTTONS = [
    ["header-2", "Heading", "H"],
    ["bold", "Bold", "B"],
    ["italic", "Italic", "I"],
    ["link", "Link", "Link"],
    ["unordered-list", "Bulleted list", "• List"],
    ["ordered-list", "Numbered list", "1. List"],
    ["quote", "Quote", "❝ Quote"],
    ["spoiler-block", "Insert spoiler block", "Spoiler block…"],
    ["inline-spoiler", "Inline spoiler", "Inline spoiler"],
    ["discretion", "Insert discretion section", "Discretion section…"],
    ["image", "Insert image", "Image…"],
  ];

  function shortcutFor(action) {
    for (var i = 0; i < SHORTCUTS.length; i++) if (SHORTCUTS[i][2] === action) return SHORTCUTS[i][0];
    return "";
  }

  function element(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* Text insertion that the browser's undo knows about, and that fires "input" so autosave
     and the live preview notice it. */
  function replaceSelection(textarea, text, selectFrom, selectTo) {
    textarea.focus();
    var start = textarea.selectionStart;
    var inserted = false;
    try { inserted = document.execCommand("insertText", false, text); } catch (error) { inserted = false; }
    if (!inserted || textarea.value.slice(start, start + text.length) !== text) {
      textarea.setRangeText(text, start, textarea.selectionEnd, "end");
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (selectFrom !== undefined) textarea.setSelectionRange(start + selectFrom, start + selectTo);
  }

  /* A block on lines of its own, with a blank line before and after. */
  function insertBlock(textarea, opening, placeholder) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var after = textarea.value.slice(textarea.selectionEnd);
    var selected = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd).replace(/^\n+|\n+$/g, "");
    var inner = selected || placeholder;
    var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var trail = after === "" ? "\n" : /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    var text = lead + opening + "\n" + inner + "\n:::" + "\n" + trail;
    var innerStart = lead.length + opening.length + 1;
    replaceSelection(textarea, text, innerStart, innerStart + inner.length);
  }

  function insertInlineSpoiler(textarea) {
    var selected = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
    var inner = selected.replace(/\|\|/g, "") || "what is hidden";
    replaceSelection(textarea, "||" + inner + "||", 2, 2 + inner.length);
  }

  function insertImage(textarea, image) {
    var before = textarea.value.slice(0, textarea.selectionStart);
    var after = textarea.value.slice(textarea.selectionEnd);
    var lead = before === "" || /\n\n$/.test(before) ? "" : /\n$/.test(before) ? "\n" : "\n\n";
    var trail = /^\n\n/.test(after) ? "" : /^\n/.test(after) ? "\n" : "\n\n";
    var alt = (image.alt || "").replace(/[\[\]]/g, "");
    replaceSelection(textarea, lead + "![" + alt + "](image:" + image.id + ")" + trail);
  }

  /* A searchable, paginated list in a modal dialog; ``load(query, page)`` returns a promise
     of {results: [...], page, pages}; ``describe(result)`` gives the button's content. */
  function chooser(options) {
    var dialog = element("dialog", { "class": "newsroom-chooser", "aria-labelledby": options.id + "-title" });
    dialog.appendChild(element("h2", { id: options.id + "-title" }, options.title));
    if (options.intro) dialog.appendChild(element("p", { "class": "help" }, options.intro));
    var search = null;
    if (options.searchable) {
      var label = element("label", { "for": options.id + "-search" }, options.searchLabel);
      search = element("input", { type: "search", id: options.id + "-search", autocomplete: "off" });
      dialog.appendChild(label);
      dialog.appendChild(search);
    }
    var status = element("p", { "class": "newsroom-chooser-status", role: "status", "aria-live": "polite" });
    var list = element("ul", { "class": "newsroom-chooser-results " + (options.listClass || "") });
    var pager = element("p", { "class": "newsroom-chooser-pager" });
    var previous = element("button", { type: "button", "class": "button" }, "Previous page");
    var next = element("button", { type: "button", "class": "button" }, "Next page");
    var pageLabel = element("span");
    pager.appendChild(previous); pager.appendChild(pageLabel); pager.appendChild(next);
    dialog.appendChild(status);
    dialog.appendChild(list);
    dialog.appendChild(pager);
    if (options.extra) dialog.appendChild(options.extra(dialog));
    var close = element("button", { type: "button", "class": "button" }, "Cancel");
    close.addEventListener("click", function () { dialog.close(); });
    dialog.appendChild(element("p", {})).appendChild(close);
    document.body.appendChild(dialog);

    var state = { page: 1, pages: 1, timer: null, request: 0 };
    function show(query, page) {
      var request = ++state.request;
      status.textContent = "Loading…";
      options.load(query, page).then(function (data) {
        if (request !== state.request) return;
        state.page = data.page || 1;
        state.pages = data.pages || 1;
        list.replaceChildren();
        data.results.forEach(function (result) {
          var item = element("li");
          var button = element("button", { type: "button", "class": "newsroom-chooser-choice" });
          options.describe(result, button);
          button.addEventListener("click", function () { dialog.close(); options.choose(result); });
          item.appendChild(button);
          list.appendChild(item);
        });
        status.textContent = data.results.length ? "" : "Nothing found.";
        pageLabel.textContent = " Page " + state.page + " of " + state.pages + " ";
        pager.hidden = state.pages <= 1;
        previous.disabled = state.page <= 1;
        next.disabled = state.page >= state.pages;
      }).catch(function () { status.textContent = "The list could not be loaded; try again."; });
    }
    function query() { return search ? search.value : ""; }
    if (search) {
      search.addEventListener("input", function () {
        window.clearTimeout(state.timer);
        state.timer = window.setTimeout(function () { show(query(), 1); }, 250);
      });
      search.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });
    }
    previous.addEventListener("click", function () { show(query(), state.page - 1); });
    next.addEventListener("click", function () { show(query(), state.page + 1); });
    return {
      dialog: dialog,
      open: function () {
        if (search) search.value = "";
        show("", 1);
        dialog.showModal();
        (search || close).focus();
      },
      refresh: function () { show(query(), state.page); },
    };
  }

  function getJSON(url, params) {
    var target = new URL(url, window.location.href);
    Object.keys(params || {}).forEach(function (name) {
      if (params[name] !== "" && params[name] !== undefined) target.searchParams.set(name, params[name]);
    });
    return fetch(target, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); });
  }

  function uploadForm(textarea, url, onUploaded) {
    return function () {
      var box = element("details", { "class": "newsroom-upload" });
      box.appendChild(element("summary", {}, "Upload a new picture"));
      var fields = [
        ["file", "Picture (JPEG, PNG, WebP or GIF)", "file"],
        ["alt_text", "Alt text: describe the picture for someone who cannot see it", "text"],
        ["caption", "Caption (optional)", "text"],
        ["credit", "Credit (optional)", "text"],
      ];
      var inputs = {};
      fields.forEach(function (field) {
        var id = "newsroom-upload-" + field[0];
        var row = element("p");
        row.appendChild(element("label", { "for": id }, field[1]));
        row.appendChild(document.createElement("br"));
        var input = element("input", { type: field[2], id: id, name: field[0] });
        if (field[2] === "file") input.setAttribute("accept", "image/jpeg,image/png,image/webp,image/gif");
        else input.className = "vTextField";
        inputs[field[0]] = input;
        row.appendChild(input);
        box.appendChild(row);
      });
      var errors = element("ul", { "class": "errorlist", role: "alert" });
      var send = element("button", { type: "button", "class": "button default" }, "Upload and insert");
      box.appendChild(errors);
      box.appendChild(send);
      send.addEventListener("click", function () {
        var data = new FormData();
        Object.keys(inputs).forEach(function (name) {
          var input = inputs[name];
          if (input.type === "file") { if (input.files[0]) data.append(name, input.files[0]); }
          else data.append(name, input.value);
        });
        errors.replaceChildren();
        send.disabled = true;
        fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() } })
          .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
          .then(function (answer) {
            send.disabled = false;
            if (answer[0]) {
              Object.keys(inputs).forEach(function (name) { inputs[name].value = ""; });
              box.open = false;
              onUploaded(answer[1].image);
              return;
            }
            var problems = answer[1].errors || {};
            Object.keys(problems).forEach(function (name) {
              problems[name].forEach(function (message) { errors.appendChild(element("li", {}, message)); });
            });
          })
          .catch(function () { send.disabled = false; errors.replaceChildren(element("li", {}, "The upload failed; try again.")); });
      });
      return box;
    };
  }

  function cheatSheet() {
    var sheet = element("details", { "class": "newsroom-cheatsheet" });
    sheet.appendChild(element("summary", {}, "Keyboard shortcuts and markup"));
    var table = element("table");
    var head = element("tr");
    head.appendChild(element("th", { scope: "col" }, "Keys (⌘ on a Mac)"));
    head.appendChild(element("th", { scope: "col" }, "Does"));
    table.appendChild(head);
    SHORTCUTS.forEach(function (shortcut) {
      var row = element("tr");
      row.appendChild(element("td")).appendChild(element("kbd", {}, shortcut[0]));
      row.appendChild(element("td", {}, shortcut[3]));
      table.appendChild(row);
    });
    sheet.appendChild(table);
    var markup = [
      "What the buttons write, should you want to type it:",
      "::: spoiler series/episode … ::: — a spoiler block, hidden until the reader has seen that episode.",
      "::: discretion category … ::: — a section behind a viewer-discretion warning.",
      "||text|| — an inline spoiler.",
      "![alt text](image:42) — picture 42 from the library.",
    ];
    markup.forEach(function (line) { sheet.appendChild(element("p", {}, line)); });
    return sheet;
  }

  function start() {
    var textarea = document.querySelector("textarea[data-editor-episodes-url]");
    if (!textarea) return;
    if (!textarea.id) textarea.id = "id_body";
    var data = textarea.dataset;

    var wrapper = element("div", { "class": "newsroom-editor" });
    var write = element("div", { "class": "newsroom-editor-write" });
    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(write);

    var toolbar = element("markdown-toolbar", { "for": textarea.id, "aria-label": "Formatting", "aria-controls": textarea.id });
    var buttons = {};
    BUTTONS.forEach(function (spec) {
      var keys = shortcutFor(spec[0]);
      var button = element("button", {
        type: "button",
        "class": "newsroom-tool",
        "data-md-button": OWN[spec[0]] ? "newsroom-" + spec[0] : spec[0],
        "data-action": spec[0],
        "aria-label": spec[1],
        title: spec[1] + (keys ? " (" + keys + ")" : ""),
      }, spec[2]);
      if (keys) button.setAttribute("aria-keyshortcuts", keys.replace("Ctrl", "Control"));
      buttons[spec[0]] = button;
      toolbar.appendChild(button);
    });
    write.appendChild(toolbar);
    write.appendChild(textarea);
    write.appendChild(cheatSheet());

    var spoilers = chooser({
      id: "newsroom-spoiler-chooser",
      title: "Insert a spoiler block",
      intro: "Readers see the block only once they say they have watched this far. Choose the last episode it gives away, or a whole series.",
      searchable: true,
      searchLabel: "Find a series or episode (title, number such as 2 or S01E02)",
      load: function (q, page) { return getJSON(data.editorEpisodesUrl, { q: q, page: page }); },
      describe: function (result, button) { button.textContent = result.label; },
      choose: function (result) { insertBlock(textarea, "::: spoiler " + result.ref, "What happens"); },
    });
    var sections = chooser({
      id: "newsroom-discretion-chooser",
      title: "Insert a viewer-discretion section",
      intro: "The section stays closed behind a warning of this kind until the reader opens it.",
      searchable: false,
      load: function () { return getJSON(data.editorCategoriesUrl); },
      describe: function (result, button) {
        button.appendChild(element("strong", {}, result.label));
        if (result.explanation) button.appendChild(element("span", { "class": "help" }, " " + result.explanation));
      },
      choose: function (result) { insertBlock(textarea, "::: discretion " + result.slug, "What is shown"); },
    });
    var pictures = chooser({
      id: "newsroom-image-chooser",
      title: "Insert a picture",
      searchable: true,
      searchLabel: "Find a picture by its alt text, caption or credit",
      listClass: "newsroom-image-results",
      load: function (q, page) { return getJSON(data.editorImagesUrl, { q: q, page: page }); },
      describe: function (result, button) {
        if (result.thumbnail) button.appendChild(element("img", { src: result.thumbnail, alt: "", width: "96", loading: "lazy" }));
        button.appendChild(element("span", {}, result.alt));
        if (result.flagged) button.appendChild(element("span", { "class": "help" }, " (shown blurred: flagged as graphic)"));
      },
      choose: function (result) { insertImage(textarea, result); },
      extra: uploadForm(textarea, data.editorUploadUrl, function (image) {
        pictures.dialog.close();
        insertImage(textarea, image);
      }),
    });

    var actions = {
      "spoiler-block": function () { spoilers.open(); },
      "discretion": function () { sections.open(); },
      "image": function () { pictures.open(); },
      "inline-spoiler": function () { insertInlineSpoiler(textarea); },
    };
    Object.keys(actions).forEach(function (name) {
      buttons[name].addEventListener("click", function () { actions[name](); });
    });

    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey)) return;
      for (var i = 0; i < SHORTCUTS.length; i++) {
        if (SHORTCUTS[i][1](event)) {
          event.preventDefault();
          buttons[SHORTCUTS[i][2]].click();
          return;
        }
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
