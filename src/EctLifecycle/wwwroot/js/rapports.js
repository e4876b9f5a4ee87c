// The reports' page waiting for its report (Pages/Rapports): asks each second where the report stands (?handler=etat, read
// from the app's memory alone), shows how long it has been computed and the estimated progress, and reloads the page once
// it is ready (or no longer computed: the page then says why). Without this script the page reloads every 5 seconds.
(function () {
    var box = document.querySelector("[data-report-state]");
    if (!box) return;
    var url = box.getAttribute("data-report-state");
    var reload = box.getAttribute("data-report-reload");
    var text = box.querySelector("[data-report-text]");
    var bar = box.querySelector("progress[max]");
    var failures = 0;
    function show(state) {
        if (text) text.textContent = state.texte;
        if (!bar) return;
        var max = parseFloat(bar.getAttribute("max"));
        var value = Math.min(state.secondes, max * 0.95);
        bar.value = value;
        bar.textContent = Math.round(100 * value / max) + " %";
    }
    // Not while a date is being typed in the page's form: once the box is left.
    function go() {
        var typing = document.activeElement && document.activeElement.form;
        if (typing) { document.activeElement.addEventListener("blur", go, { once: true }); return; }
        window.location.assign(reload);
    }
    function ask() {
        fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (answer) { if (!answer.ok) throw new Error(String(answer.status)); return answer.json(); })
            .then(function (state) {
                failures = 0;
                if (state.etat !== "calcul") { go(); return; }
                show(state);
                window.setTimeout(ask, 1000);
            })
            // The app restarting, the network gone a moment: asked again, then the page reloaded (it says what stands then).
            .catch(function () { if (++failures < 15) window.setTimeout(ask, 2000); else go(); });
    }
    window.setTimeout(ask, 1000);
})();
