"""The full-text index over SearchDocument.tokens, per backend.

SQLite: an external-content FTS5 table kept in step by triggers, so every write of a
SearchDocument row updates the index in the same transaction.
PostgreSQL: a generated tsvector column ('simple' config: the tokens are already
segmented by jieba) with a GIN index.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE catalog_fts USING fts5("
    "tokens, content='catalog_searchdocument', content_rowid='item_id')",
    "CREATE TRIGGER catalog_fts_ai AFTER INSERT ON catalog_searchdocument BEGIN "
    "INSERT INTO catalog_fts(rowid, tokens) VALUES (new.item_id, new.tokens); END",
    "CREATE TRIGGER catalog_fts_ad AFTER DELETE ON catalog_searchdocument BEGIN "
    "INSERT INTO catalog_fts(catalog_fts, rowid, tokens) VALUES('delete', old.item_id, old.tokens); END",
    "CREATE TRIGGER catalog_fts_au AFTER UPDATE ON catalog_searchdocument BEGIN "
    "INSERT INTO catalog_fts(catalog_fts, rowid, tokens) VALUES('delete', old.item_id, old.tokens); "
    "INSERT INTO catalog_fts(rowid, tokens) VALUES (new.item_id, new.tokens); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalog_fts_au",
    "DROP TRIGGER IF EXISTS catalog_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_fts_ai",
    "DROP TABLE IF EXISTS catalog_fts",
]
POSTGRES = [
    "ALTER TABLE catalog_searchdocument ADD COLUMN vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', tokens)) STORED",
    "CREATE INDEX catalog_searchdocument_vector_gin ON catalog_searchdocument USING GIN (vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS catalog_searchdocument_vector_gin",
    "ALTER TABLE catalog_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_starter_wording")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
