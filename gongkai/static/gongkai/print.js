// Buttons marked data-print print the page. A listener in a static file, not an
// inline onclick, so the Content-Security-Policy can forbid inline handlers.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
