"""Teasers carry entities (issue 13, item 4): a stub gets the people and places of its
teaser's title and dateline, and its full story later merges with them as a re-import
would (no duplicates, editors' decisions kept)."""

from django.core.management import call_command

from articles.importer.pages import prepare_file, teaser_story
from articles.importer.writer import StoryWriter
from articles.ingest.parser import Block, Byline, Teaser
from articles.models import LOCATION, Article, Location, LocationMention, MentionStatus
from articles.text.keys import story_key
from tests.factories import names_named

TITLE = "باريس تحث بغداد على تجنب التصعيد الإقليمي"
PAGE = "{title}\n\nصورة (رويترز)\nTT\n\n{title}\n\nصورة (رويترز)\n\n{body}\n"
BODY = "قالت مصادر دبلوماسية فرنسية إن باريس حذرت من التصعيد، خلال زيارة إلى أربيل."


def places(article, status=None):
    return sorted(names_named(article, LOCATION, status))


def test_a_stub_gets_the_places_of_its_teaser(seeded):
    stub = Article.objects.get(title=TITLE)
    assert stub.is_stub
    assert places(stub) == ["باريس", "بغداد"]
    # The link is there before the story: a public story naming Baghdad shares it.
    baghdad = Location.objects.get(name="بغداد")
    assert baghdad.mentions.filter(article=stub).exists()


def test_stub_mentions_come_from_the_import_not_only_the_seed_rows(db, seeds_dir):
    call_command("loadseeds", str(seeds_dir), verbosity=0)
    stubs = Article.objects.filter(is_stub=True)
    assert stubs.count() == 10
    with_places = [s for s in stubs if LocationMention.objects.filter(article=s).exists()]
    assert len(with_places) >= 8
    for kind in ("dateline", "gazetteer"):
        assert LocationMention.objects.filter(article__is_stub=True, method=kind).exists()


def test_the_full_story_merges_with_the_stub_s_mentions(seeded, tmp_path):
    stub = Article.objects.get(title=TITLE)
    LocationMention.objects.filter(article=stub, location__name="بغداد").update(
        status=MentionStatus.REJECTED
    )
    path = tmp_path / "story.txt"
    path.write_text(PAGE.format(title=TITLE, body=BODY), encoding="utf-8")
    report = StoryWriter().import_file(path)
    assert report.created == 1 and report.stubs_created == 0
    story = Article.objects.get(pk=stub.pk)
    assert not story.is_stub
    # One row a place: Paris found again, Baghdad still rejected, Erbil new.
    assert places(story) == ["أربيل", "باريس", "بغداد"]
    assert places(story, MentionStatus.REJECTED) == ["بغداد"]
    assert Location.objects.filter(name="باريس").count() == 1


def test_a_stub_place_the_story_does_not_name_goes_as_on_re_import(seeded, tmp_path):
    title = "الأردن ومخاوف من خلط أوراق المنطقة والخشية من فوضى سوريا"
    stub = Article.objects.get(title=title)
    dateline = LocationMention.objects.get(article=stub, method="dateline")
    path = tmp_path / "story.txt"
    path.write_text(PAGE.format(title=title, body="نص لا يذكر أي مكان."), encoding="utf-8")
    StoryWriter().import_file(path)
    # Found by the import and no longer named (the page has no dateline): removed, as a
    # re-import removes it; what the title names stays.
    assert not LocationMention.objects.filter(pk=dateline.pk).exists()
    assert {"الأردن", "سوريا"} <= set(places(stub))


def test_teaser_extraction_reads_the_title_and_dateline_only():
    caption_only = "مسعود بارزاني في أربيل"
    teaser = Teaser(
        title="باريس تحث بغداد على التهدئة",
        section="",
        is_exclusive=False,
        caption=Block("caption", caption_only),
        byline=Byline("مراسل", "عمّان"),
        date_text="",
        summary=caption_only,
    )
    story = teaser_story(teaser)
    assert story.title == teaser.title and story.byline.dateline == "عمّان"
    assert not story.lead_captions and not story.blocks


def test_workers_extract_the_teasers_of_the_stories_they_write(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        prepared = prepare_file(path)
        titles = {t.title for story in prepared.page.stories for t in story.teasers}
        assert len(prepared.teasers) == len(titles)
        known = {key: prepared.fingerprint(i) for i, key in enumerate(story_keys(prepared))}
        assert not prepare_file(path, known=known).teasers  # nothing to write, nothing done


def story_keys(prepared):
    return [story_key(story.title) for story in prepared.page.stories]
