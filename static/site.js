/* Progressive enhancement, no framework. Everything here is optional: without scripts the
   static pages (municipality x weekday, language, today / this week, A-Z) list the same groups.
   1. Print buttons (shown only when a script can press print).
   2. The home page's instant search: the choice lives in the address in the reader's words
      (?kunta=kokkola&paiva=tiistai), so Back, reload and a shared link show the same list.
      "When" is one row of buttons (any day, today, this week, a weekday), so two choices
      can never contradict each other.
   3. The word search (Pagefind, our own files): loaded only when its field is used.
   4. A choice that finds nothing offers the way out: every group, the same day nearby,
      other days here, and the coordinator. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  for (var b = 0; b < buttons.length; b++) {
    buttons[b].hidden = false;
    buttons[b].addEventListener("click", function () { window.print(); });
  }

  var form = document.querySelector("[data-filter-form]");
  var list = document.querySelector("[data-cards]");
  if (!form || !list || !window.URLSearchParams || !history.replaceState) { return; }
  // Each filter is a drop-down or a group of radio buttons with data-filter="<section>"; a
  // radio button may stand for another section of the address (data-section="when").
  var controls = form.querySelectorAll("[data-filter]");
  var status = form.querySelector("[data-filter-status]");
  var heading = document.querySelector("[data-count]");
  var empty = document.querySelector("[data-empty]");
  var field = form.querySelector("[data-search]");
  var more = form.querySelector("[data-more]");
  var cards = list.querySelectorAll(".card");
  var names = JSON.parse(form.getAttribute("data-parameters"));
  var fields = { municipality: "municipality", audience: "audiences", weekday: "weekdays",
                 language: "languages" };
  var found = null;  // the slugs the word search found, or null: no words given
  var searching = 0;

  function iso(day) {
    var m = day.getMonth() + 1, d = day.getDate();
    return day.getFullYear() + "-" + (m < 10 ? "0" : "") + m + "-" + (d < 10 ? "0" : "") + d;
  }
  function days(count) {
    var out = [], day = new Date();
    for (var i = 0; i < count; i++) { out.push(iso(day)); day.setDate(day.getDate() + 1); }
    return out;
  }
  function choices(control) {  // the options or radio buttons, "all" first
    return control.tagName === "SELECT" ? control.options : control.querySelectorAll("input");
  }
  function chosen(control) {
    var items = choices(control);
    for (var i = 0; i < items.length; i++) {
      if (items[i].selected || items[i].checked) { return items[i]; }
    }
    return items[0];
  }
  function choose(control, index) {
    var items = choices(control);
    for (var i = 0; i < items.length; i++) {
      if (control.tagName === "SELECT") { items[i].selected = i === index; } else { items[i].checked = i === index; }
    }
  }
  function section(control, item) {
    return (item && item.getAttribute("data-section")) || control.getAttribute("data-filter");
  }
  function control(name) { return form.querySelector("[data-filter=" + name + "]"); }
  function slug(card) {
    var match = /\/groups\/([^/]+)\//.exec(card.querySelector("a[href]").href);
    return match ? match[1] : "";
  }

  // The current choice: section -> value ("when" -> "today" / "week").
  function choice() {
    var out = {};
    for (var c = 0; c < controls.length; c++) {
      var item = chosen(controls[c]);
      if (item.value) { out[section(controls[c], item)] = item.value; }
    }
    return out;
  }
  function matches(card, wanted) {
    for (var name in wanted) {
      if (name === "when") {
        var period = days(wanted.when === "today" ? 1 : 7);
        var dates = (card.getAttribute("data-dates") || "").split(" ");
        if (!dates.some(function (d) { return period.indexOf(d) >= 0; })) { return false; }
      } else if (fields[name]) {
        var values = (card.getAttribute("data-" + fields[name]) || "").split(" ");
        if (values.indexOf(wanted[name]) < 0) { return false; }
      }
    }
    return !found || found.indexOf(slug(card)) >= 0;
  }
  function count(wanted) {
    var n = 0;
    for (var i = 0; i < cards.length; i++) { if (matches(cards[i], wanted)) { n++; } }
    return n;
  }

  function show() {
    var shown = 0, wanted = choice(), text;
    for (var i = 0; i < cards.length; i++) {
      var visible = matches(cards[i], wanted);
      cards[i].hidden = !visible;
      if (visible) { shown++; }
    }
    text = heading.getAttribute(shown === 1 ? "data-one" : "data-many").replace(/\d+/, shown);
    heading.textContent = text;
    if (status) { status.textContent = text; }
    if (empty) { offer(shown, wanted); }
  }

  // Nothing found: the same day in the nearest municipalities, other days here.
  function chip(label, n, act) {
    var li = document.createElement("li"), button = document.createElement("button");
    button.type = "button";
    button.className = "chip";
    button.textContent = label + " (" + n + ")";
    button.addEventListener("click", function () { act(); remember(); });
    li.appendChild(button);
    return li;
  }
  function fill(box, title, items) {
    var ul = box.querySelector("ul"), h = box.querySelector("h3");
    ul.textContent = "";
    h.textContent = title;
    for (var i = 0; i < items.length && i < 3; i++) { ul.appendChild(items[i]); }
    box.hidden = !ul.children.length;
  }
  function offer(shown, wanted) {
    empty.hidden = shown > 0;
    list.hidden = shown === 0;
    if (shown) { return; }
    var place = control("municipality"), when = control("weekday");
    var near = [], other = [];
    var day = chosen(when), here = place ? chosen(place) : null;
    if (here && here.value && day.value) {
      var ids = (here.getAttribute("data-near") || "").split(" ");
      ids.forEach(function (id) {
        var option = place.querySelector("option[value='" + id + "']");
        var n = count(Object.assign({}, wanted, { municipality: id }));
        if (option && n) {
          near.push(chip(option.textContent, n, function () { choose(place, option.index); }));
        }
      });
      var radios = choices(when);
      for (var r = 1; r < radios.length; r++) {
        if (radios[r] === day) { continue; }
        var other_choice = Object.assign({}, wanted);
        delete other_choice.when;
        delete other_choice.weekday;
        other_choice[section(when, radios[r])] = radios[r].value;
        var k = count(other_choice), index = r;
        if (k) {
          var label = radios[r].getAttribute("aria-label") || radios[r].parentNode.textContent;
          other.push(chip(label.trim(), k, (function (at) {
            return function () { choose(when, at); };
          })(index)));
        }
      }
    }
    var words = empty.querySelectorAll("[data-heading]");
    fill(words[0].parentNode, words[0].getAttribute("data-heading")
      .replace("{weekday}", (day.getAttribute("aria-label") || day.parentNode.textContent).trim()), near);
    fill(words[1].parentNode, words[1].getAttribute("data-heading")
      .replace("{municipality}", here ? here.textContent.trim() : ""), other);
  }

  // The word search: Pagefind's own script and index, from this site, on first use. A large
  // site's index comes in parts (data-parts): the others are merged into the first.
  var pagefind = null;
  function search(words) {
    var mine = ++searching;
    if (!words) { found = null; show(); return; }
    if (!pagefind) {
      var parts = (field.getAttribute("data-parts") || "").split(" ").filter(Boolean);
      pagefind = import(new URL(field.getAttribute("data-bundle") + "pagefind.js", location.href).href)
        .then(function (module) { return module.options({}).then(function () { return module; }); })
        .then(function (module) {
          return Promise.all(parts.map(function (part) {
            return module.mergeIndex(new URL(part, location.href).href);
          })).then(function () { return module; });
        });
    }
    pagefind.then(function (module) { return module.debouncedSearch(words, {}, 200); })
      .then(function (result) {
        if (!result) { return null; }  // a newer search took its place
        return Promise.all(result.results.map(function (r) { return r.data(); }));
      })
      .then(function (data) {
        if (!data || mine !== searching) { return; }
        found = data.map(function (d) {
          var match = /\/groups\/([^/]+)\//.exec(d.url);
          return match ? match[1] : "";
        });
        show();
      }, function () {
        // The index could not be loaded (the connection, or a site being published): every
        // group stays listed, as without the word search.
        if (mine === searching) { found = null; show(); }
      });
  }

  // The address -> the controls (a word or a key is accepted; anything else means "all").
  function restore() {
    var query = new URLSearchParams(location.search);
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i], items = choices(c), index = 0;
      for (var k = 1; k < items.length; k++) {
        var wanted = query.get(names[section(c, items[k])] || section(c, items[k])) || "";
        if (wanted && (items[k].getAttribute("data-word") === wanted || items[k].value === wanted)
            && !index) {
          index = k;
        }
      }
      choose(c, index);
    }
    // Choices folded on a phone are shown when the address holds one.
    if (more && Object.keys(choice()).length) { more.open = true; }
    var words = query.get(names.search) || "";
    if (field) {
      field.value = words;
      if (words) { search(words); return; }
      found = null;
    }
    show();
  }

  // The controls -> the address (replaced, so Back leaves the page as the reader expects).
  function remember() {
    var query = new URLSearchParams();
    for (var i = 0; i < controls.length; i++) {
      var item = chosen(controls[i]), name = section(controls[i], item);
      if (item.value) { query.set(names[name] || name, item.getAttribute("data-word") || item.value); }
    }
    if (field && field.value.trim()) { query.set(names.search, field.value.trim()); }
    var text = query.toString();
    history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
    show();
  }

  form.addEventListener("change", remember);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  if (field) {
    field.addEventListener("input", function () { remember(); search(field.value.trim()); });
  }
  if (empty) {
    empty.querySelector("[data-clear]").addEventListener("click", function () {
      for (var i = 0; i < controls.length; i++) { choose(controls[i], 0); }
      if (field) { field.value = ""; found = null; }
      remember();
    });
  }
  window.addEventListener("popstate", restore);
  // Back from a group page: the page may come from the back-forward cache as it was, or be
  // loaded again, and the browser may refill the controls itself; the address decides.
  window.addEventListener("pageshow", restore);
  // One search at a time: the form stands in for the static links.
  var links = document.querySelector("[data-static-filters]");
  if (links) { links.hidden = true; }
  form.hidden = false;
  if (more && window.matchMedia && window.matchMedia("(min-width: 40rem)").matches) {
    more.open = true;
  }
  restore();
})();
