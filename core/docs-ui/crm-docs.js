// Starts Swagger UI on this server's own document. Everything it loads
// comes from this server (the page's Content-Security-Policy allows
// nothing else): no validator badge, which would call an outside service.
// "Authorize" uses the document's oauth2 password flow, whose tokenUrl is
// /api/v2/auth/login, so a person can try the API with their own login.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '../api/v2/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
