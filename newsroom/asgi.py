import os

from django.core.asgi import get_asgi_application

from newsroom import var

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
var.prepare()
application = get_asgi_application()
