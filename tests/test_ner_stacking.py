"""Two-pass tagging: the second CRF reads the first pass's labels of a word's other mentions."""

from pathlib import Path

from articles.ingest.ner import model, training
from articles.ingest.ner.features import word_info
from articles.ingest.ner.pipeline import second_pass_features, tag_sentences
from articles.ingest.ner.stacking import document_features, pass1_path

from .test_crossval import CORPUS


def infos(text: str):
    return [word_info(t) for t in text.split()]


def test_pass1_path_sits_beside_the_model():
    assert pass1_path("/m/model.crfsuite") == Path("/m/model-pass1.crfsuite")


def test_other_mentions_of_a_stem_lend_their_first_pass_type():
    sentences = [infos("وقال ماتيس إن"), infos("وأكد وماتيس أن"), infos("الخبر ماتيس")]
    labels = [["O", "B-PERS", "O"], ["O", "O", "O"], ["O", "O"]]
    conf = [[0.0, 0.95, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0]]
    feats = document_features(sentences, labels, conf)
    first, second, third = (f[1] for f in feats)
    # Its own label, sure; its neighbours' labels; the other mentions were O.
    assert {b"p1=B-PERS", b"p1+=B-PERS", b"-1:p1=O", b"1:p1=O", b"dO"} <= set(first)
    assert b"dPERS" not in first  # its own mention does not count
    # «وماتيس» (behind a clitic) and the third mention: one sure PERS mention nearby.
    for item in (second, third):
        assert {b"p1=O", b"dPERS", b"dPERS+", b"dO"} <= set(item)
        assert b"dPERS2" not in item
    assert b"p1+=O" not in second


def test_two_mentions_and_unsure_ones_and_the_window():
    sentences = [infos("ماتيس"), infos("ماتيس"), infos("ماتيس")]
    labels = [["B-PERS"], ["B-PERS"], ["O"]]
    conf = [[0.5], [0.6], [0.0]]
    feats = document_features(sentences, labels, conf)
    assert {b"dPERS", b"dPERS2"} <= set(feats[2][0]) and b"dPERS+" not in feats[2][0]
    far = document_features(sentences, labels, conf, window=1)
    assert b"dPERS" in far[1][0] and b"dPERS2" not in far[2][0]  # the first is 2 away


def test_words_that_name_nothing_get_no_document_features():
    sentences = [infos("قال ، في"), infos("قال ، في")]
    labels = [["B-PERS", "O", "O"], ["O", "O", "O"]]
    feats = document_features(sentences, labels, [[0.9, 0, 0], [0, 0, 0]])
    assert not any(f.startswith(b"d") for item in feats[1] for f in item)


def test_stacked_training_writes_both_passes_and_tags_in_two(tmp_path, monkeypatch):
    path = tmp_path / "model.crfsuite"
    corpus = training.read_corpus(_write(tmp_path, CORPUS))
    training.train(corpus, path, max_iterations=5, stack_folds=2)
    assert path.exists() and pass1_path(path).exists()
    assert model.is_stacked(str(path))
    calls = []
    real = model.second_pass
    monkeypatch.setattr(
        "articles.ingest.ner.pipeline.second_pass",
        lambda *a, **k: calls.append(a) or real(*a, **k),
    )
    tokens = [[t for t, _ in s] for s in corpus]
    labels = tag_sentences(tokens, str(path))
    assert len(calls) == 1 and [len(x) for x in labels] == [len(t) for t in tokens]
    extras = second_pass_features(tokens, [set()] * len(tokens), model_path=str(path))
    assert all(any(f.startswith(b"p1=") for f in item) for s in extras for item in s.features)
    # Retrained in one pass: the stale first pass goes, and tagging takes one pass.
    training.train(corpus, path, max_iterations=5, stack_folds=0)
    assert not pass1_path(path).exists() and not model.is_stacked(str(path))
    assert second_pass_features(tokens, [set()] * len(tokens), model_path=str(path)) == [
        None
    ] * len(tokens)
    model.get_tagger.cache_clear()


def _write(tmp_path, text):
    path = tmp_path / "corpus.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_training_is_deterministic(tmp_path):
    corpus = training.read_corpus(_write(tmp_path, CORPUS))
    first, second = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    training.train(corpus, first, max_iterations=5, stack_folds=2)
    training.train(corpus, second, max_iterations=5, stack_folds=2)
    assert first.read_bytes() == second.read_bytes()
    assert pass1_path(first).read_bytes() == pass1_path(second).read_bytes()
    model.get_tagger.cache_clear()


def test_too_few_sentences_to_cross_fit_train_one_pass(tmp_path):
    corpus = training.read_corpus(_write(tmp_path, CORPUS))[:3]
    path = tmp_path / "model.crfsuite"
    training.train(corpus, path, max_iterations=5, stack_folds=2)
    assert path.exists() and not pass1_path(path).exists()
