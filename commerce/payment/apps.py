import oscar.apps.payment.apps as apps


class PaymentConfig(apps.PaymentConfig):
    name = "commerce.payment"

    def ready(self):
        super().ready()
        # Registers the deploy check and warns now if the sandbox is on in production.
        from commerce.payment.checks import sandbox_startup_warn

        sandbox_startup_warn()
