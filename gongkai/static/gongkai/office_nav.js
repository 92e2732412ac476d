// The back-office menu on a phone (issue 9): at max-width 700px the menu folds behind one
// button that names the current section, instead of taking three rows above every page.
// Built here rather than in the template, so without JavaScript the menu simply stays
// unfolded (wrapped in rows); a static file so the Content-Security-Policy can forbid inline code.
(function () {
  "use strict";

  // the wording comes translated from the template (data-label on this script's tag)
  var script = document.currentScript;
  var LABEL = (script && script.getAttribute("data-label")) || "菜单";

  function setUp() {
    var bar = document.querySelector(".topbar");
    var nav = bar && bar.querySelector(".nav");
    if (!nav || !nav.querySelector("a")) {
      return;
    }
    var active = nav.querySelector("a.active");
    nav.id = nav.id || "office-nav";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nav-toggle";
    button.setAttribute("aria-controls", nav.id);
    button.setAttribute("aria-expanded", "false");
    button.textContent = LABEL + (active ? " · " + active.textContent.trim() : "");
    nav.parentElement.insertBefore(button, nav);
    bar.classList.add("nav-foldable");
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("nav-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
