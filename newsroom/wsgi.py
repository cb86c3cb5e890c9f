import os

from django.core.wsgi import get_wsgi_application

from newsroom import var

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
var.prepare()
application = get_wsgi_application()
