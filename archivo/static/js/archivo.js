// archivo: small progressive enhancements (every page works without JavaScript).
(function () {
  "use strict";

  // Keep the menu open on wide screens (it is a <details> so phones can fold it).
  function syncMenu() {
    var menu = document.querySelector(".menu");
    if (menu && window.matchMedia("(min-width: 1101px)").matches) menu.open = true;
  }

  // "Desplegar todo" / "Plegar todo" in the CGCA tree.
  function treeButtons() {
    document.querySelectorAll("[data-tree]").forEach(function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("data-tree") === "open";
        document.querySelectorAll(".tree details").forEach(function (d) { d.open = open; });
      });
    });
  }

  // Show the reserve / confidentiality fields only when they apply.
  function accessFields() {
    document.querySelectorAll("[data-access]").forEach(function (scope) {
      var select = scope.querySelector("select[name=acceso]");
      if (!select) return;
      function update() {
        scope.querySelectorAll(".if-reservada").forEach(function (el) {
          el.classList.toggle("is-hidden", select.value !== "reservada");
        });
        scope.querySelectorAll(".if-confidencial").forEach(function (el) {
          el.classList.toggle("is-hidden", select.value !== "confidencial");
        });
      }
      select.addEventListener("change", update);
      update();
    });
  }

  // Close the user panel when clicking elsewhere or pressing Escape.
  function userPanel() {
    var user = document.querySelector("details.user");
    if (!user) return;
    document.addEventListener("click", function (e) { if (!user.contains(e.target)) user.open = false; });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") user.open = false; });
  }

  // "Marcar todos" / "Desmarcar todos" of the eligible lists, in place: a header checkbox
  // (shown only with JavaScript) and the links, which without JavaScript reload the page
  // with every box ticked or none.
  function checkAll() {
    document.querySelectorAll("[data-check-all]").forEach(function (scope) {
      var name = scope.getAttribute("data-check-all");
      var boxes = Array.prototype.filter.call(scope.querySelectorAll("input[type=checkbox]"),
        function (box) { return box.name === name; });
      var master = scope.querySelector("input[data-check-master]");
      function sync() {
        if (!master) return;
        var on = boxes.filter(function (box) { return box.checked; }).length;
        master.checked = on > 0 && on === boxes.length;
        master.indeterminate = on > 0 && on < boxes.length;
      }
      function set(on) {
        boxes.forEach(function (box) { box.checked = on; });
        sync();
      }
      scope.querySelectorAll("a[data-check]").forEach(function (link) {
        link.addEventListener("click", function (e) {
          e.preventDefault();
          set(link.getAttribute("data-check") === "todos");
        });
      });
      if (master) {
        master.hidden = false;
        master.addEventListener("change", function () { set(master.checked); });
      }
      scope.addEventListener("change", function (e) { if (e.target.name === name) sync(); });
      sync();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    syncMenu(); treeButtons(); accessFields(); userPanel(); checkAll();
    window.addEventListener("resize", syncMenu);
  });
})();
