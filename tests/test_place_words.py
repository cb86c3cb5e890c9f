"""Places that are also common words, read from their context; places never people.

«حديثة» ("recent") and «القائم» ("the one in charge") are towns in al-Anbar: found
after a place noun, after a preposition when the story names al-Anbar (their parent) or
a place under it, or coordinated with a place just found; left alone otherwise. A name
the gazetteer or the story itself knows as a place («سهل حوران») is never a person.
"""

import pytest

from articles.ingest.entities import extract_entities
from articles.ingest.entities.places import not_a_person


def places(text):
    return [s.key for s in extract_entities(text) if s.type == "LOC"]


def persons(text):
    return [s.key for s in extract_entities(text) if s.type == "PERS"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a preposition, with the parent named in the same story (other sentence too)
        ("وشهدت محافظة الأنبار معارك عنيفة. ووصلت القوات إلى حديثة.", ["الانبار", "حديثه"]),
        ("ووصلت القوات إلى حديثة غرب الأنبار.", ["حديثه", "الانبار"]),
        # a sibling under the same parent («الرمادي») counts as the parent does
        ("وانسحب المسلحون من الرمادي. وتقدمت القوات نحو القائم.", ["الرمادي", "القايم"]),
        # coordination: «والقائم» right after a place
        ("وتقدمت القوات في حديثة والقائم غرب الأنبار.", ["حديثه", "القايم", "الانبار"]),
        # a place noun (already before this change, kept)
        ("وسيطرت القوات على قضاء القائم.", ["القايم"]),
        # the city and the governorate of al-Hasakah stay two places
        ("وقالت مصادر في الحسكة إن القوات انتشرت في محافظة الحسكة.", ["الحسكه", "محافظه الحسكه"]),
    ],
)
def test_common_word_places_found_in_a_place_context(text, found):
    assert places(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "وحصلت القوات على أسلحة حديثة من الحلفاء.",
        # a preposition alone is not enough without the story naming a place near it
        "وقال مسؤول إن القوات وصلت إلى القائم بعد معارك عنيفة.",
        "وأشارت دراسة حديثة إلى تراجع المبيعات في الأنبار.",
        # «القائم بالأعمال» is a title, even after a preposition in an Anbar story
        "ووصل وفد من الأنبار. وتحدث الوزير إلى القائم بالأعمال الأميركي.",
        "والتقى الوزير القائم بالأعمال الأميركي في الأنبار.",
    ],
)
def test_common_words_stay_words(text):
    assert not {"حديثه", "القايم"} & set(places(text))


def test_a_region_the_story_names_as_a_place_is_not_a_person():
    text = (
        "وأفاد ناشطون بأن قصفا استهدف بلدات في سهل حوران جنوب سوريا. "
        "وقال حوران إن الوضع صعب في المنطقة."
    )
    assert "حوران" in places(text)
    assert persons(text) == []


def test_a_common_word_place_is_not_a_person_unless_it_is_also_a_name():
    assert not_a_person("حديثه")
    assert not_a_person("وحديثه")  # behind a clitic
    assert not not_a_person("جاسم")  # a place, and a first name in the name lists
    assert not not_a_person("جيمس ماتيس")  # names of several words are left to the tagger
    assert not_a_person("حوران", {"حوران"})
    assert not not_a_person("ماتيس", {"حوران"})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("وشنت القوات هجوما على قضاء مخمور جنوب أربيل.", ["مخمور", "اربيل"]),
        ("وتقدمت القوات نحو بلدة قره جوخ في سهل نينوى.", ["قره جوخ", "نينوي"]),
        ("وسيطرت القوات على ناحية راوة غرب الأنبار.", ["راوه", "الانبار"]),
        ("وزار قضاء مخمور وبلدة قره جوخ.", ["مخمور", "قره جوخ"]),
    ],
)
def test_a_name_after_a_place_noun_is_a_place(text, found):
    assert places(text) == found


@pytest.mark.parametrize(
    "text",
    ["وتقع مدينة كبيرة قرب الحدود.", "وقال إن المدينة القديمة تضررت.", "وزار بلدة في الشمال."],
)
def test_a_common_word_after_a_place_noun_is_not_a_name(text):
    assert places(text) == []
