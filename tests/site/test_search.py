"""Arabic-aware search, on whichever database the suite runs (SQLite or PostgreSQL)."""

import pytest
from django.db import connection

from articles import changes, search
from articles.models import Article
from articles.search.backends.sqlite import FTS_TABLE
from tests.factories import make_article, make_person, mention

pytestmark = pytest.mark.django_db


def found(query):
    return list(search.search_articles(Article.objects.published(), query))


@pytest.mark.parametrize(
    "query",
    [
        "الموصل",
        "المَوْصِل",
        "بالموصل",
        "موصل",
        "وبالموصل",
        "للموصل",
        "الموصـــل",
        "ماتيس",
        "وماتيس",
        "جيمس ماتيس",
        "٢٠١٨",
        "2018",
        "داعش جنوب",
        "قوات عراقية",
        "القوات",
        "تنسيق سياسي",
        "«الحرب لم تنته»",
        '"الحرب لم تنته"',
        "الموصل OR القاهرة",
        "إشاعة OR الموصل",
        "الموصل أو القاهرة",
        "إشاعة أو الموصل",
    ],
)
def test_variants_find_the_mosul_story(world, query):
    assert world.story in found(query)


@pytest.mark.parametrize(
    "query", ["القاهرة", "الموصل -داعش", "ماتيس القاهرة", '"تنته لم الحرب"', "الموصل -ماتيس -سجناء"]
)
def test_non_matches_and_exclusions(world, query):
    assert world.story not in found(query)


def test_hidden_stories_never_found(world):
    for query in ("الموصل", "ماتيس", "مسودة", "مجدولة", "المراجعة", "حافلة"):
        results = found(query)
        for hidden in world.hidden:
            assert hidden not in results, (query, hidden.title)


def test_alef_yaa_taa_marbuta_folding(db):
    story = make_article(
        "مباراة كرة القدم في إربيل", body=[{"kind": "paragraph", "text": "مستشفى الأطفال"}]
    )
    for query in ("مباراه", "اربيل", "بإربيل", "مستشفي", "الاطفال", "كره"):
        assert story in found(query), query


def test_name_only_in_entities_and_tags_is_found(db):
    story = make_article("خبر قصير", tags=["انتخابات"])
    mention(story, make_person("نوري المالكي"))
    assert story in found("المالكي")
    if connection.vendor == "postgresql":
        assert story in found("انتخابات")


def test_index_follows_edits(world):
    story = world.story
    story.title = "عنوان جديد عن كركوك"
    story.save()
    assert story in found("كركوك")
    assert story in found("بكركوك")


def test_trigram_fallback_finds_misspelt_names(world):
    if connection.vendor != "postgresql":
        assert found("ماتيسس") == []
        assert world.story in found("ماتيس")
        return
    assert world.story in found("ماتيسس")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "\x00",
        "الموصل\x00",
        "\x01\x02\x1f",
        "'; DROP TABLE articles_article; --",
        '"""',
        "«",
        "OR",
        "OR OR OR",
        "-",
        "-الموصل",
        "!@#$%^&*()",
        "a & b | !c <-> d",
        ":* & ' \\",
        "الموصل " * 2000,
        "ب" * 10_000,
        "\u202e\u200fالموصل",
        "في",
    ],
)
def test_hostile_queries_answer_not_crash(client, world, query):
    for url in ("/search/", "/articles/"):
        response = client.get(url, {"q": query})
        html = response.content.decode()
        if response.status_code == 400:  # a query that cannot be searched says why
            assert 'role="alert"' in html, url
        else:
            assert response.status_code == 200, url
            blank = not query.strip("\x00\x01\x02\x1f ")
            assert url == "/articles/" or '<p class="count">' in html or blank, url


def test_clear_messages(client, world):
    html = client.get("/search/", {"q": "ب" * 10_000}).content.decode()
    assert "أطول من" in html
    html = client.get("/search/", {"q": "-الموصل"}).content.decode()
    assert "كلمة واحدة على الأقل" in html
    html = client.get("/search/", {"q": " ".join(["كلمة"] * 20)}).content.decode()
    assert "على الأكثر" in html


def test_search_page_highlights_as_written(client, world):
    html = client.get("/search/", {"q": "بالموصل"}).content.decode()
    assert world.story.title in html
    assert "<mark>المَوْصِل.</mark>" in html or "<mark>بالموصل</mark>" in html
    assert "نتيجتان" in html  # 2, in the dual


def test_search_page_suggests_people(client, world):
    html = client.get("/search/", {"q": "ماتيس"}).content.decode()
    assert world.mattis.get_absolute_url() in html
    assert world.hidden_person.get_absolute_url() not in html


def test_search_ranks_title_above_body(db):
    body_only = make_article("خبر أول", body=[{"kind": "paragraph", "text": "زيارة إلى البصرة"}])
    in_title = make_article("البصرة تستقبل الزوار")
    results = found("البصرة")
    assert set(results) == {body_only, in_title}
    if connection.vendor == "postgresql":
        assert results[0] == in_title


def test_parse_query_syntax():
    parsed = search.parse_query('بالموصل "الحرب لم" -داعش ماتيس OR بلينكن')
    assert [[t.key for t in g] for g in parsed.groups] == [
        ["موصل"],
        ["حرب لم"],
        ["داعش"],
        ["ماتيس", "ينكن"],
    ]
    assert parsed.groups[2][0].negated
    assert search.clean_query("a\x00b\tc") == "a b c"
    with pytest.raises(search.QueryError):
        search.parse_query("x" * 1000)


def test_refresh_search_index_is_callable_for_the_importer(world):
    count = search.refresh_search_index([world.story.pk, world.sibling.pk])
    if connection.vendor == "postgresql":
        assert count == 2
        Article.objects.filter(pk=world.story.pk).update(search_vector=None)
        assert world.story not in found("ماتيس جنوب")
        search.refresh_search_index([world.story.pk])
        assert world.story in found("ماتيس جنوب")
    else:  # the FTS5 row: text and names, rewritten from the story's tables
        assert count == 2
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [world.story.pk])
        assert world.story not in found("ماتيس جنوب")
        search.refresh_search_index([world.story.pk])
        assert world.story in found("ماتيس جنوب")


def test_a_collecting_block_indexes_once_at_its_end(world):
    with changes.atomic():
        world.story.title = "عنوان عن السليمانية"
        world.story.save()
        assert world.story not in found("السليمانية")  # collected, not flushed yet
    assert world.story in found("السليمانية")


def test_renamed_person_is_found_by_new_name(world):
    world.maan.name = "سعد الجديدي"
    world.maan.save()
    assert world.story in found("الجديدي")


def test_deleted_story_leaves_the_index(world):
    pk = world.sibling.pk
    assert world.sibling in found("سجناء")
    world.sibling.delete()
    assert pk not in {a.pk for a in found("سجناء")}
    if connection.vendor == "sqlite":  # PostgreSQL's vector goes with the row itself
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE rowid = %s", [pk])
            assert cursor.fetchone()[0] == 0


def test_arabic_or_joins_two_words_and_a_quoted_one_stays_a_word():
    assert [len(g) for g in search.parse_query("الموصل أو القاهرة").groups] == [2]
    assert [len(g) for g in search.parse_query("الموصل OR القاهرة").groups] == [2]
    assert len(search.parse_query("«سلام أو حرب»").groups) == 1
    assert search.parse_query("«سلام أو حرب»").groups[0][0].text.endswith("حرب")
