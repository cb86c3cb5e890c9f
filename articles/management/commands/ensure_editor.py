"""Create the editor's admin login on first run, with a random password printed once."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the 'editor' superuser if no superuser exists yet; print its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Editor login already exists (password was printed on first run;")
            self.stdout.write(f" reset it with: python manage.py changepassword {username}).")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS("Editor login created (shown only this once):"))
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
