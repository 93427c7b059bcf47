// Swagger UI's init call for /api/docs, a static file so the page's CSP allows no inline script.
// validatorUrl: null: the docs run offline and never call the public validator.
SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  persistAuthorization: true,
  validatorUrl: null,
});
