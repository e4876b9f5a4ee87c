// Light progressive enhancement: forms marked data-autosubmit resubmit when a choice changes (they also have a button).
document.querySelectorAll("form[data-autosubmit] select, form[data-autosubmit] input[type=date]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit(); });
});
// Confirm destructive actions (revoking a token, retracting a milestone).
document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("submit", function (e) { if (!window.confirm(el.getAttribute("data-confirm"))) e.preventDefault(); });
});
// A box ticked by default for some values of a choice (« personne physique » for an inhabitant), until the person ticks it.
document.querySelectorAll("input[type=checkbox][data-checked-for]").forEach(function (box) {
    var choice = box.form && box.form.elements[box.getAttribute("data-checked-for")];
    if (!choice) return;
    var values = (box.getAttribute("data-checked-values") || "").split(" ");
    var touched = false;
    box.addEventListener("change", function () { touched = true; });
    choice.addEventListener("change", function () { if (!touched) box.checked = values.indexOf(choice.value) >= 0; });
});
// On a phone the main menu folds behind its « Menu » button (CSS shows the button only there, and only with this script).
(function () {
    var toggle = document.querySelector(".menu-toggle"), menu = document.getElementById("menu");
    if (!toggle || !menu) return;
    document.documentElement.classList.add("js-menu");
    toggle.addEventListener("click", function () {
        var open = menu.classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
})();
// A table wider than its box (on a phone) scrolls inside it: the box takes the focus so that the keyboard scrolls it too,
// and is named for a screen reader. Boxes that do not scroll stay out of the tab order.
(function () {
    var boxes = document.querySelectorAll(".table-wrap");
    if (!boxes.length) return;
    function mark() {
        boxes.forEach(function (box) {
            if (box.scrollWidth > box.clientWidth + 1) {
                box.setAttribute("tabindex", "0");
                box.setAttribute("role", "region");
                if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", "Tableau à faire défiler de côté");
            } else if (box.getAttribute("tabindex") === "0") {
                box.removeAttribute("tabindex");
                box.removeAttribute("role");
            }
        });
    }
    mark();
    window.addEventListener("resize", mark);
    document.addEventListener("toggle", mark, true); // a chart's figures open in a <details>
})();
// A page slow to come (an analysis over the whole portfolio, which may wait its turn behind another): once a form or link
// marked data-computing is used, the page's status box (Pages/Shared/_Computing.cshtml) says so after a moment, with a
// progress bar, until the next page comes.
(function () {
    var box = document.querySelector("[data-computing-notice]");
    if (!box) return;
    var timer = null;
    function show() {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
            var text = document.createElement("p");
            text.textContent = box.getAttribute("data-computing-notice");
            var bar = document.createElement("progress");
            bar.setAttribute("aria-label", "Calcul en cours");
            box.replaceChildren(text, bar);
            box.classList.add("flash");
        }, 800);
    }
    document.querySelectorAll("form[data-computing]").forEach(function (form) { form.addEventListener("submit", show); });
    document.querySelectorAll("a[data-computing]").forEach(function (link) {
        link.addEventListener("click", function (e) { if (e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey) show(); });
    });
    // Back on this page from the next one (the browser's cache of pages): nothing is being computed any more.
    window.addEventListener("pageshow", function () { window.clearTimeout(timer); box.replaceChildren(); box.classList.remove("flash"); });
})();
