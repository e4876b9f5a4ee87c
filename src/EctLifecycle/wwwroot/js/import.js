// The import's form, followed: the file is sent with XMLHttpRequest, whose upload events feed the bar, then the server's
// progress lines (application/x-ndjson, one JSON object a line) feed it while the file is read, checked and written; the
// last line carries the result as the page shows it. The button stays disabled (« Import en cours… ») from the submit
// until the answer, so a second click cannot send the file again. Without this script the form posts as a plain form.
(function () {
    var form = document.getElementById("import-form");
    var box = document.getElementById("import-progress");
    var bar = document.getElementById("import-progress-bar");
    var text = document.getElementById("import-progress-text");
    var result = document.getElementById("import-result");
    var button = document.getElementById("import-submit");
    if (!form || !box || !bar || !text || !result || !button || !window.FormData) return;
    var label = button.textContent;
    var busy = false;

    function show(done, total, words) {
        box.hidden = false;
        if (total > 0) bar.value = Math.min(100, Math.floor(done * 100 / total));
        else bar.removeAttribute("value");
        text.textContent = words;
    }

    function finish(html) {
        busy = false;
        button.disabled = false;
        button.textContent = label;
        button.removeAttribute("aria-busy");
        box.hidden = true;
        result.innerHTML = html;
        var summary = result.querySelector(".error-summary, .alert, .flash");
        if (summary) {
            summary.setAttribute("tabindex", "-1");
            summary.scrollIntoView({ block: "start" });
            summary.focus({ preventScroll: true });
        }
    }

    function failed(message) {
        var p = document.createElement("p");
        p.className = "alert";
        p.setAttribute("role", "alert");
        p.textContent = message;
        finish("");
        result.appendChild(p);
    }

    form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (busy) return;
        if (form.reportValidity && !form.reportValidity()) return;
        busy = true;
        button.disabled = true;
        button.textContent = "Import en cours…";
        button.setAttribute("aria-busy", "true");
        result.innerHTML = "";
        show(0, 1, "Envoi du fichier : 0 %");

        var xhr = new XMLHttpRequest();
        var read = 0, last = null;
        function lines() {
            var body = xhr.responseText, end;
            while ((end = body.indexOf("\n", read)) >= 0) {
                var line = body.substring(read, end);
                read = end + 1;
                if (!line) continue;
                var step = JSON.parse(line);
                if (step.stage === "fin") last = step;
                else show(step.done, step.total, step.text);
            }
        }
        xhr.open("POST", form.action || window.location.pathname);
        xhr.setRequestHeader("Accept", "application/x-ndjson");
        xhr.upload.onprogress = function (p) {
            if (p.lengthComputable) show(p.loaded, p.total, "Envoi du fichier : " + Math.floor(p.loaded * 100 / p.total) + " %");
        };
        xhr.upload.onload = function () { show(0, 0, "Fichier envoyé, lecture…"); };
        xhr.onprogress = function () { if (isLines()) lines(); };
        xhr.onload = function () {
            if (!isLines()) {
                // Not the progress: a refusal the server answers with a page (a file too large, a session ended).
                if (xhr.responseURL && xhr.responseURL !== new URL(form.action || window.location.href, window.location.href).href) {
                    window.location.assign(xhr.responseURL);
                    return;
                }
                failed("L'import n'a pas abouti (réponse " + xhr.status + ") : rechargez la page et réessayez.");
                return;
            }
            lines();
            if (last) finish(last.html);
            else failed("L'import s'est interrompu avant sa fin : rien n'a été importé, réessayez.");
        };
        xhr.onerror = function () { failed("La connexion au serveur a été perdue : vérifiez sur la page d'accueil ce qui a été importé, puis réessayez."); };
        xhr.send(new FormData(form));

        function isLines() {
            return xhr.status === 200 && (xhr.getResponseHeader("Content-Type") || "").indexOf("application/x-ndjson") === 0;
        }
    });
})();
