import os

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsroom.health import healthz

admin.site.site_header = "نيوزروم — مكتب التحرير"
admin.site.site_title = "نيوزروم"
admin.site.index_title = "غرفة الأخبار"

# A database that cannot be reached gives readers the Arabic 503 page, wherever it is noticed.
handler500 = "newsroom.middleware.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:  # production: the web server serves /media/ (README, "Photos")
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if os.environ.get("NEWSROOM_BENCH") == "1":
    from articles.site.views import bench_ping

    urlpatterns.insert(0, path("_bench/ping/", bench_ping))
