"""On PostgreSQL: fill the full-text vectors of existing articles and index them (GIN).
Other databases search with icontains (see articles/search.py) and need neither."""

from django.db import migrations

INDEX = "articles_article_search_vector_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "UPDATE articles_article SET search_vector = to_tsvector('english', coalesce(search_text, ''))"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article USING GIN (search_vector)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_article_search_vector")]
    operations = [migrations.RunPython(forwards, backwards)]
