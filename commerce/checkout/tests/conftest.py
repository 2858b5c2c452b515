# A redis-server of the test's own, to stop and restart (see commerce/outbox/tests).
from commerce.outbox.tests.test_broker_outage import redis_server  # noqa: F401
