import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "touchpoints.settings")
django_application = get_wsgi_application()

from touchpoints.feedback.ingest import SubmissionFastPath  # noqa: E402
from touchpoints.lib.warmup import load_and_freeze  # noqa: E402

# A valid public answer is stored and redirected without Django's middleware; everything else,
# the same request with an error included, is Django's (touchpoints/feedback/ingest.py).
application = SubmissionFastPath(django_application)

load_and_freeze()
