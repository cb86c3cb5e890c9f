"""What the gazetteer decides with the common words follows the list in use (issue 13).

fixtures/gazetteer.json holds nothing derived from the training corpus: which one-word
GeoNames names are common words is decided when the lexicon is built
(``lexicon.gazetteer_entries``), so a cross-validation fold, which builds the lexicon with
its training blocks' own list, learns nothing about its test block from the gazetteer.
"""

import json

from articles.ingest.entities import load_gazetteer
from articles.ingest.ner.lexicon import (
    GAZETTEER_PATH,
    common_words_set_to,
    gazetteer_entries,
    get_lexicon,
)
from articles.text.arabic import normalize

HADITHA = normalize("حديثة")  # a GeoNames town in Iraq and the word "recent"
BASRA = normalize("البصرة")  # GeoNames, with the one-word alias «بصرة»
ALIAS = [normalize("بصرة")]


def _entry(entries, key):
    return next(e for e in entries if e["key"] == key)


def test_the_fixture_holds_nothing_from_the_corpus():
    raw = json.loads(GAZETTEER_PATH.read_text(encoding="utf-8"))
    assert not [e["key"] for e in raw if e.get("ambiguous") == "common word"]
    assert "بصرة" in _entry(raw, BASRA)["aliases"]
    assert _entry(raw, normalize("الموصل"))["curated"] is True


def test_common_words_decide_ambiguous_entries_and_aliases():
    with_word = gazetteer_entries(frozenset({HADITHA, normalize("بصرة")}))
    assert _entry(with_word, HADITHA)["ambiguous"] == "common word"
    assert "بصرة" not in _entry(with_word, BASRA)["aliases"]

    without = gazetteer_entries(frozenset())
    assert "ambiguous" not in _entry(without, HADITHA)
    assert "بصرة" in _entry(without, BASRA)["aliases"]


def test_curated_names_are_trusted_whatever_the_list():
    mosul = normalize("الموصل")
    entry = _entry(gazetteer_entries(frozenset({mosul, "موصل"})), mosul)
    assert "ambiguous" not in entry
    assert entry["aliases"] == ["موصل"]


def test_a_folds_list_rebuilds_the_lexicon_then_the_shipped_one_comes_back():
    lex = get_lexicon()
    assert lex.ambiguous.get(HADITHA) == "common word"  # the shipped list has the word
    assert lex.match(ALIAS, 0) is None
    with common_words_set_to(["كلمة"]) as fold:
        assert fold is lex
        assert HADITHA not in lex.ambiguous
        assert lex.match(ALIAS, 0)[2] == BASRA  # the alias is a place name again
        assert HADITHA not in {e["key"] for e in load_gazetteer() if e.get("ambiguous")}
    assert lex.ambiguous.get(HADITHA) == "common word"
    assert lex.match(ALIAS, 0) is None
    assert _entry(load_gazetteer(), HADITHA)["ambiguous"] == "common word"
