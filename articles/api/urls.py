"""``/api/v1/``: the root, the lists and records, the ingest of pages and its jobs, the
OpenAPI schema and its doc page."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from articles.api import views
from articles.api.docs import DocsView
from articles.api.ingest import IngestView, JobView

app_name = "api"

router = SimpleRouter()
VIEWSETS = {
    "article": views.ArticleViewSet,
    "person": views.PersonViewSet,
    "place": views.PlaceViewSet,
    "source": views.SourceViewSet,
    "tag": views.TagViewSet,
    "section": views.SectionViewSet,
}
for prefix, name in views.ROUTES:
    router.register(prefix, VIEWSETS[name], basename=name)

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("ingest/", IngestView.as_view(), name="ingest"),
    path("jobs/<int:pk>/", JobView.as_view(), name="job"),
    *router.urls,
]
