"""Transliteration variants of foreign names: «ترمب» / «ترامب» as one name.

``text.keys.variant_key`` folds a word's transliteration choices; here it is applied
only where that is safe. A word in the Arabic name lists (the cue first names and the
names dataset's first names and surnames) or in the common-word list keeps its spelling,
because there one letter makes another name («حسن» / «حسين», «علي» / «علاوي»). What
is left are the foreign-looking words, spelt as Arabic news sites happen to spell them.
``scripts/variant_collisions.py`` measures how many gazetteer names this merges.
"""

from __future__ import annotations

from functools import lru_cache

from articles.ingest.ner.lexicon import get_lexicon
from articles.text.keys import MIN_VARIANT_WORD, name_key, variant_key


@lru_cache(maxsize=1)
def native_words() -> frozenset[str]:
    """Words whose spelling is meaningful: Arabic names and common words."""
    lex = get_lexicon()
    return lex.first_names | lex.name_first | lex.name_last | lex.common_words


@lru_cache(maxsize=50_000)
def name_variant(name: str) -> str:
    """The variant key of ``name``, or "" when no word of it is foreign-looking.

    "" means "match this name by its ``name_key`` only": a name of Arabic words alone
    has no other spellings to meet.
    """
    key = name_key(name)
    native = {w for w in key.split() if _is_native(w)}
    if all(w in native or len(w) < MIN_VARIANT_WORD for w in key.split()):
        return ""
    return variant_key(key, native)


def _is_native(word: str) -> bool:
    """In the lists as it is, or without its article («النجيفي»: «نجيفي»)."""
    native = native_words()
    return word in native or (word.startswith("ال") and word[2:] in native)


def variant_lines(names) -> str:
    """The variant keys of ``names`` (a record's name and aliases), one a line, unique."""
    keys = dict.fromkeys(v for v in map(name_variant, names) if v)
    return "\n".join(keys)
