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
  var selects = form.querySelectorAll("select[data-filter]");
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
  function word(select) {
    var option = select.options[select.selectedIndex];
    return option && option.value ? option.getAttribute("data-word") || option.value : "";
  }
  function parameter(select) {
    var section = select.getAttribute("data-filter");
    return names[section] || section;
  }

  function show() {
    var shown = 0, wanted;
    var when = form.querySelector("select[data-filter=when]");
    var period = when && when.value ? days(when.value === "today" ? 1 : 7) : null;
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i], visible = true;
      for (var j = 0; j < selects.length; j++) {
        var section = selects[j].getAttribute("data-filter"), value = selects[j].value;
        if (!value || section === "when") { continue; }
        var values = (card.getAttribute("data-" + fields[section]) || "").split(" ");
        if (values.indexOf(value) < 0) { visible = false; }
      }
      if (visible && period) {
        var dates = (card.getAttribute("data-dates") || "").split(" ");
        visible = dates.some(function (d) { return period.indexOf(d) >= 0; });
      }
      card.hidden = !visible;
      if (visible) { shown++; }
    }
    wanted = heading.getAttribute(shown === 1 ? "data-one" : "data-many").replace(/\d+/, shown);
    heading.textContent = wanted;
    if (status) { status.textContent = wanted; }
  }

  // The address -> the drop-downs (a word or a key is accepted; anything else means "all").
  function restore() {
    var query = new URLSearchParams(location.search);
    for (var i = 0; i < selects.length; i++) {
      var select = selects[i], value = query.get(parameter(select)) || "", chosen = 0;
      for (var k = 0; k < select.options.length; k++) {
        var option = select.options[k];
        if (value && (option.getAttribute("data-word") === value || option.value === value)) {
          chosen = k;
        }
      }
      select.selectedIndex = chosen;
    }
    show();
  }

  // The drop-downs -> the address (replaced, so Back leaves the page as the reader expects).
  function remember() {
    var query = new URLSearchParams();
    for (var i = 0; i < selects.length; i++) {
      var value = word(selects[i]);
      if (value) { query.set(parameter(selects[i]), value); }
    }
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    show();
  }

  for (var k = 0; k < selects.length; k++) { selects[k].addEventListener("change", remember); }
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("popstate", restore);
  // Back from a group page: the page may come from the back-forward cache as it was, or be
  // loaded again, and the browser may refill the drop-downs itself; the address decides.
  window.addEventListener("pageshow", restore);
  // One search at a time: the drop-downs stand in for the static links.
  var links = document.querySelector("[data-static-filters]");
  if (links) { links.hidden = true; }
  form.hidden = false;
  restore();
})();
