// The commune fields (data-communes="name" on the registration's commune, "code" on a commune's INSEE code) offer the
// communes of the official geographic code as one types: GET /api/communes?q= fills the field's datalist, which the
// browser shows and the keyboard walks (arrows, Enter). Without the script the field is a plain text field.
(function () {
  "use strict";
  function attach(input) {
    var list = input.list;
    if (!list) return;
    var timer = null, last = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || q === last) return;
      timer = setTimeout(function () {
        last = q;
        fetch("/api/communes?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (communes) {
            list.replaceChildren();
            communes.forEach(function (c) {
              var option = document.createElement("option");
              option.value = input.dataset.communes === "code" ? c.code : c.label;
              option.label = input.dataset.communes === "code"
                ? c.label + " — " + (c.epciName || c.departementName)
                : c.code + " — " + (c.epciName || c.departementName);
              list.appendChild(option);
            });
          })
          .catch(function () { /* the field stays a plain text field */ });
      }, 200);
    });
  }
  document.querySelectorAll("input[data-communes]").forEach(attach);
})();
