// friday: sortable and filterable tables. Progressive enhancement: the tables are complete
// without this script; it only adds sort buttons to headers and a filter box.
(function () {
  "use strict";
  function key(cell) {
    var raw = cell.getAttribute("data-sort");
    var text = raw !== null ? raw : cell.textContent.trim();
    var number = parseFloat(text.replace(/,/g, ""));
    return { text: text.toLowerCase(), number: isNaN(number) || !/^-?[\d,.]+/.test(text) ? null : number };
  }
  function compare(a, b) {
    if (a.number !== null && b.number !== null) { return a.number - b.number; }
    if (a.number !== null) { return -1; }
    if (b.number !== null) { return 1; }
    return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  }
  function sortBy(table, column, header) {
    var body = table.tBodies[0];
    var descending = header.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    var fixed = rows.filter(function (r) { return r.classList.contains("total"); });
    rows = rows.filter(function (r) { return !r.classList.contains("total"); });
    rows = rows.map(function (row, index) { return { row: row, index: index, key: key(row.cells[column]) }; });
    rows.sort(function (a, b) {
      var order = compare(a.key, b.key);
      if (descending) { order = -order; }
      return order !== 0 ? order : a.index - b.index;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
    fixed.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  function addFilter(table) {
    var box = document.createElement("div");
    box.className = "filter";
    var label = document.createElement("label");
    label.textContent = "Filter rows: ";
    var input = document.createElement("input");
    input.type = "search";
    label.appendChild(input);
    box.appendChild(label);
    var anchor = table.parentNode.classList.contains("scroll") ? table.parentNode : table;
    anchor.parentNode.insertBefore(box, anchor);
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        row.hidden = needle !== "" && !row.classList.contains("total") && row.textContent.toLowerCase().indexOf(needle) < 0;
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, column, th); });
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("table.filterable"), addFilter);
})();
