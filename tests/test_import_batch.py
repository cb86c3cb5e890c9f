"""The batch import (articles/importer/batch.py) writes exactly what file-by-file import does."""

import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import search
from articles.importer.batch import BatchImporter
from articles.importer.pages import prepare_file, story_fingerprint
from articles.importer.writer import StoryWriter
from articles.ingest.parser import parse_page
from articles.models import (
    KINDS,
    Article,
    DeletedStory,
    Quote,
    RelatedLink,
    SourceMention,
    unique_slugs,
)
from articles.site import cache
from articles.text.keys import index_key, story_key

PAGE = """{title}

{caption} (رويترز)
{caption} (رويترز)
TT

{title}

{caption} (رويترز)
{caption} (رويترز)

{body}
"""
# Two titles that differ only after the slug's 240 characters: two stories, one slug base.
LONG_TITLE = "عودة النازحين إلى المحافظات الشمالية والاستراتيجيات الأمنية " * 4


def seed_paragraphs(seeds_dir):
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        for story in parse_page(path.read_text(encoding="utf-8")).stories:
            out += [b.text for b in story.blocks if b.kind == "paragraph"]
    return out


@pytest.fixture
def folder(tmp_path, seeds_dir):
    """The seeds plus pages of their paragraphs, some with titles that share a slug."""
    pages = tmp_path / "pages"
    shutil.copytree(seeds_dir, pages)
    paragraphs = seed_paragraphs(seeds_dir)
    titles = [f"خبر رقم {i} عن الأحداث في العراق" for i in range(8)]
    titles += [LONG_TITLE + "الأول", LONG_TITLE + "الثاني"]
    for i, title in enumerate(titles):
        body = "\n\n".join(paragraphs[i * 3 : i * 3 + 4])
        text = PAGE.format(title=title, caption=f"صورة رقم {i} من الميدان", body=body)
        (pages / f"zz_{i:02}.txt").write_text(text, encoding="utf-8")
    return pages


def state():
    """Everything the import wrote, keyed by names rather than database ids."""
    stories = {}
    for article in Article.objects.order_by("import_key"):
        mentions = sorted(
            (kind.mention_model.__name__, getattr(m, kind.name).name, m.count, m.excerpt,
             m.method, m.confidence, getattr(m, "role", ""), getattr(m, "as_credit", False))
            for kind in KINDS
            for m in kind.mention_model.objects.filter(article=article).select_related(kind.name)
        )  # fmt: skip
        stories[article.import_key] = {
            "fields": (
                article.title,
                article.slug,
                article.status,
                article.is_stub,
                article.body,
                article.search_text,
                article.fingerprint,
                article.imported_hash == article.editable_hash(),  # it holds ids: compare that
                article.origin_file,
                article.source_id and article.source.name,
                article.version,
            ),  # fmt: skip
            "vector": str(article.search_vector),
            "images": [
                (i.caption, i.credit and i.credit.name, i.is_archive, i.position)
                for i in article.images.order_by("position")
            ],  # fmt: skip
            "mentions": mentions,
            "quotes": sorted((q.person.name, q.text) for q in article.quotes.all()),
            "links": sorted(
                (link.to_article.import_key, link.kind, link.position)
                for link in article.related_links.all()
            ),  # fmt: skip
            "history": list(article.history.values_list("history_type", "title", "body")),
        }
    names = {
        kind.model.__name__: sorted(kind.model.objects.values_list("name", "slug"))
        for kind in KINDS
    }
    return stories, names


def searches():
    terms = ["الموصل", "ماتيس", "داعش", "النازحين", "سعد معن"]
    return {
        t: sorted(
            search.search_articles(Article.objects.all(), t).values_list("import_key", flat=True)
        )
        for t in terms
    }


def wipe():
    """Forget every import, tombstones included (deleting stories leaves them)."""
    for model in (Article, *(kind.model for kind in KINDS), DeletedStory):
        model.objects.all().delete()


@pytest.mark.django_db
def test_batch_import_writes_what_file_by_file_import_writes(folder):
    files = sorted(folder.glob("*.txt"))
    importer = BatchImporter()
    results = importer.import_batch([prepare_file(f) for f in files])
    assert [str(r) for r in results if not hasattr(r, "created")] == []
    assert all(r.created or r.duplicates for r in results)
    batched, batched_search = state(), searches()

    wipe()
    one_by_one = StoryWriter()
    for path in files:
        one_by_one.import_file(path)
    stories, names = state()
    assert names == batched[1]
    assert stories.keys() == batched[0].keys()
    for key, parts in batched[0].items():
        for part, value in parts.items():
            assert stories[key][part] == value, (key, part)
    assert searches() == batched_search
    assert batched_search["ماتيس"] and batched_search["النازحين"]


@pytest.mark.django_db
def test_without_bulk_insert_ids_the_batch_saves_stories_one_by_one(folder, monkeypatch):
    """SQLite before 3.35 cannot return the ids of a bulk insert: same result, saved."""
    files = sorted(folder.glob("*.txt"))
    BatchImporter().import_batch([prepare_file(f) for f in files])
    bulk = state()
    wipe()
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    with CaptureQueriesContext(connection) as queries:
        BatchImporter().import_batch([prepare_file(f) for f in files])
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "articles_article"')]
    assert len(inserts) == Article.objects.count()
    assert state() == bulk


@pytest.mark.django_db
def test_batch_gives_stories_sharing_a_slug_base_distinct_slugs(folder):
    BatchImporter().import_batch([prepare_file(f) for f in sorted(folder.glob("zz_*.txt"))])
    slugs = set(Article.objects.filter(title__startswith=LONG_TITLE).values_list("slug", flat=True))
    assert len(slugs) == 2
    assert len({slug[:200] for slug in slugs}) == 1
    more = unique_slugs(Article, [LONG_TITLE + "الثالث", LONG_TITLE + "الرابع"], max_length=240)
    assert len(set(more)) == 2 and not slugs & set(more)


@pytest.mark.django_db
def test_batch_import_indexes_new_stories_for_search_and_empties_the_page_cache(folder, client):
    client.get("/")
    assert client.get("/")[cache.HEADER] == "hit"
    BatchImporter().import_batch([prepare_file(f) for f in sorted(folder.glob("zz_*.txt"))])
    home = client.get("/")
    assert home[cache.HEADER] == "miss"
    assert LONG_TITLE + "الأول" in home.content.decode()
    hits = search.search_articles(Article.objects.published(), "النازحين")
    assert set(hits.values_list("title", flat=True)) == {
        LONG_TITLE + "الأول",
        LONG_TITLE + "الثاني",
    }
    if connection.vendor == "postgresql":
        assert not Article.objects.filter(search_vector__isnull=True).exists()
    else:
        assert search.backend().fts_available()


def refuse(table, column, word):
    """A trigger that makes the database itself refuse rows whose ``column`` holds ``word``."""
    name, message = f"refuse_{table}", f"refused {column}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.{column} LIKE '%{word}%' THEN RAISE EXCEPTION '{message}'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT ON {table} WHEN NEW.{column} "
                f"LIKE '%{word}%' BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )


@pytest.mark.django_db
def test_a_file_the_database_refuses_fails_alone(folder):
    """The refusal sinks the batch's transaction; the batch is then written file by
    file, so only that file fails, with a message naming it, and the others load."""
    refuse("articles_article", "title", "مرفوض")
    bad = folder / "zz_bad.txt"
    bad.write_text(
        PAGE.format(title="خبر مرفوض", caption="صورة", body="نص القصة."), encoding="utf-8"
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("loadseeds", str(folder), stdout=out, stderr=err)
    message = str(excinfo.value)
    assert "zz_bad.txt" in message and "refused title" in message
    assert "file by file" in err.getvalue()
    assert "1 " in message.splitlines()[0]
    assert not Article.objects.filter(title="خبر مرفوض").exists()
    assert Article.objects.filter(is_stub=False).count() == 10 + 10
    assert Article.objects.stubs().count() == 10


@pytest.mark.django_db
def test_a_refusal_after_a_story_is_saved_is_reported_as_itself(tmp_path, seeds_dir):
    """The story is saved, then its photo refused: the file's error is the refusal, not
    the transaction's aftermath, and the file leaves nothing behind."""
    refuse("articles_image", "caption", "مرفوضة")
    bad = tmp_path / "zz_bad.txt"
    bad.write_text(PAGE.format(title="خبر عادي", caption="صورة مرفوضة", body="نص القصة."))
    good = sorted(seeds_dir.glob("*.txt"))[0]
    importer = BatchImporter()
    results = importer.import_batch([prepare_file(good), prepare_file(bad)])
    assert "refused caption" in str(results[1]) and "zz_bad.txt" in str(results[1])
    assert "refused caption" in importer.fallbacks[0]
    assert results[0].created and not Article.objects.filter(title="خبر عادي").exists()


@pytest.mark.django_db
def test_a_batch_written_again_counts_mentions_once(tmp_path):
    """Two credits of one agency («أ ف ب», «فرانس برس») add up on one source mention; a
    batch written again file by file must not add them up a second time."""
    good = tmp_path / "good.txt"
    body = "عقد الوزراء اجتماعا في بغداد، وفق ما نقلت وكالة الصحافة الفرنسية."
    good.write_text(
        PAGE.replace("(رويترز)\n{caption} (رويترز)", "(أ ف ب)\n{caption} (فرانس برس)").format(
            title="اجتماع وزاري في بغداد لبحث الأوضاع الأمنية", caption="صورة", body=body
        )
    )
    StoryWriter().import_file(good)
    alone = sorted(SourceMention.objects.values_list("source__name", "count"))
    assert max(count for _, count in alone) > 1  # the credits did add up
    wipe()
    refuse("articles_article", "title", "مرفوض")
    bad = tmp_path / "zz_bad.txt"
    bad.write_text(PAGE.format(title="خبر مرفوض", caption="صورة", body="نص القصة."))
    importer = BatchImporter()
    importer.import_batch([prepare_file(good), prepare_file(bad)])
    assert importer.fallbacks
    assert sorted(SourceMention.objects.values_list("source__name", "count")) == alone


@pytest.mark.django_db
def test_batch_mixing_new_and_known_stories_keeps_every_import_rule(folder, seeds_dir):
    """A batch where a later file brings the text of a stub an earlier file of the same
    batch created, and repeats a story: both go through the story-by-story path."""
    call_command("loadseeds", str(seeds_dir), verbosity=0)
    stub = Article.objects.stubs().order_by("import_key").first()
    (folder / "zz_98.txt").write_text(
        PAGE.format(title=stub.title, caption="صورة", body="النص الكامل للقصة المختصرة."),
        encoding="utf-8",
    )
    wipe()
    results = BatchImporter().import_batch([prepare_file(f) for f in sorted(folder.glob("*.txt"))])
    stub_now = Article.objects.get(import_key=stub.import_key)
    assert not stub_now.is_stub and "النص الكامل" in stub_now.body_text
    assert Article.objects.filter(import_key=stub.import_key).count() == 1
    # The Gaza story, carried by two seeds, is stored once.
    assert sum(r.duplicates + r.unchanged for r in results) == 1
    assert Article.objects.filter(title__startswith="«هدنة غزة»").count() == 1
    assert RelatedLink.objects.filter(to_article=stub_now).exists()
    assert Quote.objects.exists()


def test_story_fingerprints_keep_their_stored_definition(seeds_dir):
    """Stored fingerprints decide "unchanged" on re-import: a faster hash must give the
    same values as the definition they were stored with."""
    from dataclasses import asdict

    from articles.text.fingerprint import content_hash

    stories = [
        story
        for path in sorted(seeds_dir.glob("*.txt"))
        for story in parse_page(path.read_text(encoding="utf-8")).stories
    ]
    assert any(b.credit and b.credit.is_archive for s in stories for b in s.lead_captions)
    for story in stories:
        stored = content_hash(
            story.title, story.deck, story.section, story.is_exclusive,
            asdict(story.byline) if story.byline else None,
            [asdict(b) for b in story.lead_captions], [asdict(b) for b in story.blocks],
        )  # fmt: skip
        assert story_fingerprint(story) == stored


@pytest.mark.django_db
def test_the_index_text_workers_prepare_is_the_stored_storys_own(folder):
    """New stories take their search text and vector keys from the workers: they must be
    what the story as stored gives, by the definitions search relies on."""
    from articles.text.arabic import normalize

    prepared = [prepare_file(f) for f in sorted(folder.glob("*.txt"))]
    BatchImporter().import_batch(prepared)
    checked = 0
    for item in prepared:
        for index, text in item.texts.items():
            article = Article.objects.get(import_key=story_key(item.page.stories[index].title))
            if article.origin_file != item.path.name:
                continue  # a duplicate: the story was written from the other file
            parts = (article.title, article.deck, article.body_text)
            assert text == article.index_text()
            assert text.search_text == article.search_text
            assert text.search_text == " ".join(normalize(part) for part in parts if part)
            assert text.keys == tuple(index_key(part) for part in parts)
            checked += 1
    assert checked == Article.objects.filter(is_stub=False).count() > 10


@pytest.mark.django_db
def test_a_long_quote_is_stored_once(tmp_path):
    """A quote longer than a database index entry can hold (PostgreSQL: 2704 bytes) is
    kept whole, and a story repeating it, or a second import, adds no copy."""
    words = ["القوات", "تواصل", "عملياتها", "في", "المنطقة", "لملاحقة", "الخلايا", "النائمة"]
    quote = " ".join(words[i % len(words)] + str(i) for i in range(500))
    assert len(quote.encode()) > 2704
    said = f"وقال العميد سعد معن، الناطق باسم وزارة الداخلية، إن «{quote}»."
    body = f"{said}\n\nوتابع البيان أن العمليات مستمرة.\n\n{said}"
    path = tmp_path / "long.txt"
    path.write_text(PAGE.format(title="بيان مطول عن العمليات", caption="صورة", body=body))
    for _ in range(2):
        call_command("loadseeds", str(path), verbosity=0)
    assert list(Quote.objects.values_list("person__name", "text")) == [("سعد معن", quote)]


def fail_like_a_lost_database(word):
    """A trigger that fails inserts the way a database that went away does."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION go_away() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.title LIKE '%{word}%' THEN "
                "RAISE EXCEPTION 'shutting down' USING ERRCODE = 'admin_shutdown'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER go_away BEFORE INSERT ON articles_article "
                "FOR EACH ROW EXECUTE FUNCTION go_away()"
            )
        else:  # SQLite reports an unknown function as an operational error
            cursor.execute(
                "CREATE TRIGGER go_away BEFORE INSERT ON articles_article "
                f"WHEN NEW.title LIKE '%{word}%' BEGIN SELECT no_such_function(); END"
            )


@pytest.mark.django_db
def test_a_database_failure_stops_the_run_instead_of_blaming_each_file(folder):
    fail_like_a_lost_database("خبر رقم 3")
    with pytest.raises(CommandError) as excinfo:
        call_command("loadseeds", str(folder), stdout=StringIO(), stderr=StringIO())
    message = str(excinfo.value)
    assert "توقف الاستيراد" in message and "قصة غير صالحة" not in message


@pytest.mark.django_db
def test_a_batch_written_again_file_by_file_does_not_say_no_change(tmp_path, seeds_dir):
    """Audit item 8: the pages already there are unchanged, one is refused; the batch was
    written again file by file, which is not "no change: everything imported before"."""
    call_command("loadseeds", str(seeds_dir), verbosity=0)
    pages = tmp_path / "pages"
    shutil.copytree(seeds_dir, pages)
    refuse("articles_article", "title", "مرفوض")
    (pages / "zz_bad.txt").write_text(
        PAGE.format(title="خبر مرفوض", caption="صورة", body="نص القصة."), encoding="utf-8"
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("loadseeds", str(pages), stdout=out, stderr=err)
    assert "file by file" in err.getvalue()
    assert "لا تغيير" not in out.getvalue()
    assert "دون تغيير: 11" in out.getvalue()  # 11 stories on the five pages, one twice
