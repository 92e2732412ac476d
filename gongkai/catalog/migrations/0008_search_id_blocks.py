"""PostgreSQL: each search row's vector also names the blocks of 2^11, 2^14 and 2^17 item ids
it falls in (three lexemes with a leading space, which no query word can have), so the GIN
index can intersect a word with the newest blocks and return the newest matches without
visiting the older ones (`catalog.search._newest`); and the planner's statistics keep up
to 10,000 of the vector's most common words (the default keeps 1,000), from which the search
estimates how far back a query's newest matches reach.

The vector is derived data: the column and its index are rebuilt from `tokens`. SQLite's FTS5
index walks its own doclist newest first and needs neither.
"""

from django.db import migrations

# catalog.search.PG_BLOCK_BITS reads these blocks (written out here: a migration stays as it ran)
BLOCKS = ", ".join(f"' {bits}:' || (item_id >> {bits})::text" for bits in (11, 14, 17))
VECTOR = f"to_tsvector('simple', tokens) || array_to_tsvector(ARRAY[{BLOCKS}])"


def _vector(expression: str, statistics: int) -> list[str]:
    return [
        # the site's 25 s statement timeout would stop the rebuild of a large catalogue
        # (1,000,000 items: 78 s for the column, 26 s for the index); this transaction only
        "SET LOCAL statement_timeout = 0",
        "DROP INDEX IF EXISTS catalog_searchdocument_vector_gin",
        "ALTER TABLE catalog_searchdocument DROP COLUMN IF EXISTS vector",
        f"ALTER TABLE catalog_searchdocument ADD COLUMN vector tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED",
        f"ALTER TABLE catalog_searchdocument ALTER COLUMN vector SET STATISTICS {statistics}",
        "CREATE INDEX catalog_searchdocument_vector_gin ON catalog_searchdocument USING GIN (vector)",
        "ANALYZE catalog_searchdocument",
    ]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_item_revisions")]
    operations = [
        migrations.RunPython(
            _run(_vector(VECTOR, 1000)),
            _run(_vector("to_tsvector('simple', tokens)", -1)),
        )
    ]
