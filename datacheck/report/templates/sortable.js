/* datacheck scorecard: sortable tables (progressive enhancement, no text of its own).
   Without JavaScript a table[data-sortable] is a plain table. With it, each heading that has
   data-sort-type gets a button; a click sorts the body rows by that column (cells' data-sort,
   else their text), ascending then descending, and sets aria-sort on the heading. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var collator = new Intl.Collator(document.documentElement.lang || undefined, {
    numeric: true,
    sensitivity: "base"
  });

  function key(cell, type) {
    var raw = cell ? cell.getAttribute("data-sort") : null;
    if (raw === null) {
      raw = cell ? cell.textContent.trim() : "";
    }
    if (type === "number") {
      var number = parseFloat(raw);
      return isNaN(number) ? -Infinity : number;
    }
    return raw;
  }

  function compare(a, b, type) {
    if (type === "number") {
      return a < b ? -1 : a > b ? 1 : 0;
    }
    return collator.compare(a, b);
  }

  function sortBy(table, heading, index) {
    var type = heading.getAttribute("data-sort-type");
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var headings = heading.parentNode.children;
    for (var i = 0; i < headings.length; i += 1) {
      headings[i].removeAttribute("aria-sort");
    }
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = compare(key(a.cells[index], type), key(b.cells[index], type), type);
      if (!ascending) {
        order = -order;
      }
      return order || Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    if (!table.tHead || !table.tBodies.length) {
      return;
    }
    var headings = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headings, function (heading, index) {
      if (!heading.hasAttribute("data-sort-type")) {
        return;
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (heading.firstChild) {
        button.appendChild(heading.firstChild);
      }
      heading.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, heading, index);
      });
    });
  });
})();
