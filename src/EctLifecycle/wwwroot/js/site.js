// Light progressive enhancement: forms marked data-autosubmit resubmit when a choice changes (they also have a button).
document.querySelectorAll("form[data-autosubmit] select, form[data-autosubmit] input[type=date]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit(); });
});
// Confirm destructive actions (revoking a token, retracting a milestone).
document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("submit", function (e) { if (!window.confirm(el.getAttribute("data-confirm"))) e.preventDefault(); });
});
