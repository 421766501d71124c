// The report's only script besides plotly: pages the collapsed tables (prev/next) and filters their rows by typed text, offline, no library.

/**
 * For every `<details data-page-size>` section: each table shows one page of the rows that match the section's
 * filter; typing in the filter goes back to page 1. Without JavaScript every row stays visible. The
 * "… N more rows" line a cut table ends with is never paged away.
 */
export const TABLE_PAGER_SCRIPT = `(function () {
  document.querySelectorAll("details[data-page-size]").forEach(function (box) {
    var size = Math.max(1, parseInt(box.getAttribute("data-page-size"), 10) || 25);
    var input = box.querySelector("input.row-filter");
    var redraws = [];
    box.querySelectorAll("table.itw-table").forEach(function (table) {
      var body = table.tBodies[0];
      if (!body) return;
      var rows = Array.prototype.filter.call(body.rows, function (tr) { return !tr.querySelector("td.more"); });
      var nav = document.createElement("div");
      nav.className = "pager";
      var prev = document.createElement("button");
      prev.type = "button";
      prev.className = "prev";
      prev.textContent = "\\u2039 prev";
      var next = document.createElement("button");
      next.type = "button";
      next.className = "next";
      next.textContent = "next \\u203a";
      var label = document.createElement("span");
      label.className = "page-label";
      nav.appendChild(prev);
      nav.appendChild(label);
      nav.appendChild(next);
      table.parentNode.insertBefore(nav, table.nextSibling);
      var page = 0;
      function draw() {
        var q = input ? input.value.toLowerCase() : "";
        var match = rows.filter(function (tr) { return tr.textContent.toLowerCase().indexOf(q) >= 0; });
        var pages = Math.max(1, Math.ceil(match.length / size));
        if (page > pages - 1) page = pages - 1;
        rows.forEach(function (tr) { tr.style.display = "none"; });
        match.slice(page * size, (page + 1) * size).forEach(function (tr) { tr.style.display = ""; });
        label.textContent = "page " + (page + 1) + " of " + pages + " (" + match.length + " row" + (match.length === 1 ? "" : "s") + (q ? " matching" : "") + ")";
        prev.disabled = page === 0;
        next.disabled = page >= pages - 1;
        nav.style.display = rows.length > size ? "" : "none";
      }
      prev.addEventListener("click", function () { page = Math.max(0, page - 1); draw(); });
      next.addEventListener("click", function () { page += 1; draw(); });
      redraws.push(function () { page = 0; draw(); });
      draw();
    });
    if (input) input.addEventListener("input", function () { redraws.forEach(function (f) { f(); }); });
  });
})();`;
