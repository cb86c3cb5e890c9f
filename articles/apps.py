from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "غرفة الأخبار"

    def ready(self):
        from django.apps import apps
        from django.contrib import admin
        from django.contrib.admin.templatetags import admin_list

        from articles import changes  # noqa: F401  (receivers register)
        from articles.admin.common import arabic_boolean_icon, guard_every_list
        from articles.editorial import roles, tombstones  # noqa: F401  (receivers register)

        admin_list._boolean_icon = arabic_boolean_icon
        guard_every_list(admin.site)  # after every app's admin module has registered
        # django-axes names its app by its label only («Axes»): the admin shows it in Arabic.
        apps.get_app_config("axes").verbose_name = "محاولات الدخول"
