import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")
application = get_asgi_application()

from touchpoints.lib.warmup import load_and_freeze  # noqa: E402

load_and_freeze()
