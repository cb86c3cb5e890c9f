"""The rule layer's handling of known organisations, and each CV fold's own common words."""

from articles.ingest.ner import crossval
from articles.ingest.ner.lexicon import common_words_set_to, get_lexicon
from articles.ingest.ner.pipeline import apply_rules
from articles.ingest.ner.training import common_words
from articles.text.arabic import normalize


def test_known_organisation_inside_the_models_chunk_does_not_cut_it():
    tokens = ["أكدت", "وزارة", "الداخلية", "العراقية", "أمس"]
    labels = ["O", "B-ORG", "I-ORG", "I-ORG", "O"]
    assert apply_rules(tokens, labels) == labels


def test_bare_organisation_head_before_a_known_one_is_left_out():
    tokens = ["المعركة", "ضد", "تنظيم", "داعش", "انتهت"]
    for model in (["O", "O", "B-ORG", "I-ORG", "O"], ["O", "O", "B-ORG", "B-ORG", "O"]):
        assert apply_rules(tokens, model) == ["O", "O", "O", "B-ORG", "O"]


def test_named_organisation_before_a_known_one_is_kept():
    tokens = ["قالت", "جامعة", "اليرموك", "داعش"]  # «اليرموك» is no organisation head
    labels = ["O", "B-ORG", "I-ORG", "B-ORG"]
    assert apply_rules(tokens, labels) == labels


def test_known_organisation_alone_becomes_org():
    tokens = ["هاجم", "داعش", "القرية"]
    assert apply_rules(tokens, ["O", "O", "O"]) == ["O", "B-ORG", "O"]


CORPUS = [
    [("قال", "O"), ("جيمس", "B-PERS"), ("ماتيس", "I-PERS")],
    [("وقال", "O"), ("جيمس", "B-PERS"), ("الخبر", "O")],
    [("الخبر", "O"), ("جيمس", "O"), ("مهم", "O")],
]


def test_common_words_count_outside_and_inside_entities():
    words = common_words(CORPUS)
    # «قال» twice outside (once behind «و»), «الخبر» twice; «جيمس» twice inside, once out.
    assert normalize("قال") in words and normalize("الخبر") in words
    assert normalize("جيمس") not in words and normalize("مهم") not in words


def test_common_words_set_for_a_while_then_restored():
    lex = get_lexicon()
    shipped = lex.common_words
    with common_words_set_to(["كلمة"]):
        assert get_lexicon().common_words == frozenset(["كلمة"])
    assert get_lexicon().common_words is shipped


def test_each_fold_tags_with_common_words_of_its_training_blocks(monkeypatch):
    seen = []

    def fake_train(train_set, path, **params):
        return 0.0

    def fake_tag(sentences, path):
        seen.append(get_lexicon().common_words)
        return [["O"] * len(s) for s in sentences]

    monkeypatch.setattr("articles.ingest.ner.training.train", fake_train)
    monkeypatch.setattr("articles.ingest.ner.pipeline.tag_sentences", fake_tag)
    shipped = get_lexicon().common_words
    corpus = [[("الخبر", "O")] * 3, [("الحدث", "O")] * 3]
    crossval.run_fold(corpus[:1], corpus[1:], {})
    assert seen and all(words == {"الخبر", "خبر"} for words in seen)  # not «الحدث»
    assert get_lexicon().common_words is shipped
