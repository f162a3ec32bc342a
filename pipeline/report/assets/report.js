// artnorm report: filtering and search over the documents of the page.
// Every element with data-doc is one document (a row of the list and its
// section); a filter <select data-filter="X"> keeps those whose data-X holds
// the chosen value among its space-separated tokens.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-doc]"));
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  var search = document.getElementById("search");
  var form = document.getElementById("filters");
  var counter = document.getElementById("shown-count");
  var noMatch = document.getElementById("no-match");
  var total = new Set(items.map(function (el) { return el.getAttribute("data-doc"); })).size;
  var textOf = null;  // document id -> lower-cased text of its row and section, built on first search

  function searchable(id) {
    if (textOf === null) {
      textOf = new Map();
      items.forEach(function (el) {
        var key = el.getAttribute("data-doc");
        textOf.set(key, (textOf.get(key) || key.toLowerCase()) + " " + el.textContent.toLowerCase());
      });
    }
    return textOf.get(id) || "";
  }

  function matches(el, chosen, query) {
    for (var i = 0; i < chosen.length; i++) {
      var tokens = (el.getAttribute("data-" + chosen[i][0]) || "").split(" ");
      if (tokens.indexOf(chosen[i][1]) < 0) { return false; }
    }
    return !query || searchable(el.getAttribute("data-doc")).indexOf(query) >= 0;
  }

  function apply() {
    var chosen = selects.filter(function (s) { return s.value; })
      .map(function (s) { return [s.getAttribute("data-filter"), s.value]; });
    var query = search ? search.value.trim().toLowerCase() : "";
    var shown = new Set();
    items.forEach(function (el) {
      var ok = matches(el, chosen, query);
      el.hidden = !ok;
      if (ok) { shown.add(el.getAttribute("data-doc")); }
    });
    if (counter) { counter.textContent = shown.size + " of " + total + " documents"; }
    if (noMatch) { noMatch.hidden = shown.size > 0; }
  }

  function setFilter(name, value) {
    var select = document.querySelector('select[data-filter="' + name + '"]');
    if (!select) { return; }
    select.value = value;
    apply();
    document.getElementById("filters").scrollIntoView({ block: "start" });
  }

  // #doc-ID opens that document, even if the current filters hide it.
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target || !target.hasAttribute("data-doc")) { return; }
    if (target.hidden) { form.reset(); apply(); }
    var details = target.querySelector("details");
    if (details) { details.open = true; }
    target.scrollIntoView({ block: "start" });
  }

  // Provenance records are embedded as JSON (one block, keyed by document id)
  // and drawn as a tree the first time they are opened: hundreds of
  // documents' records as HTML would make the page slow to load.
  // textContent only: document text never becomes markup.
  var allRecords = null;
  function records(section) {
    if (allRecords === null) {
      var block = document.getElementById("records");
      allRecords = block ? JSON.parse(block.textContent) : {};
    }
    return allRecords[section.getAttribute("data-doc")] || {};
  }
  function node(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text !== undefined) { el.textContent = text; }
    return el;
  }
  function drawTree(value) {
    if (value === null || value === undefined) { return node("span", "v-null", "null"); }
    if (Array.isArray(value)) {
      if (!value.length) { return node("span", "v-null", "[]"); }
      if (value.every(function (item) { return item === null || typeof item !== "object"; })) {
        // A list of plain values reads best on one line: [1, 2, "x"].
        var line = node("span", "v-list", "[");
        value.forEach(function (item, i) {
          if (i) { line.appendChild(document.createTextNode(", ")); }
          line.appendChild(drawTree(item));
        });
        line.appendChild(document.createTextNode("]"));
        return line;
      }
      var list = node("ol", "tree");
      list.start = 0;
      value.forEach(function (item) { list.appendChild(node("li")).appendChild(drawTree(item)); });
      return list;
    }
    if (typeof value === "object") {
      var keys = Object.keys(value);
      if (!keys.length) { return node("span", "v-null", "{}"); }
      var dl = node("dl", "tree");
      keys.forEach(function (key) {
        dl.appendChild(node("dt", "", key));
        dl.appendChild(node("dd")).appendChild(drawTree(value[key]));
      });
      return dl;
    }
    var kind = typeof value === "string" ? "str" : typeof value === "number" ? "num" : "bool";
    return node("span", "v-" + kind, String(value));
  }
  function drawRecord(details) {
    if (details.hasAttribute("data-drawn")) { return; }
    var value = records(details.closest("section.doc"));
    details.getAttribute("data-record").split(".").forEach(function (key) {
      value = value === null || value === undefined ? value : value[key];
    });
    details.appendChild(drawTree(value));
    details.setAttribute("data-drawn", "");
  }
  // "toggle" does not bubble: listen in the capture phase. Opening a document
  // draws the records that start open; opening a record draws that one.
  document.addEventListener("toggle", function (e) {
    var details = e.target;
    if (!details.open) { return; }
    if (details.hasAttribute("data-record")) { drawRecord(details); return; }
    if (details.parentElement && details.parentElement.matches("section.doc")) {
      details.querySelectorAll("details[data-record][open]").forEach(drawRecord);
    }
  }, true);

  var timer = null;
  if (search) {
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(apply, 120);
    });
  }
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  if (form) {
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
  }
  // Open or close every document the filters show.
  function openShown(open) {
    items.forEach(function (el) {
      var details = el.matches("section.doc") && !el.hidden && el.querySelector("details");
      if (details) { details.open = open; }
    });
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-set-filter]");
    if (button) { setFilter(button.getAttribute("data-set-filter"), button.getAttribute("data-value")); }
    if (e.target.id === "expand-all") { openShown(true); }
    if (e.target.id === "collapse-all") { openShown(false); }
    // A link to the document already in the address bar fires no hashchange.
    if (e.target.closest('a[href^="#doc-"]')) { setTimeout(openTarget, 0); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && search && document.activeElement !== search
        && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
      e.preventDefault();
      search.focus();
    }
  });
  window.addEventListener("hashchange", openTarget);
  apply();
  openTarget();
})();
