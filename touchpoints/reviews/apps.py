from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "touchpoints.reviews"
    label = "reviews"
    verbose_name = _("Review requests")

    def ready(self) -> None:
        from touchpoints.demo.services import EXTENSIONS
        from touchpoints.reviews.demo import demo_reviews

        if demo_reviews not in EXTENSIONS:
            EXTENSIONS.append(demo_reviews)
