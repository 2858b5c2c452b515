import oscar.apps.communication.apps as apps


class CommunicationConfig(apps.CommunicationConfig):
    name = "commerce.communication"

    def ready(self):
        super().ready()
        from oscar.apps.order.signals import order_status_changed

        from commerce.communication import receivers

        order_status_changed.connect(
            receivers.order_status_changed, dispatch_uid="communication.order_status_changed"
        )
