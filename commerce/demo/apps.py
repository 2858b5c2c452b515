from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "commerce.demo"
    label = "demo"
    verbose_name = "Demo data"
