"""The extractor's fast paths against plain definitions of the same thing (no Django, no DB).

Features are built from per-word cached lists, the lexicon is scanned once per sentence,
the tokeniser matches word runs possessively and a text is tokenised once for entities
and quotes; each must give exactly what the straightforward version gives, or the tags
(and every entity) would drift.
"""

import re
from collections import Counter
from pathlib import Path

import pycrfsuite
import pytest

from articles.ingest.entities import entities_and_quotes, extract_entities, find_quotes
from articles.ingest.entities.quotes import QUOTE, fewer_than_three_words
from articles.ingest.entities.sentences import sentence_bounds
from articles.ingest.ner import conll
from articles.ingest.ner.features import (
    document_evidence,
    encoded_features,
    sentence_features,
    word_info,
)
from articles.ingest.ner.lexicon import get_lexicon
from articles.ingest.ner.model import crf_tag, get_tagger
from articles.text import arabic

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
GOLD = Path(__file__).resolve().parent / "gold" / "seed_sentences.conll"
# The tokeniser's pattern written without possessive matching or a shared word run.
_W = "[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
PLAIN_TOKEN = re.compile(rf"{_W}+(?:\.{_W}+)+|{_W}+(?:-{_W}+)*|[^\w\s]")
EDGE_CASES = "أ.ف.ب a.b-c a-b.c x. .y a- -b a.b.c-d-e.f ـ َ x.َ 1.2.3 a--b a..b «قال»"


def _seed_sentences() -> list[list[str]]:
    out = []
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        out += [[t for t, _, _ in arabic.tokenize(text[a:b])] for a, b in sentence_bounds(text)]
    out += [[token for token, _ in s] for s in conll.read_conll(GOLD)]
    return [s for s in out if s]


@pytest.fixture(scope="module")
def sentences():
    return _seed_sentences()


def _plain_gazetteer_tags(norms: list[str]) -> list[str]:
    lex = get_lexicon()
    tags = [""] * len(norms)
    i = 0
    while i < len(norms):
        hit = lex.match(norms, i)
        if hit is None:
            i += 1
            continue
        tags[i] = "B" + hit[1]
        for j in range(i + 1, min(i + hit[0], len(norms))):
            tags[j] = "I" + hit[1]
        i += hit[0]
    return tags


def _plain_features(tokens: list[str], evidence: set) -> list[list[str]]:
    """The CRF features token by token, nothing cached beyond ``word_info``."""
    infos = [word_info(t) for t in tokens]
    gaz = _plain_gazetteer_tags([w.norm for w in infos])
    n = len(tokens)
    out, depth = [], 0
    for i, info in enumerate(infos):
        if info.flags and info.flags[0] == "QC" and depth:
            depth -= 1
        feats = list(info.own)
        if gaz[i]:
            feats += ["gz=" + gaz[i], "gzc=" + gaz[i][1:]]
        if depth > 0:
            feats.append("inq")
        if info.flags and info.flags[0] == "QO":
            depth += 1
        if evidence and info.stem in evidence:
            feats.append("docP")
            if i > 0 and infos[i - 1].stem in evidence:
                feats.append("docP2")
        for off in (-2, -1, 1, 2):
            j = i + off
            if not 0 <= j < n:
                feats.append(f"{off}:{'BOS' if j < 0 else 'EOS'}")
                continue
            other = infos[j]
            feats.append(f"{off}:w={other.norm}")
            if off in (-1, 1):
                feats += [f"{off}:s={other.stem}", f"{off}:x2={other.norm[-2:]}"]
            feats += [f"{off}:f={f}" for f in other.flags]
            if gaz[j]:
                feats.append(f"{off}:gz={gaz[j]}")
        if i > 0:
            feats.append(f"bi={infos[i - 1].norm}|{info.norm}")
            if i > 1 and infos[i - 2].flags and infos[i - 1].flags:
                feats.append(f"-21:f={infos[i - 2].flags[0]}|{infos[i - 1].flags[0]}")
        out.append(feats)
    return out


def test_features_equal_the_token_by_token_definition(sentences):
    evidence = document_evidence(sentences)
    for tokens, near in zip(sentences, evidence, strict=True):
        expected = _plain_features(tokens, near)
        assert sentence_features(tokens, near) == expected
        encoded = encoded_features(tokens, near)
        assert [[f.decode() for f in feats] for feats in encoded] == expected


def _model_attributes(tagger: pycrfsuite.Tagger) -> set[bytes]:
    return {attr.encode() for attr in tagger.info().attributes}


def _check_filtered_tagging(sentences, evidence, path=None):
    """``crf_tag`` drops only attributes the model lacks, and labels as with every feature."""
    tagger = get_tagger(path)
    attributes = _model_attributes(tagger)
    dropped = 0
    for tokens, near in zip(sentences, evidence, strict=True):
        labels, passed = crf_tag(tokens, path, near)
        assert labels == tagger.tag(sentence_features(tokens, near))
        for info in [word_info(t) for t in tokens]:
            own, lent = info.for_model(tagger.known_attributes)
            assert set(own).union(*lent) <= attributes
        for full, kept in zip(encoded_features(tokens, near), passed, strict=True):
            gone = Counter(full) - Counter(kept)
            assert not Counter(kept) - Counter(full)
            assert not attributes.intersection(gone)
            dropped += gone.total()
    assert dropped  # the filter did something


def test_tagging_without_unknown_attributes_gives_the_same_labels(sentences):
    _check_filtered_tagging(sentences, document_evidence(sentences))


def test_another_model_filters_by_its_own_attributes(sentences, tmp_path):
    """A model from ``path`` knows other attributes; the default one after it still works."""
    part = sentences[:20]
    evidence = document_evidence(part)
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, near in zip(part[:5], evidence, strict=False):
        labels = ["B-PERS" if word_info(t).flags else "O" for t in tokens]
        trainer.append(sentence_features(tokens, near), labels)
    small = str(tmp_path / "small.crfsuite")
    trainer.train(small)
    own, default = _model_attributes(get_tagger(small)), _model_attributes(get_tagger())
    assert own - default and default - own  # the default model's filter would be wrong here
    _check_filtered_tagging(part, evidence, small)
    _check_filtered_tagging(part, evidence)


def test_scan_equals_matching_word_by_word(sentences):
    lex = get_lexicon()
    for tokens in sentences:
        norms = [word_info(t).norm for t in tokens]
        expected = []
        i = 0
        while i < len(norms):
            hit = lex.match(norms, i)
            if hit is None:
                i += 1
                continue
            expected.append((i, hit))
            i += hit[0]
        assert list(lex.scan(norms)) == expected
        assert list(lex.scan(norms)) == expected  # the kept last scan


def test_tokenizer_equals_the_plain_pattern():
    texts = [path.read_text(encoding="utf-8") for path in SEEDS] + [EDGE_CASES]
    for text in texts:
        plain = [(m.group(), m.start(), m.end()) for m in PLAIN_TOKEN.finditer(text)]
        assert arabic.tokenize(text) == plain


def test_tokenizer_on_a_part_equals_tokenizing_the_cut_text():
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        for a, b in sentence_bounds(text):
            shifted = [(t, s - a, e - a) for t, s, e in arabic.tokenize(text, a, b)]
            assert shifted == arabic.tokenize(text[a:b])


def test_entities_and_quotes_equal_the_two_calls():
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        spans, quotes = entities_and_quotes(text)
        assert spans == extract_entities(text)
        assert quotes == find_quotes(text, spans) == find_quotes(text)


def test_short_quote_test_equals_counting_all_words():
    bodies = ["", "a", "a b", "a b c", "a  b c", " a b c d ", "ـ ـ ـ x", "أ َ ب ج", "ﷺ x", "İ İ İ"]
    bodies += ["\u200fقال \u200f ان \u200f" + " x" * k for k in range(3)]
    for path in SEEDS:
        bodies += [m.group(1).strip() for m in QUOTE.finditer(path.read_text(encoding="utf-8"))]
    for body in bodies:
        assert fewer_than_three_words(body) == (len(arabic.words(body)) < 3), body
