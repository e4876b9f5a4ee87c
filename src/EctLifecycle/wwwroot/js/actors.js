// The name fields of the milestones that name an actor (data-actors) offer the directory's actors as one types:
// GET /api/actors?q= fills the field's datalist; choosing one of them puts its id in the form's hidden actorId, so the
// milestone names that directory actor; typing another name clears it. Without the script the field is a plain text field.
// The form's « Nouvel acteur de l'annuaire » (data-new-actor) shows only while the name typed is not a directory actor's.
(function () {
  "use strict";
  function attach(input) {
    var list = input.list, hidden = document.getElementById(input.dataset.actors);
    if (!list || !hidden) return;
    var timer = null, last = "", byName = {};
    // A form shown again after a refusal carries the id chosen for the name typed: kept while that name is.
    if (hidden.value && input.value.trim()) byName[input.value.trim()] = hidden.value;
    var fresh = document.querySelector("[data-new-actor]");
    function choose() {
      hidden.value = byName[input.value.trim()] || "";
      if (fresh) fresh.hidden = hidden.value !== "" || input.value.trim() === "";
    }
    choose();
    input.addEventListener("change", choose);
    input.addEventListener("input", function () {
      choose();
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2 || q === last) return;
      timer = setTimeout(function () {
        last = q;
        fetch("/api/actors?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (actors) {
            list.replaceChildren();
            byName = {};
            actors.forEach(function (a) {
              var option = document.createElement("option");
              option.value = a.name;
              option.label = a.kindLabel + (a.communeName ? " — " + a.communeName : "") + " — " + a.projects.length + " projet(s)";
              byName[a.name] = a.id;
              list.appendChild(option);
            });
            choose();
          })
          .catch(function () { /* the field stays a plain text field */ });
      }, 200);
    });
  }
  document.querySelectorAll("input[data-actors]").forEach(attach);
})();
