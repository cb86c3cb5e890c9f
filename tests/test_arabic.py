"""Arabic normalisation, clitic readings and tokenisation (plain Python, no Django)."""

import pytest

from articles.text import arabic, keys

NORMALIZE_CASES = [
    ("مُحَمَّدٌ", "محمد"),  # harakat, shadda, tanween
    ("تنسيــــق", "تنسيق"),  # tatweel
    ("أحمد", "احمد"),
    ("إبراهيم", "ابراهيم"),
    ("آمال", "امال"),
    ("ٱلله", "الله"),  # alef wasla
    ("مصطفى", "مصطفي"),  # alef maqsura
    ("ديالى", "ديالي"),
    ("الرقة", "الرقه"),  # taa marbuta
    ("٢٠١٤", "2014"),  # Arabic-Indic digits
    ("۱۵", "15"),  # Persian digits
    ("\ufefb", "لا"),  # presentation forms (NFKC): lam-alef ligature
    ("\ufe91\ufeae", "بر"),
    ("سلّام", "سلام"),
    ("  نواف   سلام ", "نواف سلام"),
    ("\u200fالعراق", "العراق"),  # bidi control
    ("AFP", "afp"),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALIZE_CASES)
def test_normalize(raw, expected):
    assert arabic.normalize(raw) == expected


def test_normalize_empty():
    assert arabic.normalize("") == ""


CLITIC_CASES = [
    ("وبالموصل", "موصل"),
    ("بالموصل", "الموصل"),
    ("للموصل", "الموصل"),  # ل + الموصل, article alef elided
    ("والرقه", "الرقه"),
    ("لبغداد", "بغداد"),
    ("وكركوك", "كركوك"),
    ("فالعراق", "العراق"),
    ("كالعراق", "عراق"),
]


@pytest.mark.parametrize(("word", "reading"), CLITIC_CASES)
def test_strip_clitics_offers_reading(word, reading):
    assert reading in arabic.strip_clitics(word)


def test_strip_clitics_keeps_word_first_and_short_stems():
    assert arabic.strip_clitics("وبالموصل")[0] == "وبالموصل"
    assert arabic.strip_clitics("ول") == ["ول"]  # stem would be shorter than two letters


def test_stem_and_search_keys():
    assert keys.stem_key("وبالموصل") == "موصل"
    assert keys.stem_keys("في وبالموصل") == keys.stem_keys("في الموصل")
    assert keys.name_keys("الأنبار") == ("الانبار", "انبار")


def test_name_story_and_lookup_keys_are_one_key():
    for name in ("الأنبار", "«هدنة غزة» تقترب", "مُصطفى الكاظمي", "أ.ف.ب"):
        assert keys.name_keys(name)[0] == keys.name_key(name) == keys.story_key(name)
    assert keys.story_key("كلمة " * 100) == keys.name_key("كلمة " * 100)[:255]


def test_word_key_strips_clitics_until_none_is_left():
    assert keys.word_key("بكركوك") == keys.word_key("كركوك")
    assert keys.index_key("في وبالموصل") == "في موصل"


def test_fold_is_the_folding_normalize_uses():
    """One folding: the page parser's line keys and every matching key fold alike."""
    for raw in ("مسؤول", "مسئول", "تنسيــــق", "مُحَمَّدٌ", "٢٠١٤", "AFP", "ديالى", "کرکوک"):
        assert arabic.fold(raw) == arabic.normalize(raw)
    assert arabic.fold("مسؤولون") == arabic.fold("مسوولون")
    assert arabic.fold("رئيس") == arabic.fold("رييس")
    assert arabic.fold("تنسيــق") == "تنسيق"


def test_tokenize_quotes_punctuation_and_offsets():
    text = "قال ماتيس، إن «(داعش) لم يعد»."
    tokens = arabic.tokenize(text)
    assert [t for t, _, _ in tokens] == [
        "قال",
        "ماتيس",
        "،",
        "إن",
        "«",
        "(",
        "داعش",
        ")",
        "لم",
        "يعد",
        "»",
        ".",
    ]
    for token, start, end in tokens:
        assert text[start:end] == token


def test_tokenize_keeps_abbreviations_whole():
    assert [t for t, _, _ in arabic.tokenize("(أ.ف.ب)")] == ["(", "أ.ف.ب", ")"]
    assert [t for t, _, _ in arabic.tokenize("إ.ب.أ")] == ["إ.ب.أ"]


def test_tokenize_clitic_with_tatweel_before_quote():
    assert [t for t, _, _ in arabic.tokenize("لـ«الشرق الأوسط»")] == [
        "لـ",
        "«",
        "الشرق",
        "الأوسط",
        "»",
    ]
