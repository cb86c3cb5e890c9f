"""Bulk inserts of rows whose ids nobody reads back: an import's mentions, quotes, images, links.

``QuerySet.bulk_create`` compiles one multi-row INSERT per batch, with a placeholder
compiled for every value. On SQLite, for these small rows, that compilation costs about
as much as the insert itself (142 against 65 ms for 3,000 mentions). ``insert_rows``
compiles the INSERT of one row, with Django's own compiler, and hands every row to
SQLite's ``executemany``, which prepares that statement once. The objects are prepared
and their values converted by the same methods ``bulk_create`` uses, so the rows written
are the same; their pks stay unset. On PostgreSQL ``bulk_create`` stays: its single
UNNEST insert is faster there than ``executemany``.

Measured on the 10,000 synthetic pages of ``scripts/bench_import.py`` (SQLite, about
200,000 rows through here): 5.0 s of the writer's CPU against 8.9 s with ``bulk_create``,
some 5% of the whole import. It relies on two private Django APIs,
``QuerySet._prepare_for_bulk_create`` and ``SQLInsertCompiler.pre_save_val``, checked
against Django 5.2 (``requirements.txt`` pins 5.2.19); ``tests/test_bulk.py`` compares its
rows with ``bulk_create``'s and fails if a Django upgrade changes them.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery


def insert_rows(model, objs, *, ignore_conflicts: bool = False) -> None:
    """``model.objects.bulk_create(objs, ignore_conflicts=...)`` without setting the pks."""
    if not objs:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "sqlite" or any(obj.pk is not None for obj in objs):
        model.objects.using(alias).bulk_create(objs, ignore_conflicts=ignore_conflicts)
        return
    opts = model._meta
    queryset = model._base_manager.using(alias).all()
    queryset._prepare_for_bulk_create(objs)  # related ids, as bulk_create sets them
    fields = [f for f in opts.concrete_fields if not f.generated and f is not opts.auto_field]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE if ignore_conflicts else None)
    query.insert_values(fields, objs[:1])
    compiler = query.get_compiler(connection=connection)
    [(sql, _)] = compiler.as_sql()
    value = compiler.prepare_value
    rows = [[value(f, compiler.pre_save_val(f, obj)) for f in fields] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
