import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")
application = get_wsgi_application()

from touchpoints.lib.warmup import load_and_freeze  # noqa: E402

load_and_freeze()
