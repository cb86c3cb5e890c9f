from django.core.management.base import BaseCommand

from articles.editorial.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or refresh the Reporters and Editors groups and their permissions."

    def handle(self, *args, **options):
        for name, group in ensure_roles().items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
