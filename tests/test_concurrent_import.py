"""Audit item 8: two imports at once make one record per person, place and source."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.importer.batch import BatchImporter
from articles.importer.pages import prepare_file
from articles.models import Article, Image, Location, Person, PersonMention, Quote, Source
from tests.test_loadseeds import write_page

ROOT = Path(__file__).resolve().parent.parent
FIRST = ["قاسم", "ماجد", "حيدر", "عباس", "كريم", "ناصر", "فاضل", "رعد", "جبار", "سامي"]
LAST = ["الحلبي", "العبيدي", "الزبيدي", "الجبوري", "الدليمي"]
NAMES = [f"{first} {last}" for last in LAST for first in FIRST]


def page_naming(folder, name, title, person):
    body = (
        f"وقال العقيد {person}، المتحدث باسم قيادة العمليات المشتركة، إن الوضع مستقر في "
        "المدينة بعد المعارك."
    )
    return write_page(folder, name, title, body=body)


def twins():
    """(model, key) of every key held by more than one record."""
    found = []
    for model in (Person, Source):
        keys = list(model.objects.values_list("key", flat=True))
        found += [(model.__name__, k) for k in set(keys) if keys.count(k) > 1]
    places = list(Location.objects.values_list("key", "parent_id"))
    found += [("Location", k) for k in set(places) if places.count(k) > 1]
    return found


@pytest.mark.django_db
def test_an_import_with_a_stale_index_uses_the_record_another_import_wrote(tmp_path):
    """The second importer loaded its names before the first created «قاسم العبيدي»,
    as a second `loadseeds` running at the same time does."""
    first, second = BatchImporter(), BatchImporter()
    warm = page_naming(tmp_path, "warm.txt", "خبر أول عن المدينة", "ماجد الحلبي")
    second.import_batch([prepare_file(warm)])
    a = page_naming(tmp_path, "a.txt", "خبر ثان عن العمليات", "قاسم العبيدي")
    b = page_naming(tmp_path, "b.txt", "خبر ثالث عن العمليات", "قاسم العبيدي")

    first.import_batch([prepare_file(a)])
    [report] = second.import_batch([prepare_file(b)])

    assert report.created == 1 and not second.fallbacks
    assert list(Person.objects.filter(key="قاسم العبيدي").values_list("slug", flat=True)) == [
        "قاسم-العبيدي"
    ]
    person = Person.objects.get(key="قاسم العبيدي")
    assert person.mentions.count() == 2
    assert twins() == []


def _database_url(tmp_path) -> str:
    """A database both subprocesses can reach: the test database on PostgreSQL, a fresh
    migrated file on SQLite (the test database there lives in memory)."""
    conf = connection.settings_dict
    if connection.vendor == "postgresql":
        port = f":{conf['PORT']}" if conf["PORT"] else ""
        return f"postgres://{conf['USER']}@{conf['HOST'] or '127.0.0.1'}{port}/{conf['NAME']}"
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    manage("migrate", "-v", "0", url=url)
    return url


def manage(*args, url, wait=True):
    env = {**os.environ, "DATABASE_URL": url, "CONN_MAX_AGE": "0"}
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    if not wait:
        return proc
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return out


TWINS_SCRIPT = """
import json
from articles.models import Location, Person, Source
from django.db.models import Count
rows = []
for model, fields in ((Person, ["key"]), (Source, ["key"]), (Location, ["key", "parent"])):
    dup = model.objects.values(*fields).annotate(n=Count("pk")).filter(n__gt=1)
    rows += [[model.__name__, row["key"], row["n"]] for row in dup]
print(json.dumps({"twins": rows, "people": Person.objects.count()}))
"""


@pytest.mark.django_db(transaction=True)
def test_two_loadseeds_at_once_create_each_person_once(tmp_path):
    """Two `loadseeds` processes, on different pages naming the same new people, over
    three batches each (so each one's names index goes stale while the other writes)."""
    url = _database_url(tmp_path)
    folders = [tmp_path / "desk_a", tmp_path / "desk_b"]
    for n, folder in enumerate(folders):
        folder.mkdir()
        for i in range(220):
            person = NAMES[i // 10]
            title = f"خبر رقم {i} من المكتب {n} عن تصريحات {person}"
            page_naming(folder, f"p{i:03}.txt", title, person)

    runs = [manage("loadseeds", "--jobs", "1", str(f), url=url, wait=False) for f in folders]
    for proc in runs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err

    result = json.loads(manage("shell", "-c", TWINS_SCRIPT, url=url).strip().splitlines()[-1])
    assert result["twins"] == []
    assert result["people"] > 20  # the pages did name people: 22, and سعد معن on every page


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_twins_an_earlier_race_left():
    executor = MigrationExecutor(connection)
    before, latest = ("articles", "0006_leaner_indexes"), ("articles", "0008_unique_entity_keys")
    executor.migrate([before])
    try:
        old = executor.loader.project_state([before]).apps
        Old = {name: old.get_model("articles", name) for name in (
            "Article", "Person", "Source", "Location", "PersonMention", "Quote", "Image"
        )}  # fmt: skip
        one, two = (
            Old["Article"].objects.create(title=f"قصة {n}", slug=f"story-{n}", body=[])
            for n in (1, 2)
        )
        qasem = Old["Person"].objects.create(name="قاسم", slug="قاسم", key="قاسم")
        twin = Old["Person"].objects.create(
            name="قاسم", slug="قاسم-2", key="قاسم", description="الأمين العام", aliases="ق."
        )
        Old["PersonMention"].objects.create(article=one, person=qasem, count=2)
        Old["PersonMention"].objects.create(article=one, person=twin, count=1, status="accepted")
        Old["PersonMention"].objects.create(article=two, person=twin, count=3)
        Old["Quote"].objects.create(article=two, person=twin, text="نواصل")
        afp = Old["Source"].objects.create(name="أ ف ب", slug="afp", key="ا ف ب")
        afp2 = Old["Source"].objects.create(name="أ ف ب", slug="afp-2", key="ا ف ب")
        Old["Article"].objects.filter(pk=two.pk).update(source=afp2)
        Old["Image"].objects.create(article=one, caption="صورة", credit=afp2)
        iraq = Old["Location"].objects.create(name="العراق", slug="iraq", key="العراق")
        iraq2 = Old["Location"].objects.create(name="العراق", slug="iraq-2", key="العراق")
        for parent, slug in ((iraq, "baghdad"), (iraq2, "baghdad-2")):
            Old["Location"].objects.create(name="بغداد", slug=slug, key="بغداد", parent=parent)

        executor.loader.build_graph()
        executor.migrate([latest])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    person = Person.objects.get()
    assert person.pk == qasem.pk and person.description == "الأمين العام"
    assert "ق." in person.alias_list
    assert sorted(PersonMention.objects.values_list("article_id", "count", "status")) == [
        (one.pk, 3, "accepted"),
        (two.pk, 3, "found"),
    ]
    assert list(Quote.objects.values_list("person_id", flat=True)) == [qasem.pk]
    assert Source.objects.get().pk == afp.pk
    assert Article.objects.get(pk=two.pk).source_id == afp.pk
    assert Image.objects.get().credit_id == afp.pk
    assert Location.objects.get(key="العراق").pk == iraq.pk
    assert Location.objects.get(key="بغداد").parent_id == iraq.pk
    assert twins() == []
