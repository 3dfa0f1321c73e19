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

  var presentPeople = door.querySelector(".door-present-people");

  function recount() {
    var seats = 0, people = 0;
    rows.forEach(function (r) {
      if (r.classList.contains("is-present")) {
        people += 1;
        seats += parseInt(r.getAttribute("data-seats"), 10) || 1;
      }
    });
    if (present) present.textContent = String(seats);
    if (presentPeople) presentPeople.textContent = String(people);
  }

  var taps = door.querySelector(".door-taps");

  function send(row, button, attempt) {
    var body = new URLSearchParams(new FormData(taps));
    fetch(button.formAction, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
      .then(function (res) {
        if (res.type === "opaqueredirect" || res.ok || res.status === 303) {
          row.classList.remove("is-pending");
          var undo = /\/undo$/.test(button.formAction);
          button.formAction = undo ? button.formAction.replace(/\/undo$/, "/check-in") : button.formAction.replace(/\/check-in$/, "/undo");
          row.classList.toggle("is-present", !undo);
          button.setAttribute("aria-pressed", undo ? "false" : "true");
          var state = button.querySelector(".door-state");
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
        setTimeout(function () { send(row, button, attempt + 1); }, Math.min(2000 * (attempt + 1), 10000));
      });
  }

  if (taps) {
    taps.addEventListener("submit", function (e) {
      var button = e.submitter;
      if (!button || !button.formAction) return;
      e.preventDefault();
      var row = button.closest(".door-row");
      if (row.classList.contains("is-pending")) return;
      row.classList.add("is-pending");
      send(row, button, 0);
    });
  }
})();
