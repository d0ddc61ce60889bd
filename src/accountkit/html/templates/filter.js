(function () {
  "use strict";
  var band = document.getElementById("band-filter");
  var area = document.getElementById("area-filter");
  var shown = document.getElementById("shown");
  var rows = document.querySelectorAll("#accounts tbody tr");
  function apply() {
    var count = 0;
    rows.forEach(function (row) {
      var areas = row.getAttribute("data-areas").split(" ");
      var keep = (!band.value || row.getAttribute("data-band") === band.value) &&
        (!area.value || areas.indexOf(area.value) >= 0);
      row.hidden = !keep;
      if (keep) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " accounts shown" +
      (shown.getAttribute("data-where") || "");
  }
  band.addEventListener("change", apply);
  area.addEventListener("change", apply);
  apply();
}());
