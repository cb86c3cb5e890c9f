from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "غرفة الأخبار"

    def ready(self):
        from articles import roles, signals, tombstones  # noqa: F401  (receivers register)
