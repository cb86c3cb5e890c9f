"""One story's extraction outside the import (``importer.story``): the import's result,
with an index that loads only the records the story's names can be."""

from articles.importer.resolve import EntityIndex
from articles.importer.story import StoryIndex, extract_story, story_of
from articles.ingest.mentions import collect
from articles.ingest.parser import Block, Story
from articles.models import KINDS, LOCATION, Article, Location, Person, Quote, Source


def mention_rows(article):
    return {
        kind.tag: set(
            kind.mention_model.objects.filter(article=article).values_list(
                kind.fk, "count", "status", "method"
            )
        )
        for kind in KINDS
    }


def test_extracting_an_imported_story_again_changes_nothing(seeded):
    records = (Person.objects.count(), Location.objects.count(), Source.objects.count())
    quotes = Quote.objects.count()
    for article in Article.objects.filter(is_stub=False):
        before = mention_rows(article)
        extract_story(article)
        assert mention_rows(article) == before, article.title
    assert (Person.objects.count(), Location.objects.count(), Source.objects.count()) == records
    assert Quote.objects.count() == quotes


def test_the_story_index_resolves_every_name_as_the_whole_index(seeded):
    whole = EntityIndex()
    for article in Article.objects.filter(is_stub=False):
        found = collect(story_of(article))
        mine = StoryIndex(found).resolve(found)
        theirs = whole.resolve(found)
        assert mine.persons == theirs.persons
        for kind in KINDS:
            assert set(mine.wanted[kind]) == set(theirs.wanted[kind]), (kind.tag, article.title)


def test_the_story_index_loads_only_the_story_s_records(seeded):
    article = Article.objects.filter(is_stub=False).first()
    found = collect(story_of(article))
    index = StoryIndex(found)
    loaded = set(index._load()["PERS"].values())
    assert loaded and loaded < set(Person.objects.values_list("pk", flat=True))


def test_a_name_merged_as_an_alias_of_a_parent_place_resolves_to_it(db):
    """A place's gazetteer parent is looked up through aliases too: no second parent."""
    found = collect(_story("انفجار في الموصل"))
    [mosul_id] = StoryIndex(found).resolve(found).wanted[LOCATION]
    mosul = Location.objects.get(pk=mosul_id)
    parent = mosul.parent
    assert parent is not None
    parent.name, parent.aliases = "اسم جديد للمحافظة", parent.name
    parent.save()
    mosul.delete()
    found = collect(_story("انفجار في الموصل"))
    StoryIndex(found).resolve(found)
    assert Location.objects.get(name="الموصل").parent_id == parent.pk


def _story(title):
    paragraph = Block("paragraph", title + ".")
    return Story(title, "", "", False, None, [], [paragraph], [], 0)


def test_a_saved_story_reads_only_the_people_its_names_can_be_another_spelling_of(db):
    """An admin save resolves «ترامب» to «ترمب» by variant without reading every person's."""
    trump = Person.objects.create(name="دونالد ترمب")
    for n in range(30):
        Person.objects.create(name=f"جون سميث{n}")  # other foreign names, with variants
    found = collect(_story("قال دونالد ترامب إن المفاوضات مستمرة"))
    index = StoryIndex(found)
    assert index.resolve(found).persons and trump.pk in set(index.resolve(found).persons.values())
    assert set(index._variants._load().values()) == {trump.pk}
    whole = EntityIndex()
    assert len(set(whole._variants._load().values())) == 31
