"""Deleted imported stories in the admin: told on delete, listed, and removable to re-import.

``TombstoneDeleteMixin`` goes on the stories' admin: it records who deleted (the
tombstone itself is written by ``articles.editorial.tombstones`` on every delete) and tells the
editor, on the confirmation page and after deleting, that the import will not bring the
story back. ``DeletedStoryAdmin`` lists the tombstones; deleting one lets the next import
create the story again.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import ngettext

from articles.editorial.tombstones import deleting_as
from articles.models import DeletedStory

WILL_NOT_RETURN = (
    "القصص المستوردة التي تُحذف لا يعيدها الاستيراد التالي؛ لإعادة استيراد إحداها احذفها "
    "من «قصص محذوفة (لا يعيدها الاستيراد)»."
)


def _imported(objs) -> int:
    return sum(1 for obj in objs if obj.import_key)


class TombstoneDeleteMixin:
    def get_deleted_objects(self, objs, request):
        if request.POST.get("post") != "yes" and _imported(objs):  # the confirmation page
            self.message_user(request, WILL_NOT_RETURN, messages.WARNING)
        return super().get_deleted_objects(objs, request)

    def delete_model(self, request, obj):
        with deleting_as(request.user):
            super().delete_model(request, obj)
        if obj.import_key:
            self._told(request, 1)

    def delete_queryset(self, request, queryset):
        imported = queryset.filter(import_key__isnull=False).count()
        with deleting_as(request.user):
            super().delete_queryset(request, queryset)
        if imported:
            self._told(request, imported)

    def _told(self, request, count: int) -> None:
        told = ngettext(
            "The import will not bring back %(count)d deleted imported story.",
            "The import will not bring back %(count)d deleted imported stories.",
            count,
        )
        self.message_user(request, f"{told % {'count': count}} {WILL_NOT_RETURN}", messages.INFO)


@admin.register(DeletedStory)
class DeletedStoryAdmin(admin.ModelAdmin):
    list_display = ("title", "import_key", "was_stub", "deleted_by", "deleted_at")
    list_select_related = ("deleted_by",)
    search_fields = ("title", "import_key")
    date_hierarchy = "deleted_at"
    readonly_fields = ("title", "import_key", "was_stub", "deleted_by", "deleted_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
