/* Progressive enhancement, no framework. Everything here is optional: without scripts the
   static pages (municipality x weekday, today / this week, A-Z) list the same groups.
   1. Print buttons (shown only when a script can press print).
   2. The home page's instant search: the choice lives in the address in the reader's words
      (?kunta=kokkola&paiva=tiistai), so Back, reload and a shared link show the same list. */
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
  // Each filter is a drop-down or a group of radio buttons with data-filter="<section>".
  var controls = form.querySelectorAll("[data-filter]");
  var status = form.querySelector("[data-filter-status]");
  var heading = document.querySelector("[data-count]");
  var cards = list.querySelectorAll(".card");
  var names = JSON.parse(form.getAttribute("data-parameters"));
  var fields = { municipality: "municipality", audience: "audiences", weekday: "weekdays" };

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
  function value(control) { return chosen(control).value; }
  function section(control) { return control.getAttribute("data-filter"); }

  function show() {
    var shown = 0, text, period = null;
    for (var c = 0; c < controls.length; c++) {
      if (section(controls[c]) === "when" && value(controls[c])) {
        period = days(value(controls[c]) === "today" ? 1 : 7);
      }
    }
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i], visible = true;
      for (var j = 0; j < controls.length; j++) {
        var name = section(controls[j]), wanted = value(controls[j]);
        if (!wanted || !fields[name]) { continue; }
        var values = (card.getAttribute("data-" + fields[name]) || "").split(" ");
        if (values.indexOf(wanted) < 0) { visible = false; }
      }
      if (visible && period) {
        var dates = (card.getAttribute("data-dates") || "").split(" ");
        visible = dates.some(function (d) { return period.indexOf(d) >= 0; });
      }
      card.hidden = !visible;
      if (visible) { shown++; }
    }
    text = heading.getAttribute(shown === 1 ? "data-one" : "data-many").replace(/\d+/, shown);
    heading.textContent = text;
    if (status) { status.textContent = text; }
  }

  // The address -> the controls (a word or a key is accepted; anything else means "all").
  function restore() {
    var query = new URLSearchParams(location.search);
    for (var i = 0; i < controls.length; i++) {
      var control = controls[i], items = choices(control);
      var wanted = query.get(names[section(control)] || section(control)) || "", index = 0;
      for (var k = 1; k < items.length; k++) {
        if (wanted && (items[k].getAttribute("data-word") === wanted || items[k].value === wanted)) {
          index = k;
        }
      }
      choose(control, index);
    }
    show();
  }

  // The controls -> the address (replaced, so Back leaves the page as the reader expects).
  function remember() {
    var query = new URLSearchParams();
    for (var i = 0; i < controls.length; i++) {
      var item = chosen(controls[i]);
      if (item.value) {
        query.set(names[section(controls[i])] || section(controls[i]),
                  item.getAttribute("data-word") || item.value);
      }
    }
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    show();
  }

  form.addEventListener("change", remember);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("popstate", restore);
  // Back from a group page: the page may come from the back-forward cache as it was, or be
  // loaded again, and the browser may refill the controls itself; the address decides.
  window.addEventListener("pageshow", restore);
  // One search at a time: the form stands in for the static links.
  var links = document.querySelector("[data-static-filters]");
  if (links) { links.hidden = true; }
  form.hidden = false;
  restore();
})();
