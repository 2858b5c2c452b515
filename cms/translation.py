"""Site settings translated with django-modeltranslation (one column per language).

Pages are translated with Wagtail's own localisation (a copy per locale); a site setting has one
row per site, so its text gets a column per language instead: ``text`` reads the active language's
column and falls back to English.
"""

from modeltranslation.translator import TranslationOptions, register

from cms.models import FooterSettings


@register(FooterSettings)
class FooterSettingsTranslationOptions(TranslationOptions):
    fields = ("text",)
