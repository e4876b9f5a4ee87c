// After a refused submit, the eye and the keyboard go where the problem is: the error summary is scrolled into view
// and the first field in error takes the focus (else the summary itself). A message shown next to what was being done
// (data-focus-on-load, e.g. a refused retraction far down the journey) is scrolled to and focused the same way.
(function () {
    var summary = document.querySelector(".error-summary, [data-focus-on-load]");
    if (!summary) return;
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    var details = summary.closest("details");
    if (details) details.open = true;
    summary.scrollIntoView({ block: summary.hasAttribute("data-focus-on-load") ? "center" : "start" });
    var field = document.querySelector("main [aria-invalid=true]");
    if (!field) {
        var error = document.querySelector("main .field-error");
        var box = error && error.closest("fieldset, .field, div");
        field = box && box.querySelector("input:not([type=hidden]), select, textarea");
    }
    if (field && !summary.hasAttribute("data-focus-on-load")) field.focus({ preventScroll: true });
    else summary.focus({ preventScroll: true });
})();
