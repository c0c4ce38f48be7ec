/* site_gen: small enhancements. The pages read fine without this script. */
(function () {
  "use strict";

  // Text size: A- and A+ change the article text, remembered across pages (the page's <head> applies it early).
  var KEY = "site-gen:text-step", MIN = -2, MAX = 5;
  var root = document.documentElement;

  function stored() {
    try { return parseInt(localStorage.getItem(KEY) || "0", 10) || 0; } catch (e) { return 0; }
  }

  function show(box, step) {
    var value = box.querySelector(".text-size-value");
    // The label is in the page's words (data-label); the number in the page's digits.
    var percent = (100 + step * 10) / 100;
    var lang = box.closest("[lang]") ? box.closest("[lang]").getAttribute("lang") : undefined;
    if (value) {
      var number;
      try { number = percent.toLocaleString(lang, {style: "percent"}); } catch (e) { number = percent * 100 + "%"; }
      value.textContent = (value.getAttribute("data-label") || "Text size") + " " + number;
    }
    box.querySelectorAll("button[data-step]").forEach(function (b) {
      var limit = Number(b.getAttribute("data-step")) < 0 ? MIN : MAX;
      b.setAttribute("aria-disabled", step === limit ? "true" : "false");
    });
  }

  document.querySelectorAll(".text-size").forEach(function (box) {
    var step = Math.min(MAX, Math.max(MIN, stored()));
    show(box, step);
    box.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-step]");
      if (!button) return;
      step = Math.min(MAX, Math.max(MIN, step + Number(button.getAttribute("data-step"))));
      root.style.setProperty("--text-step", String(step));
      try { localStorage.setItem(KEY, String(step)); } catch (e) { /* private mode: this page only */ }
      show(box, step);
    });
  });

  // Links to a page's folder (site.toml's directory_links): a web server shows its index.html; opened from
  // disk, the browser would list the folder instead, so the link is followed to index.html.
  if (location.protocol === "file:") {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
      var href = link.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.charAt(0) === "#") return;
      var target = new URL(href, location.href);
      if (target.protocol === "file:" && target.pathname.slice(-1) === "/") {
        event.preventDefault();
        target.pathname += "index.html";
        location.href = target.href;
      }
    });
  }

  // Theme: the system's, until the reader picks one here (kept across pages; the <head> applies it early).
  var THEME = "site-gen:theme";
  var toggle = document.querySelector(".theme-toggle");
  function dark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function label() {
    if (toggle) toggle.textContent = toggle.getAttribute(dark() ? "data-light" : "data-dark");
  }
  if (toggle) {
    label();
    toggle.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME, next); } catch (e) { /* private mode: this page only */ }
      label();
    });
  }

  // Search: Pagefind's UI, loaded only where it can work (a served site; browsers block it from file://).
  var search = document.getElementById("search");
  if (!search) return;
  var note = document.getElementById("search-note");
  function offline() { if (note) note.hidden = false; }
  if (location.protocol === "file:") { offline(); return; }
  var bundle = new URL(search.getAttribute("data-bundle"), location.href).href;
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onerror = offline;
  script.onload = function () {
    var ui = new window.PagefindUI({
      element: "#search", bundlePath: bundle, showSubResults: true, showImages: false
    });
    // Pagefind's field is named only by its title: the page's visible heading names it instead.
    var field = search.querySelector("input");
    if (field) field.setAttribute("aria-labelledby", "search-title");
    var query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  };
  document.head.appendChild(script);
})();
