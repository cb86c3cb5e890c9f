import os
import socket
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import (
    KINDS,
    Article,
    Image,
    MentionStatus,
    Person,
    PersonMention,
    Quote,
    RelatedLink,
    Source,
    SourceMention,
    Status,
)
from articles.text.arabic import normalize

STORY_TITLES = [
    "تنسيق عراقي ـ أميركي لملاحقة خلايا «داعش» في المناطق الحدودية",
    "«هدنة غزة» تقترب وسط جولات مكوكية وحديث عن «تنازلات»",
    "خلايا «داعش» النائمة تعاود خوض معارك كر وفر مع القوات العراقية",
    "بلينكن في الأردن مستهِلاً جولته لبحث الأزمة في سوريا",
    "دير الزور... ملاذ قادة «داعش» الفارين من معقليه العراقي والسوري",
    "العراق يستأنف تعاونه الثنائي مع واشنطن لملاحقة خلايا «داعش»",
    "قاسم يُحكم السيطرة على مفاصل «حزب الله»",
    "سجناء «داعش» يهددون الأمن العراقي",
    "«حماس» سلّمت المختطفين فنالت إشادات من ترمب",
    "قوات عراقية تلاحق «داعش» جنوب الموصل",
]

ASHARQ_PAGE = """{title}

صورة من الميدان في المدينة (وكالة النخيل للأنباء)
صورة من الميدان في المدينة (وكالة النخيل للأنباء)
TT

{title}

صورة من الميدان في المدينة (وكالة النخيل للأنباء)
صورة من الميدان في المدينة (وكالة النخيل للأنباء)

{body}

وقال العميد سعد معن، الناطق باسم وزارة الداخلية العراقية، إن «القوات تواصل عملياتها في المنطقة».
"""


def run(*args, **kwargs):
    out, err = StringIO(), StringIO()
    call_command("loadseeds", *map(str, args), stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def snapshot():
    models = [Article, *(kind.model for kind in KINDS), *(kind.mention_model for kind in KINDS),
              Quote, RelatedLink, Image]  # fmt: skip
    return {
        model.__name__: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k not in {"updated_at"}))
            for row in model.objects.values()
        )
        for model in models
    }


def write_page(folder, name, title, body="نص القصة الأول في هذا الخبر الطويل بما يكفي ليكون فقرة."):
    path = folder / name
    path.write_text(ASHARQ_PAGE.format(title=title, body=body), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_seeds_hold_ten_stories_and_ten_stubs_once_each(seeded):
    stories = Article.objects.filter(is_stub=False)
    assert sorted(stories.values_list("title", flat=True)) == sorted(STORY_TITLES)
    assert stories.count() == stories.filter(status=Status.PUBLISHED).count() == 10
    stubs = Article.objects.stubs()
    assert stubs.count() == 10
    assert set(stubs.values_list("status", flat=True)) == {Status.DRAFT}
    assert Article.objects.published().count() == 10
    titles = [normalize(t) for t in Article.objects.values_list("title", flat=True)]
    assert len(titles) == len(set(titles))


@pytest.mark.django_db
def test_stories_keep_subheadings_captions_and_provenance(seeded):
    article = Article.objects.get(title=STORY_TITLES[5])
    kinds = {b["kind"] for b in article.body}
    assert {"paragraph", "subheading"} <= kinds
    assert article.origin_file.endswith(".txt")
    assert len(article.fingerprint) == 64
    assert article.imported_at is not None
    assert article.source.name == "الشرق الأوسط"
    assert all(b["text"] != article.title for b in article.body)


@pytest.mark.django_db
def test_teasers_are_stubs_linked_to_the_story_they_appeared_under(seeded):
    links = RelatedLink.objects.filter(to_article__is_stub=True)
    assert links.count() == 10
    assert set(links.values_list("kind", flat=True)) == {"imported"}
    assert all(not link.from_article.is_stub for link in links)


@pytest.mark.django_db
def test_caption_credits_become_sources(seeded):
    assert Source.objects.filter(name="رويترز").exists()
    reuters = Source.objects.get(name="رويترز")
    assert reuters.kind == "agency"
    assert Image.objects.filter(credit=reuters, credit_text="رويترز").exists()
    assert SourceMention.objects.filter(source=reuters, as_credit=True).exists()
    archive = Image.objects.filter(is_archive=True).select_related("credit").first()
    assert archive is not None and archive.credit.name == "وكالة الصحافة الفرنسية"


@pytest.mark.django_db
def test_second_run_changes_nothing_and_says_so(seeded, seeds_dir):
    before = snapshot()
    out, _ = run(seeds_dir)
    assert snapshot() == before
    assert "لا تغيير" in out
    assert "created=0" in out and "updated=0" in out


@pytest.mark.django_db
def test_editor_changes_are_kept_on_reimport(pages):
    run(pages)
    article = Article.objects.get(title=STORY_TITLES[0])
    article.title = "عنوان عدّله المحرر"
    article.body = [{"kind": "paragraph", "text": "نص المحرر."}]
    article.save()
    source_file = pages / article.origin_file
    source_file.write_text(source_file.read_text(encoding="utf-8").replace("ماتيس", "ماتيز"))
    out, _ = run(pages)
    article.refresh_from_db()
    assert article.title == "عنوان عدّله المحرر"
    assert article.body == [{"kind": "paragraph", "text": "نص المحرر."}]
    assert "kept=1" in out and "عنوان عدّله المحرر" in out


@pytest.mark.django_db
def test_changed_page_updates_an_unedited_story(pages):
    run(pages)
    article = Article.objects.get(title=STORY_TITLES[9])
    path = pages / article.origin_file
    paragraph = article.body[0]["text"]
    text = path.read_text(encoding="utf-8")
    assert paragraph in text
    path.write_text(text.replace(paragraph, paragraph + " جملة أضافها الموقع لاحقاً."))
    version = article.version
    out, _ = run(pages)
    article.refresh_from_db()
    assert "updated=1" in out
    assert "جملة أضافها الموقع لاحقاً" in article.body_text
    assert article.version == version + 1  # open editor forms are now stale
    assert Article.objects.filter(is_stub=False).count() == 10


@pytest.mark.django_db
def test_dry_run_reports_and_writes_nothing(seeds_dir):
    out, _ = run(seeds_dir, dry_run=True)
    assert "created=" in out and "created=0" not in out.split("\n")[0]
    assert "تجربة" in out
    assert Article.objects.count() == Person.objects.count() == Source.objects.count() == 0


@pytest.mark.django_db
def test_stub_becomes_the_full_story_when_its_text_arrives(tmp_path, seeded):
    stub = Article.objects.stubs().first()
    links_before = RelatedLink.objects.filter(to_article=stub).count()
    write_page(tmp_path, "later.txt", stub.title)
    run(tmp_path / "later.txt")
    stub.refresh_from_db()
    assert not stub.is_stub and stub.status == Status.PUBLISHED
    assert Article.objects.filter(title=stub.title).count() == 1
    assert RelatedLink.objects.filter(to_article=stub).count() == links_before
    assert stub in Article.objects.published()


@pytest.mark.django_db
def test_unknown_agency_credit_becomes_a_new_source(tmp_path):
    write_page(tmp_path, "new.txt", "خبر تجريبي عن الأمن في العراق والمنطقة")
    run(tmp_path / "new.txt")
    source = Source.objects.get(name="وكالة النخيل للأنباء")
    assert source.kind == "agency"
    assert Image.objects.filter(credit=source).count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "\u0641\u0627\u0631\u063a"),  # فارغ
        (b"   \n\n  ", "\u0641\u0627\u0631\u063a"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "NUL"),
        ("عنوان\n\nنص".encode() + b"\n\xff\xfe bad", "UTF-8"),
    ],
    ids=["empty", "whitespace", "binary", "not-utf8"],
)
@pytest.mark.django_db
def test_bad_files_fail_alone_with_a_message_naming_them(pages, content, message):
    bad = pages / "zz_bad.txt"
    bad.write_bytes(content)
    with pytest.raises(CommandError) as excinfo:
        run(pages)
    assert "zz_bad.txt" in str(excinfo.value) and message in str(excinfo.value)
    assert Article.objects.filter(is_stub=False).count() == 10


@pytest.mark.django_db
def test_bad_utf8_error_names_the_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("سطر أول\nسطر ثان\n".encode() + b"\xff\n")
    with pytest.raises(CommandError, match=r"bad\.txt:3"):
        run(bad)


@pytest.mark.django_db
def test_oversized_file_is_refused(tmp_path, settings, seeds_dir):
    settings.IMPORT_MAX_BYTES = 1000
    with pytest.raises(CommandError, match="الحد المسموح"):
        run(next(seeds_dir.iterdir()))
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_page_with_no_story_is_refused_and_rolls_back(tmp_path):
    page = tmp_path / "nostory.txt"
    page.write_text("اظهر المزيد\n\n© جميع الحقوق محفوظة\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nostory.txt"):
        run(page)
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="لا يوجد"):
        run(tmp_path / "missing.txt")


@pytest.mark.django_db
def test_progress_bar_with_many_files(tmp_path):
    for i in range(20):
        write_page(tmp_path, f"p{i:02}.txt", f"خبر رقم {i} عن الأحداث الجارية في العراق")
    _, err = run(tmp_path)
    assert "20/20" in err
    assert Article.objects.filter(is_stub=False).count() == 20


@pytest.mark.django_db
def test_one_person_per_real_person_across_stories(seeded):
    maan = Person.objects.filter(name__contains="سعد معن")
    assert maan.count() == 1
    assert maan.get().articles.count() >= 2
    assert not Person.objects.filter(name__in=["قال", "وقال", "أضاف", "داعش", "حماس"]).exists()


@pytest.mark.django_db
def test_rejected_mention_is_not_found_again(seeded, seeds_dir):
    mention = PersonMention.objects.select_related("person").first()
    mention.status = MentionStatus.REJECTED
    mention.save()
    run(seeds_dir)
    # Force a real re-extraction of that story: pretend its page changed.
    Article.objects.filter(pk=mention.article_id).update(fingerprint="")
    run(seeds_dir)
    mention.refresh_from_db()
    assert mention.status == MentionStatus.REJECTED
    assert PersonMention.objects.filter(article=mention.article, person=mention.person).count() == 1


@pytest.mark.django_db
def test_merged_name_is_not_created_again(seeded, seeds_dir):
    maan = Person.objects.get(name__contains="سعد معن")
    old_name = maan.name
    maan.name = "اللواء سعد معن الموسوي"
    assert maan.add_aliases([old_name])
    maan.save()
    Article.objects.update(fingerprint="")
    run(seeds_dir)
    assert Person.objects.filter(name__contains="سعد معن").count() == 1


def _niceness(path):
    import os

    return os.nice(0)


@pytest.mark.django_db
def test_workers_run_below_the_writers_priority(monkeypatch, tmp_path):
    """The writer is the one serial step: the workers that feed it give way to it."""
    import os

    from articles.management.commands import loadseeds

    monkeypatch.setattr(loadseeds, "_prepare", _niceness)  # reaches the forked workers
    files = [tmp_path / f"{i}.txt" for i in range(loadseeds.PARALLEL_FROM)]
    niceness = set(loadseeds.Command._prepared(files, jobs=2))
    assert niceness == {min(os.nice(0) + loadseeds.WORKER_NICENESS, 19)}
    assert loadseeds.WORKER_NICENESS > 0


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-job", "few-files"])
@pytest.mark.django_db
def test_the_writer_keeps_its_own_priority(tmp_path, jobs):
    """Issue 12, item 11: only worker processes lower their priority. A run that prepares
    in the writer's own process (one job, or fewer files than ``PARALLEL_FROM``) used to
    call ``os.nice`` there, lowering it a little more on every run."""
    before = os.nice(0)
    for i in range(2):
        write_page(tmp_path, f"p{i}.txt", f"خبر رقم {i} عن الأحداث الجارية في العراق")
        run(tmp_path, jobs=jobs, verbosity=0)
    assert os.nice(0) == before
    assert Article.objects.filter(is_stub=False).count() == 2


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_an_unreachable_database_is_one_clear_line(kind, tmp_path, seeds_dir):
    """Audit item 17: not a traceback from reading what is already imported."""
    if kind == "postgresql":
        where = f"127.0.0.1:{closed_port()}/newsroom_nowhere"
        url = f"postgres://postgres@{where}"
    else:
        where = str(tmp_path / "no-such-folder" / "db.sqlite3")
        url = f"sqlite:///{where}"
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, str(root / "manage.py"), "loadseeds", str(seeds_dir)],
        cwd=root,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert "تعذر الوصول إلى قاعدة البيانات" in line and where in line
