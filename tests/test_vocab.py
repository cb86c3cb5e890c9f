"""The general-vocabulary list (hunspell-ar stems) and the CRF feature it gives."""

import sys
from pathlib import Path

from articles.ingest.ner.features import word_info
from articles.ingest.ner.lexicon import VOCAB_PATH, get_lexicon

ROOT = Path(__file__).resolve().parent.parent

# The shape of hunspell-ar's ar.dic: a count, section markers, stems with flags.
DIC = """170812\t1
::::::::::::::
stopwords.dic
::::::::::::::
سوى
وسوى
###أسماء\t3
مدينة/65
مدينة/76
قال/4\t23623
أب
2002
"""


def build_vocab():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_vocab as module
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return module


def test_vocabulary_keeps_normalised_stems_once():
    # «وسوى» is «سوى» behind a clitic; «أب» is too short; markers and counts are skipped.
    assert build_vocab().vocabulary(DIC) == ["سوي", "قال", "مدينه"]


def test_build_writes_the_list_with_its_licence(tmp_path):
    dic = tmp_path / "ar.dic"
    dic.write_text(DIC, encoding="utf-8")
    out = tmp_path / "vocab.txt"
    assert build_vocab().main([str(dic), "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and "GPL 2.0 / LGPL 2.1 / MPL 1.1" in lines[0]
    assert lines[1:] == ["سوي", "قال", "مدينه"]


def test_shipped_list_is_loaded_without_its_header():
    vocabulary = get_lexicon().vocabulary
    assert len(vocabulary) > 50_000
    assert not any(w.startswith("#") for w in vocabulary)
    assert VOCAB_PATH.read_text(encoding="utf-8").startswith("# General Arabic vocabulary")


def test_dictionary_words_get_the_feature_unseen_names_do_not():
    for word in ("مدينة", "والمدينة", "وقال"):  # also behind a clitic
        assert "voc" in word_info(word).own, word
    for name in ("ماتيس", "بلينكن", "كركوك"):
        assert "voc" not in word_info(name).own, name
