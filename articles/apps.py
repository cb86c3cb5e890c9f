from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "غرفة الأخبار"

    def ready(self):
        from django.apps import apps
        from django.contrib import admin

        from articles import changes  # noqa: F401  (receivers register)
        from articles.admin.common import guard_every_list
        from articles.editorial import roles, tombstones  # noqa: F401  (receivers register)

        guard_every_list(admin.site)  # after every app's admin module has registered
        # django-axes names its app by its label only («Axes»): the admin shows it in Arabic.
        apps.get_app_config("axes").verbose_name = "محاولات الدخول"
