"""Transliteration variants: the spellings of one foreign name meet, different names don't.

The key (``text.keys.variant_key``), where it is applied (``ingest.entities.variants``:
foreign-looking words only), resolution at import (a new spelling of a known person is
that person, and becomes an alias) and the stored keys the search matches.
"""

import importlib

import pytest
from django.apps import apps

from articles.importer.resolve import EntityIndex
from articles.ingest.entities.variants import name_variant, variant_lines
from articles.ingest.mentions import Found
from articles.models import Person
from articles.text.keys import variant_key, variant_word
from tests.test_loadseeds import run, write_page

SAME = [
    ("ترمب", "ترامب"),
    ("دونالد ترمب", "دونالد ترامب"),
    ("بلينكن", "بلينكين"),
    ("أنتوني بلينكن", "انتوني بلينكين"),
    ("ماتيس", "ماتس"),
    ("جيمس ماتيس", "جيمس ماتس"),
    ("بوتين", "بوتن"),
    ("ماكرون", "ماكرن"),
    ("نتنياهو", "نتانياهو"),
    ("ستولتنبرغ", "ستولتنبيرغ"),
    ("زيلينسكي", "زيلنسكي"),
    ("بايدن", "بايدين"),
    ("جيك سوليفان", "جيك سوليفن"),
    ("غوتيريش", "غوتيرش"),
    ("كاميرون", "كامرون"),
    ("ميركل", "ميركيل"),
]
APART = [
    ("حسن", "حسين"),
    ("علي", "علاوي"),
    ("محمد", "محمود"),
    ("سعيد", "سعد"),
    ("فؤاد حسين", "فؤاد حسن"),
    ("سوريا", "سويسرا"),
    ("ترمب", "ترومان"),
    ("بلينكن", "بلنكت"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_spellings_of_one_foreign_name_meet(a, b):
    assert name_variant(a) and name_variant(a) == name_variant(b)


@pytest.mark.parametrize(("a", "b"), APART)
def test_different_names_stay_apart(a, b):
    assert not name_variant(a) or name_variant(a) != name_variant(b)


def test_arabic_names_keep_their_spelling_and_have_no_variant():
    assert name_variant("حسين علاوي") == ""  # both in the name lists
    assert name_variant("حسن") == name_variant("حسين") == ""
    # and a foreign surname next to an Arabic first name: only the foreign word folds
    assert name_variant("علي ترامب") == "علي ترمب"


def test_the_letter_rule():
    assert variant_word("ترامب") == "ترمب"  # an inner alef dropped
    assert variant_word("بلينكين") == "بلنكن"  # an inner yaa between consonants dropped
    assert variant_word("ستولتنبيرغ") == variant_word("ستولتنبرغ")
    assert variant_word("بطرس") == variant_word("بترس")  # ط / ت
    assert variant_word("قاسم") == "كسم"  # ق / ك (Arabic names are kept by the caller)
    assert variant_word("نيويورك") == "نيويورك"  # glides next to a vowel letter stay
    assert variant_word("بوش") == "بوش"  # too short to fold
    assert variant_key("جون كيري", keep={"جون"}) == "جون كري"


def test_variant_lines_are_unique_and_skip_arabic_names():
    assert variant_lines(["دونالد ترمب", "دونالد ترامب", "حسين", ""]) == "دونالد ترمب"


@pytest.mark.django_db
def test_person_stores_the_variant_keys_of_name_and_aliases():
    person = Person.objects.create(name="دونالد ترمب", aliases="ترامب\nحسن")
    assert person.variant_keys.splitlines() == ["دونالد ترمب", "ترمب"]
    person.aliases = "بلينكين"
    person.save(update_fields=["aliases"])
    person.refresh_from_db()
    assert person.variant_keys.splitlines() == ["دونالد ترمب", "بلنكن"]


@pytest.mark.django_db
def test_the_migration_fills_existing_people():
    person = Person.objects.create(name="أنتوني بلينكين")
    Person.objects.update(variant_keys="")
    migration = importlib.import_module("articles.migrations.0011_person_variant_keys")
    migration.fill_variant_keys(apps, None)
    person.refresh_from_db()
    assert person.variant_keys == "انتوني بلنكن"


def _found(name):
    return Found(key=name, name=name, count=1, method="crf", confidence=0.9)


@pytest.mark.django_db
def test_a_new_spelling_resolves_to_the_known_person_as_an_alias():
    trump = Person.objects.create(name="دونالد ترمب")
    index = EntityIndex()
    index.begin()
    assert index.person_id(_found("دونالد ترامب")) == trump.pk
    index.commit()
    trump.refresh_from_db()
    assert trump.alias_list == ["دونالد ترامب"]
    assert Person.objects.count() == 1
    # the alias is now known by its key: the next import finds it without the variant
    assert EntityIndex()._lookup("PERS", "دونالد ترامب") == trump.pk


@pytest.mark.django_db
def test_arabic_names_one_letter_apart_stay_two_people():
    hassan = Person.objects.create(name="فؤاد حسن")
    index = EntityIndex()
    index.begin()
    pk = index.person_id(_found("فؤاد حسين"))
    index.commit()
    assert pk != hassan.pk
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_a_variant_two_people_share_resolves_neither():
    Person.objects.create(name="جون ترمب")
    Person.objects.create(name="جون ترامب", aliases="")  # an editor kept two records apart
    Person.objects.filter(name="جون ترامب").update(variant_keys="جون ترمب")
    index = EntityIndex()
    index.begin()
    pk = index.person_id(_found("جون تريمب"))
    index.commit()
    assert Person.objects.get(pk=pk).name == "جون تريمب"


@pytest.mark.django_db
def test_spellings_in_one_file_make_one_person_and_a_rollback_forgets_them():
    index = EntityIndex()
    index.begin()
    first = index.person_id(_found("جيك سوليفان"))
    assert index.person_id(_found("جيك سوليفن")) == first
    index.rollback()
    Person.objects.all().delete()  # as the file's transaction rolled back
    index.begin()
    assert index._variants.find("جيك سوليفن") is None


@pytest.mark.django_db
def test_import_of_two_spellings_makes_one_person_with_an_alias(tmp_path):
    body = "وقال الرئيس الأميركي {} في مؤتمر صحافي إن «المحادثات كانت مثمرة وطويلة»."
    write_page(tmp_path, "a.txt", "زيارة إلى بغداد اليوم", body.format("دونالد ترمب"))
    write_page(tmp_path, "b.txt", "زيارة أخرى إلى القاهرة غدا", body.format("دونالد ترامب"))
    run(tmp_path)
    (trump,) = Person.objects.filter(variant_keys__contains="ترمب")
    assert {trump.name, *trump.alias_list} == {"دونالد ترمب", "دونالد ترامب"}
    assert trump.articles.count() == 2
