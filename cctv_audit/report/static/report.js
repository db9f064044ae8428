// cctv-audit report: sortable tables and filters. Small and dependency-free; the pages work without it.
(function () {
  "use strict";

  function cellValue(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell ? (cell.getAttribute("data-value") || cell.textContent || "") : "";
    if (kind === "number") {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.trim().toLowerCase();
  }

  function sortTable(table, th) {
    var headers = Array.prototype.slice.call(th.parentNode.children);
    var index = headers.indexOf(th);
    var kind = th.querySelector("button").getAttribute("data-sort");
    var current = th.getAttribute("aria-sort");
    var direction = current === "ascending" ? "descending" : "ascending";
    if (current === "none" && kind === "number") { direction = "descending"; }
    headers.forEach(function (h) { if (h.hasAttribute("aria-sort")) { h.setAttribute("aria-sort", "none"); } });
    th.setAttribute("aria-sort", direction);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, kind), y = cellValue(b, index, kind);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return direction === "ascending" ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function initSorting() {
    document.querySelectorAll("table[data-sortable]").forEach(function (table) {
      table.querySelectorAll("th button[data-sort]").forEach(function (button) {
        button.addEventListener("click", function () { sortTable(table, button.closest("th")); });
      });
    });
  }

  function matches(el, wanted) {
    for (var key in wanted) {
      if (!wanted[key]) { continue; }
      var value = (el.getAttribute("data-" + key) || "").toLowerCase();
      if (key === "name" ? value.indexOf(wanted[key]) === -1 : value !== wanted[key]) { return false; }
    }
    return true;
  }

  function initFilters() {
    var form = document.getElementById("filters");
    if (!form) { return; }
    var count = document.getElementById("filter-count");
    function apply() {
      var wanted = {};
      form.querySelectorAll("[data-filter]").forEach(function (input) {
        wanted[input.getAttribute("data-filter")] = input.value.trim().toLowerCase();
      });
      var shown = 0, total = 0;
      document.querySelectorAll("table[data-filterable] tbody tr").forEach(function (row) {
        var ok = matches(row, wanted);
        row.hidden = !ok;
        total += 1;
        if (ok) { shown += 1; }
      });
      var byName = {};
      document.querySelectorAll("table[data-filterable] tbody tr").forEach(function (row) {
        var link = row.querySelector("a");
        if (link) { byName[link.getAttribute("href")] = !row.hidden; }
      });
      document.querySelectorAll("svg.hexmap .hex[data-gss]").forEach(function (hex) {
        var ok = matches(hex, { nation: wanted.nation, region: wanted.region, type: wanted.type });
        if (ok && wanted.name) {
          var link = hex.closest("a");
          ok = !!(link && byName[link.getAttribute("href")]);
        }
        hex.classList.toggle("dim", !ok);
      });
      if (count) { count.textContent = "Showing " + shown + " of " + total + " councils."; }
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  function init() { initSorting(); initFilters(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
