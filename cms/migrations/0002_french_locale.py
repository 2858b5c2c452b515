from django.db import migrations


def add_french_locale(apps, schema_editor):
    locale_model = apps.get_model("wagtailcore", "Locale")
    locale_model.objects.get_or_create(language_code="fr")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(add_french_locale, migrations.RunPython.noop)]
