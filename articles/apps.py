from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "غرفة الأخبار"

    def ready(self):
        from django.contrib import admin

        from articles import changes  # noqa: F401  (receivers register)
        from articles.admin.common import guard_every_list
        from articles.editorial import roles, tombstones  # noqa: F401  (receivers register)

        guard_every_list(admin.site)  # after every app's admin module has registered
