"""The browsable documentation (Swagger UI) served from the site itself.

Swagger UI's files come from drf-spectacular-sidecar (our static files, nothing from a
CDN), its start-up script is a separate request (drf-spectacular's split view) and the
page's one inline style carries the CSP nonce, so the page runs under the site's
Content-Security-Policy unchanged.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "الواجهة البرمجية لنيوزروم"
