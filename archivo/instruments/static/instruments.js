// Instrumentos: show "Generando…" while a file is produced; the download response sets a
// cookie carrying this form's token, which tells the page the file has arrived.
(function () {
  "use strict";
  var COOKIE = "instrumento_listo=";

  function cookieToken() {
    var parts = document.cookie.split("; ");
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(COOKIE) === 0) return parts[i].slice(COOKIE.length);
    }
    return "";
  }

  function randomToken() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-instrument-form]");
    if (!form) return;
    var generating = form.querySelector("[data-generating]");
    var ready = form.querySelector("[data-ready]");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function () {
      var token = randomToken();
      form.querySelector("input[name=token]").value = token;
      generating.classList.remove("is-hidden");
      ready.classList.add("is-hidden");
      button.disabled = true;
      var timer = window.setInterval(function () {
        if (cookieToken() !== token) return;
        window.clearInterval(timer);
        generating.classList.add("is-hidden");
        ready.classList.remove("is-hidden");
        button.disabled = false;
      }, 400);
    });
  });
})();
