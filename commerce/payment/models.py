from oscar.apps.payment.models import *  # noqa: F403
