// A live character counter under every textarea with data-maxchars (core.limits).
// Progressive enhancement: without JavaScript the server still refuses an over-long
// text with a message naming the field and the count; nothing is ever cut. A static
// file, not an inline script, so the Content-Security-Policy can forbid inline code.
(function () {
  "use strict";

  function count(text) {
    // Characters as the server counts them: code points, a line break as one.
    return Array.from(text.replace(/\r\n/g, "\n")).length;
  }

  function attach(area) {
    var limit = parseInt(area.getAttribute("data-maxchars"), 10);
    if (!limit) return;
    var out = document.createElement("p");
    out.className = "charcount";
    out.id = (area.id || area.name) + "_charcount";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + out.id);

    var countText = area.getAttribute("data-count-text") || "{n} / {limit}";
    var overText = area.getAttribute("data-over-text") || "{n} / {limit}";

    function update() {
      var n = count(area.value);
      var over = n > limit;
      out.textContent = (over ? overText : countText)
        .replace("{n}", n)
        .replace("{limit}", limit)
        .replace("{over}", n - limit);
      out.classList.toggle("over", over);
    }
    area.addEventListener("input", update);
    update();
  }

  function init() {
    var areas = document.querySelectorAll("textarea[data-maxchars]");
    for (var i = 0; i < areas.length; i++) attach(areas[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
