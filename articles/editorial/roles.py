"""Editorial roles (Reporters, Editors): created after migrate.

Reporters write and revise drafts and send them to review; Editors hold every
permission on stories, entities, mentions, links and tags, publishing included.
The finer rules (a reporter cannot touch a published story) live in
``articles.editorial.workflow`` and are enforced by the admin.
"""

from django.db.models.signals import post_migrate
from django.dispatch import receiver

REPORTERS = "Reporters"
EDITORS = "Editors"

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
        "view_quote",
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


@receiver(post_migrate, dispatch_uid="articles.editorial.roles.create_roles")
def create_roles(sender, apps=None, **kwargs):
    """After the articles app migrates (its permissions exist by then), set up the groups."""
    if getattr(sender, "name", None) != "articles":
        return
    ensure_roles(apps)
