"""What every app's API needs and nothing app-specific: the one error format
(``commerce.api.errors``), its OpenAPI description (``commerce.api.schema``) and the id converter
of API routes (``commerce.api.converters``). Apps import it; it imports no app."""
