// Starts Swagger UI on the API documentation page (the spec URL comes from a data attribute).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("swagger-ui");
    if (!node || !window.SwaggerUIBundle) return;
    node.innerHTML = "";
    window.SwaggerUIBundle({
      url: node.getAttribute("data-spec-url"),
      domNode: node,
      deepLinking: true,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      tryItOutEnabled: false
    });
  });
})();
