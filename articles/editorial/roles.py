"""Editorial roles («المراسلون», «المحررون»), created after migrate; permissions named in Arabic.

Reporters write and revise drafts and send them to review; Editors hold every
permission on stories, entities, mentions, links and tags, publishing included, and
``articles.ingest_pages``: sending page files to the import through an API token.
The finer rules (a reporter cannot touch a published story) live in
``articles.editorial.workflow`` and are enforced by the admin.
"""

from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.utils import translation

REPORTERS = "المراسلون"
EDITORS = "المحررون"
# The groups' names before they were Arabic: an existing site's groups are renamed.
FORMER_NAMES = {"Reporters": REPORTERS, "Editors": EDITORS}
# Django names a model's default permissions «Can add قصة»: the verb, in Arabic.
PERMISSION_VERBS = {"add": "إضافة", "change": "تعديل", "delete": "حذف", "view": "عرض"}

REPORTER_PERMISSIONS = {
    "articles": [
        "add_article",
        "change_article",
        "delete_article",
        "view_article",
        "view_historicalarticle",
        "view_person",
        "view_location",
        "view_source",
        *(
            f"{action}_{model}"
            for model in ("personmention", "locationmention", "sourcemention", "relatedlink")
            for action in ("add", "change", "delete", "view")
        ),
        "add_image",
        "change_image",
        "delete_image",
        "view_image",
        "add_photo",  # the library: upload, choose, write alt text and focal point
        "change_photo",
        "view_photo",
        "view_quote",
        # Their own API tokens (articles.admin.tokens shows each user only theirs). The
        # ingest right (``ingest_pages``) is the editors', who hold every articles permission.
        "add_apitoken",
        "change_apitoken",
        "view_apitoken",
    ],
    "taggit": ["view_tag", "add_tag"],
}
EDITOR_APPS = ("articles", "taggit")


def ensure_roles(apps=None) -> dict[str, object]:
    """Create or refresh both groups and their permissions; return them by name."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for former, name in FORMER_NAMES.items():
        if not Group.objects.filter(name=name).exists():
            Group.objects.filter(name=former).update(name=name)
    reporters, _ = Group.objects.get_or_create(name=REPORTERS)
    wanted = [
        (app, codename) for app, codenames in REPORTER_PERMISSIONS.items() for codename in codenames
    ]
    reporter_perms = [
        p
        for p in Permission.objects.filter(
            content_type__app_label__in=REPORTER_PERMISSIONS
        ).select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
    reporters.permissions.set(reporter_perms)

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))
    return {REPORTERS: reporters, EDITORS: editors}


def name_permissions_in_arabic(app_label: str, apps=None) -> int:
    """Rename ``app_label``'s default permissions «يستطيع إضافة قصة»; the number renamed.

    Django stores them as «Can add ...» once, at migrate time, whatever the language:
    the group and user screens would list hundreds of English lines. The model's name
    is read from the live model in Arabic (its verbose name, or the catalogue's).
    """
    from django.apps import apps as live_apps

    if apps is None:
        apps = live_apps
    Permission = apps.get_model("auth", "Permission")
    renamed = []
    with translation.override("ar"):
        for permission in Permission.objects.filter(
            content_type__app_label=app_label
        ).select_related("content_type"):
            action, _, model_name = permission.codename.partition("_")
            if action not in PERMISSION_VERBS or model_name != permission.content_type.model:
                continue
            try:
                model = live_apps.get_model(app_label, model_name)
            except LookupError:
                continue
            name = f"يستطيع {PERMISSION_VERBS[action]} {model._meta.verbose_name}"[:255]
            if permission.name != name:
                permission.name = name
                renamed.append(permission)
    Permission.objects.bulk_update(renamed, ["name"])
    return len(renamed)


@receiver(post_migrate, dispatch_uid="articles.editorial.roles.create_roles")
def create_roles(sender, apps=None, **kwargs):
    """After each app migrates, name its permissions in Arabic (Django has created them
    by then: its handler was connected first); after the articles app, set up the groups."""
    label = getattr(sender, "label", None)
    if label is None or apps is None:
        return
    try:
        apps.get_model("auth", "Permission")
    except LookupError:
        return  # auth not migrated (or not installed): no permissions to name
    name_permissions_in_arabic(label, apps)
    if sender.name == "articles":
        ensure_roles(apps)
