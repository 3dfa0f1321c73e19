/* Door roster, progressive enhancement: filters rows as you type, and checks people in
   without reloading the page. Without this script every tap is a form post. On a flaky
   connection a tap stays marked pending and is sent again until it goes through. */
(function () {
  "use strict";
  var door = document.querySelector(".door");
  if (!door || !window.fetch) return;
  var input = document.getElementById("door-q");
  var rows = Array.prototype.slice.call(door.querySelectorAll(".door-row"));
  var present = door.querySelector(".door-present");

  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }
  if (input) {
    input.addEventListener("input", function () {
      var q = fold(input.value);
      rows.forEach(function (r) {
        r.hidden = q !== "" && r.getAttribute("data-search").indexOf(q) === -1;
      });
    });
  }

  function recount() {
    var n = 0;
    rows.forEach(function (r) {
      if (r.classList.contains("is-present")) n += parseInt(r.getAttribute("data-seats"), 10) || 1;
    });
    if (present) present.textContent = String(n);
  }

  function send(row, form, attempt) {
    var body = new URLSearchParams(new FormData(form));
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .then(function (res) {
        if (res.type === "opaqueredirect" || res.ok || res.status === 303) {
          row.classList.remove("is-pending");
          var undo = /\/undo$/.test(form.action);
          form.action = undo ? form.action.replace(/\/undo$/, "/check-in") : form.action.replace(/\/check-in$/, "/undo");
          row.classList.toggle("is-present", !undo);
          var b = form.querySelector("button");
          b.setAttribute("aria-pressed", undo ? "false" : "true");
          var state = form.querySelector(".door-state");
          if (state) state.textContent = door.getAttribute(undo ? "data-label-in" : "data-label-here") || "";
          recount();
        } else if (res.status === 409) {
          row.classList.remove("is-pending");
          window.location.reload();
        } else {
          throw new Error("status " + res.status);
        }
      })
      .catch(function () {
        setTimeout(function () { send(row, form, attempt + 1); }, Math.min(2000 * (attempt + 1), 10000));
      });
  }

  rows.forEach(function (row) {
    var form = row.querySelector("form");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (row.classList.contains("is-pending")) return;
      row.classList.add("is-pending");
      send(row, form, 0);
    });
  });
})();
