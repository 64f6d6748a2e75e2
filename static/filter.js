/* Instant filtering on the home page. Optional: the static filter pages list the same groups. */
(function () {
  "use strict";
  var form = document.querySelector("[data-filter-form]");
  var list = document.querySelector("[data-cards]");
  if (!form || !list) { return; }
  var selects = form.querySelectorAll("select[data-filter]");
  var status = form.querySelector("[data-filter-status]");
  var cards = list.querySelectorAll(".card");
  var fields = { municipality: "municipality", audience: "audiences", weekday: "weekdays" };
  function update() {
    var shown = 0;
    for (var i = 0; i < cards.length; i++) {
      var card = cards[i], visible = true;
      for (var j = 0; j < selects.length; j++) {
        var value = selects[j].value;
        var values = (card.getAttribute("data-" + fields[selects[j].getAttribute("data-filter")]) || "").split(" ");
        if (value && values.indexOf(value) < 0) { visible = false; }
      }
      card.hidden = !visible;
      if (visible) { shown++; }
    }
    if (status) { status.textContent = status.getAttribute("data-template").replace("{n}", shown); }
  }
  for (var k = 0; k < selects.length; k++) { selects[k].addEventListener("change", update); }
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
})();
