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

from operator import attrgetter

from django.db import connections, models, router
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery

# Field classes whose value goes to the database as it is when it has the type beside
# them: what their ``get_db_prep_save`` returns for such a value (a str is kept by
# ``CharField.to_python``, an int by ``int()``, ...). Exact classes only: a subclass may
# convert. A foreign key counts when its target is an integer primary key.
_STR = (models.CharField, models.TextField)
_EXACT = {
    models.IntegerField: int,
    models.PositiveIntegerField: int,
    models.PositiveSmallIntegerField: int,
    models.SmallIntegerField: int,
    models.BigIntegerField: int,
    models.FloatField: float,
    models.BooleanField: bool,
}
_INT_PKS = (models.AutoField, models.BigAutoField, models.SmallAutoField)


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
    rows = _values(compiler, fields, objs)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


def _plain_type(field) -> type | None:
    """The type a value of ``field`` needs to go to the database as it is, or None."""
    if type(field) in _STR:
        return str
    if type(field) is models.ForeignKey and type(field.target_field) in _INT_PKS:
        return int
    return _EXACT.get(type(field))


def _values(compiler, fields, objs) -> list[list]:
    """Each object's values as ``bulk_create`` writes them (``pre_save_val`` then
    ``prepare_value``), without calling Django's per-field conversions for the values
    they would return unchanged (a mention row's ids, counts and texts): those calls were
    a third of the writer's time on these rows. ``pre_save`` is ``getattr(obj, attname)``
    for every field class in ``_plain_type`` (none is auto_now or a file). Anything else,
    or a value of another type (None aside), goes through Django's path."""
    value, pre_save = compiler.prepare_value, compiler.pre_save_val
    plain = [(i, _plain_type(f)) for i, f in enumerate(fields)]
    checked = [(i, kind) for i, kind in plain if kind is not None]
    other = [i for i, kind in plain if kind is None]
    get = attrgetter(*[f.attname for f in fields])
    single = len(fields) == 1
    rows = []
    for obj in objs:
        row = [get(obj)] if single else list(get(obj))
        for i, kind in checked:
            v = row[i]
            if v is not None and not (isinstance(v, str) if kind is str else type(v) is kind):
                row[i] = value(fields[i], pre_save(fields[i], obj))
        for i in other:
            row[i] = value(fields[i], pre_save(fields[i], obj))
        rows.append(row)
    return rows
