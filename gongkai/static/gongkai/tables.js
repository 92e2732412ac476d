// Back-office tables on a phone or a tablet (issue 9, "the office unusable below tablet width").
//
// Every table in the page body gets its own scroll box, so a wide table scrolls inside it and
// never widens the page; a hint above it says so while the box actually overflows. A plain
// list table (one header row, no merged header cells, not mostly figures) is also marked
// .stack: each cell receives its column header as data-label, and site.css turns its rows
// into cards at max-width 700px, the label printed before each value. A static file, not an
// inline script, so the Content-Security-Policy can forbid inline code.
(function () {
  "use strict";

  // the wording comes translated from the template (data-hint on this script's tag)
  var script = document.currentScript;
  var HINT = (script && script.getAttribute("data-hint")) || "表格较宽，可左右滑动查看";

  function isSimple(table) {
    var head = table.tHead;
    if (!head || head.rows.length !== 1) {
      return false;
    }
    var cells = head.rows[0].cells;
    var figures = 0;
    for (var i = 0; i < cells.length; i++) {
      if (cells[i].colSpan > 1 || cells[i].rowSpan > 1) {
        return false;
      }
      figures += cells[i].classList.contains("num") ? 1 : 0;
    }
    // A table of figures (mostly numeric columns, e.g. per agency or 表三) is read across a
    // row and down a column: it keeps its grid and scrolls rather than becoming cards.
    return figures * 2 <= cells.length;
  }

  function label(table) {
    var headers = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && cell.colSpan === 1) {
            cell.setAttribute("data-label", headers[column] || "");
          }
          // an empty cell would leave its label alone on a card: the card skips it
          if (!cell.textContent.trim() && !cell.querySelector("a, button, input, select, img, svg")) {
            cell.classList.add("blank");
          }
          column += cell.colSpan;
        });
      });
    });
    table.classList.add("stack");
  }

  function scrolls(element) {
    var overflow = window.getComputedStyle(element).overflowX;
    return overflow === "auto" || overflow === "scroll";
  }

  function wrap(table) {
    var box = table.parentElement;
    if (!scrolls(box)) {
      box = document.createElement("div");
      box.className = "table-scroll";
      table.parentElement.insertBefore(box, table);
      box.appendChild(table);
    }
    var hint = document.createElement("p");
    hint.className = "table-scroll-hint";
    hint.textContent = HINT;
    hint.hidden = true;
    box.parentElement.insertBefore(hint, box);
    return box;
  }

  function updateHint(box) {
    var hint = box.previousElementSibling;
    var overflows = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("table-overflows", overflows);
    if (hint && hint.classList.contains("table-scroll-hint")) {
      hint.hidden = !overflows;
    }
  }

  function setUp() {
    var boxes = [];
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.closest(".no-stack, .letter-preview")) {
        return;
      }
      // a table its page already puts in a scroll box (a matrix such as the 工作要点 board)
      // keeps that design; it only gains the hint
      var ownBox = scrolls(table.parentElement);
      if (!ownBox && isSimple(table) && !table.hasAttribute("data-no-stack")) {
        label(table);
      }
      boxes.push(wrap(table));
    });
    var update = function () {
      boxes.forEach(updateHint);
    };
    update();
    window.addEventListener("resize", update);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
