import oscar.apps.customer.apps as apps


class CustomerConfig(apps.CustomerConfig):
    name = "commerce.customer"

    def ready(self):
        super().ready()
        from commerce.customer import receivers  # noqa: F401 - connects them
