"""pg_trgm for the database search backend's typo-tolerant title matching (PostgreSQL only).

Every other database (SQLite in development and tests) skips this migration's work: the backend
falls back to plain ``icontains`` matching there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """``CREATE EXTENSION IF NOT EXISTS pg_trgm`` on PostgreSQL, nothing elsewhere.

    Django's operation already skips other vendors going forwards but not backwards. Going
    backwards leaves the extension installed: it is database-wide and something else (an index,
    another app) may rely on it by then.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        return


class Migration(migrations.Migration):
    dependencies = []

    operations = [TrigramExtensionOnPostgreSQL()]
