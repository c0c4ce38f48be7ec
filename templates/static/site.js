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
  function themeIsDark() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function themeLabel() {
    if (toggle) toggle.textContent = toggle.getAttribute(themeIsDark() ? "data-light" : "data-dark");
  }
  if (toggle) {
    themeLabel();
    toggle.addEventListener("click", function () {
      var next = themeIsDark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(THEME, next); } catch (e) { /* private mode: this page only */ }
      themeLabel();
    });
  }

  // The sections' row, where it scrolls sideways (a phone): its end fades while more of it lies beyond.
  var nav = document.querySelector(".site-nav");
  function navMore() {
    var hidden = nav.scrollWidth - nav.clientWidth - Math.abs(nav.scrollLeft);  // scrollLeft < 0 right to left
    nav.toggleAttribute("data-more", hidden > 1);
  }
  if (nav) {
    navMore();
    nav.addEventListener("scroll", navMore, {passive: true});
    window.addEventListener("resize", navMore);
  }

  // Search: the Pagefind index, in shards merged here; only where it can work (a served site: browsers
  // block it from file://). The query, filters and order live in the page's address.
  var form = document.getElementById("search");
  if (!form) return;
  var note = document.getElementById("search-note");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var PAGE = 10, FIELDS = ["q", "topic", "source", "language", "sort"];
  function offline() { if (note) note.hidden = false; form.hidden = true; }
  if (location.protocol === "file:") { offline(); return; }
  var bundle = new URL(form.getAttribute("data-bundle"), location.href).href;
  var site = new URL("..", bundle).href;
  var lang = root.lang || "en";
  var listed = null, ready = null, shown = [], typing = 0, asked = 0;

  // The words shown here are the page's (search.html puts them, translated, in #search-words); these are
  // for a search page of one's own without them. %(name)s is a value filled in.
  var WORDS = {
    searching: "Searching…", failed: "The search index could not be loaded.", none: "No articles found.",
    found: { one: "%(num)s article", other: "%(num)s articles" },
    found_for: { one: "%(num)s article for “%(query)s”", other: "%(num)s articles for “%(query)s”" },
    showing: "%(found)s, showing %(shown)s", more: "More results"
  };
  try {
    var given = JSON.parse(document.getElementById("search-words").textContent);
    Object.keys(given).forEach(function (k) { WORDS[k] = given[k]; });
  } catch (e) { /* no words in the page: the English ones */ }

  function num(n) { try { return n.toLocaleString(lang); } catch (e) { return String(n); } }

  // A message with a number: the form of the language's plural category for it (one, few, many...).
  function counted(forms, n, values) {
    var category = "other";
    try { category = new Intl.PluralRules(lang).select(n); } catch (e) { /* "other" */ }
    values.num = num(n);
    return fill(forms[category] || forms.other || "", values);
  }

  function fill(message, values) {
    return message.replace(/%\((\w+)\)s/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  // The list of shards and filter values (a few KB) comes when the page opens, so the filters can be chosen
  // before any search; the index itself when the reader starts typing or a search is made.
  function listing() {
    listed = listed || fetch(bundle + "shards.json").then(function (r) {
      if (!r.ok) throw new Error("no index");
      return r.json();
    }).then(function (found) {
      fillFilters(found.filters || {});
      return found;
    }).catch(function (e) { listed = null; throw e; });  // asked again next time (an index not built yet)
    return listed;
  }

  function load() {
    ready = ready || listing().then(function (found) {
      var keys = found.shards;
      if (!keys.length) throw new Error("empty index");
      return import(bundle + keys[0] + "/pagefind.js").then(function (pf) {
        return pf.options({ basePath: bundle + keys[0] + "/", excerptLength: 40 }).then(function () {
          return Promise.all(keys.slice(1).map(function (k) { return pf.mergeIndex(bundle + k + "/"); }));
        }).then(function () { return pf; });
      });
    }, function (e) { ready = null; throw e; });  // no list yet: the next search asks again
    return ready;
  }

  function label(name, value) {
    if (name !== "language") return value;
    try { return new Intl.DisplayNames([lang], { type: "language" }).of(value) || value; } catch (e) { return value; }
  }

  // A filter value is a word the index holds for each article that has it (see site_gen/build/pagefind.py):
  // searched for with the query, it keeps only those articles.
  var words = {};
  function fillFilters(filters) {
    ["topic", "source", "language"].forEach(function (name) {
      var select = form.elements[name], wanted = params().get(name) || "";
      words[name] = {};
      (filters[name] || []).slice().sort(function (a, b) {
        return label(name, a[0]).localeCompare(label(name, b[0]), lang);
      }).forEach(function (item) {
        words[name][item[0]] = item[1];
        var option = document.createElement("option");
        option.value = item[0];
        option.textContent = label(name, item[0]) + " (" + num(item[2]) + ")";
        select.appendChild(option);
      });
      select.value = wanted;
    });
  }

  function params() { return new URLSearchParams(location.search); }

  function fromAddress() {
    var p = params();
    FIELDS.forEach(function (name) { if (form.elements[name]) form.elements[name].value = p.get(name) || ""; });
  }

  function toAddress(push) {
    var p = new URLSearchParams();
    FIELDS.forEach(function (name) { var v = form.elements[name].value.trim(); if (v) p.set(name, v); });
    var address = location.pathname + (p.toString() ? "?" + p.toString() : "");
    if (address === location.pathname + location.search) return;
    history[push ? "pushState" : "replaceState"](null, "", address);
  }

  function say(text) { status.textContent = text; }

  function run() {
    var p = params(), query = (p.get("q") || "").trim(), ask = ++asked;
    var named = ["topic", "source", "language"].filter(function (name) { return p.get(name); });
    if (!query && !named.length) { list.replaceChildren(); say(""); return; }
    say(WORDS.searching);
    load().then(function (pf) {
      var terms = named.map(function (name) { return (words[name] || {})[p.get(name)] || "sgfnone"; });
      var sort = p.get("sort") === "newest" ? { date: "desc" } : p.get("sort") === "oldest" ? { date: "asc" } : undefined;
      return pf.search([query].concat(terms).join(" ").trim(), { sort: sort });
    }).then(function (found) {
      if (ask !== asked) return;
      shown = found.results;
      list.replaceChildren();
      more(query);
    }).catch(function () { say(WORDS.failed); });
  }

  function more(query) {
    var start = list.children.length, next = shown.slice(start, start + PAGE);
    Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      var old = list.querySelector(".more");
      if (old) old.remove();
      data.forEach(function (d) { list.appendChild(result(d)); });
      var count = shown.length, found = count === 0 ? WORDS.none
        : counted(query ? WORDS.found_for : WORDS.found, count, { query: query });
      if (count > list.children.length) found = fill(WORDS.showing, { found: found, shown: num(list.children.length) });
      say(found);
      if (count > list.children.length) {
        var li = document.createElement("li"), button = document.createElement("button");
        li.className = "more";
        button.type = "button";
        button.textContent = WORDS.more;
        button.addEventListener("click", function () { more(query); });
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  // A filter value's word in the index (see site_gen/build/pagefind.py): never shown.
  var FILTER_WORD = "sgf[a-z]+[0-9a-f]{8}", FILTER_WORDS = new RegExp("\\s*\\b" + FILTER_WORD + "\\b", "g");
  function text(html) {  // Pagefind's text as plain text: parsed inert (a template runs and loads nothing)
    var t = document.createElement("template");
    t.innerHTML = html;
    return t.content.textContent.replace(FILTER_WORDS, "");
  }

  // A result's excerpt: the words of the body around its matches. The text Pagefind keeps of an article
  // opens with its headline (weighted, for the ranking), which the result shows above already: the excerpt
  // is made here from the words after it, Pagefind's match positions marked (its own excerpt would show
  // the headline's end whenever a match is in the headline).
  var EXCERPT_WORDS = 40, A_FILTER_WORD = new RegExp("^" + FILTER_WORD + "\\.?$");
  function excerpt(d) {
    var p = document.createElement("p");
    p.className = "excerpt";
    var content = d.content || "", spaced = content.indexOf("\u200B") < 0;  // languages written without spaces
    var words = spaced ? content.split(/[\r\n\s]+/g) : content.split("\u200B");
    var from = 0, to = words.length;
    var title = (d.meta.title || "").split(/\s+/).filter(Boolean);
    if (spaced && title.length && title.every(function (w, i) {
      return i < words.length && text(words[i]).replace(/\.$/, "") === w.replace(/\.$/, "");
    })) from = title.length;
    while (to > from && A_FILTER_WORD.test(words[to - 1])) to--;
    var marked = {}, found = [];
    (d.locations || []).forEach(function (at) {
      if (at >= from && at < to && !marked[at]) { marked[at] = true; found.push(at); }
    });
    found.sort(function (a, b) { return a - b; });
    var start = from, most = 0;
    found.forEach(function (at) {  // the window holding the most matches, a few words of lead-in before them
      var s = Math.max(from, Math.min(at - 5, to - EXCERPT_WORDS)), n = 0;
      found.forEach(function (b) { if (b >= s && b < s + EXCERPT_WORDS) n++; });
      if (n > most) { most = n; start = s; }
    });
    var end = Math.min(to, start + EXCERPT_WORDS), gap = spaced ? " " : "";
    if (start > from) p.appendChild(document.createTextNode("… "));
    for (var i = start; i < end; i++) {
      var piece = text(words[i]);
      if (marked[i]) { var m = document.createElement("mark"); m.textContent = piece; p.appendChild(m); }
      else p.appendChild(document.createTextNode(piece));
      if (i < end - 1 && gap) p.appendChild(document.createTextNode(gap));
    }
    if (end < to) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function result(d) {
    var li = document.createElement("li"), art = document.createElement("article");
    art.className = "result";
    if (d.meta.lang) art.lang = d.meta.lang;
    art.dir = "auto";
    var h = document.createElement("h2"), a = document.createElement("a");
    a.href = new URL(d.url.replace(/^\//, ""), site).href;
    a.textContent = d.meta.title || d.url;
    h.appendChild(a);
    art.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "meta";
    if (d.meta.date) {
      var time = document.createElement("time");
      time.dateTime = d.meta.date;
      time.textContent = new Date(d.meta.date + "T12:00:00Z").toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
      meta.appendChild(time);
    }
    [d.meta.topic, d.meta.source].forEach(function (v) {
      if (!v) return;
      if (meta.childNodes.length) meta.appendChild(document.createTextNode(" · "));
      var span = document.createElement("span");
      span.textContent = v;
      meta.appendChild(span);
    });
    art.appendChild(meta);
    art.appendChild(excerpt(d));
    li.appendChild(art);
    return li;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    toAddress(true);
    run();
  });
  form.addEventListener("change", function (event) {
    if (event.target.tagName !== "SELECT") return;
    toAddress(true);
    run();
  });
  form.elements.q.addEventListener("input", function () {
    load().catch(function () { /* said by the search that follows */ });  // loading while the reader types
    clearTimeout(typing);
    typing = setTimeout(function () { toAddress(false); run(); }, 250);
  });
  window.addEventListener("popstate", function () { fromAddress(); run(); });
  fromAddress();
  listing().catch(function () { /* said by the first search */ });
  if (params().toString()) run();  // else the index is loaded by the first keystroke, not by opening the page
})();
