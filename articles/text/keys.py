"""The keys Arabic text is compared by: one function per purpose, no Django.

Each key is built from the primitives of ``arabic`` (``normalize``, ``words``,
``readings``); stored and displayed text is never replaced by a key.

* ``name_key``: matching a name. An entity's ``key`` column, its aliases, the admin's
  alias check: the normalised words, punctuation dropped.
* ``name_keys``: the keys a name is looked up under when resolving it to a record.
* ``story_key``: identifying an imported story by its title (``Article.import_key``).
* ``stem_key`` / ``stem_keys``: one pass of clitic stripping; what the admin's SQLite
  substring filter looks for, and how a query term is shown.
* ``word_key`` / ``index_key``: indexing a word; the form both search indexes and every
  query use.
* ``variant_word`` / ``variant_key``: where the spellings of a transliterated (foreign)
  name meet: «ترمب» and «ترامب».

Two keys live elsewhere because they need more than text rules: ``person_key``
(``ingest.entities``: needs the title and first-name lexicon) and the page parser's line
key (``ingest.parser.vocabulary``: on ``arabic.fold`` alone, for speed on every line).
"""

from __future__ import annotations

from functools import lru_cache

from articles.text.arabic import readings, words

# ``Article.import_key`` is a CharField(max_length=255).
STORY_KEY_LENGTH = 255


def name_key(text: str) -> str:
    """The matching key of a name: normalised words, punctuation dropped."""
    return " ".join(words(text))


@lru_cache(maxsize=50_000)
def name_keys(text: str) -> tuple[str, ...]:
    """Keys under which a name is looked up: ``name_key``, and again without «ال».

    Cached: an import looks the same names up story after story.
    """
    key = name_key(text)
    if key.startswith("ال") and len(key) > 3:
        return key, key[2:]
    return (key,)


def story_key(title: str) -> str:
    """The key an imported story is known by: its title's ``name_key``, cut to the column."""
    return name_key(title)[:STORY_KEY_LENGTH]


def stem_key(word: str) -> str:
    """The shortest clitic-free reading of a normalised word, without the article."""
    return min(readings(word), key=len)


def stem_keys(text: str) -> list[str]:
    """``stem_key`` of each word of ``text``: substrings the normalised text must hold."""
    return [stem_key(w) for w in words(text)]


@lru_cache(maxsize=200_000)
def word_key(word: str) -> str:
    """A normalised word with clitics stripped until none is left: «بكركوك» and «كركوك»
    meet on one key (a single pass would leave them apart). Cached: running text
    repeats its words, and indexing a story looks up every one."""
    key = stem_key(word)
    while (shorter := stem_key(key)) != key:
        key = shorter
    return key


def index_key(text: str) -> str:
    """``text`` as the run of word keys the PostgreSQL vector is built from."""
    return " ".join(word_key(w) for w in words(text))


# Letters a transliteration writes one way or the other (emphatic vs plain, «ث/ذ» for
# English th, «ق» for k): each folded onto one.
_VARIANT_LETTERS = str.maketrans({"ط": "ت", "ق": "ك", "ص": "س", "ث": "س", "ذ": "ز", "ظ": "ز"})
_VOWEL_LETTERS = frozenset("اوي")
# Shorter words are too short to tell apart once their vowel letters are gone.
MIN_VARIANT_WORD = 4


def variant_word(word: str) -> str:
    """A normalised foreign word with its transliteration choices made one way.

    Inside the word (the first and last letter stay), «ا» is dropped, and «و»/«ي»
    where they stand between two consonants (a long vowel, not a glide as in «يا»);
    the letters of ``_VARIANT_LETTERS`` are folded: «ترامب» and «ترمب», «بلينكين» and
    «بلينكن», «ماتيس» and «ماتس» meet. Words shorter than ``MIN_VARIANT_WORD`` are
    returned as they are.
    """
    if len(word) < MIN_VARIANT_WORD:
        return word
    letters = word.translate(_VARIANT_LETTERS)
    last = len(letters) - 1
    kept = [
        c
        for i, c in enumerate(letters)
        if i in (0, last)
        or c not in _VOWEL_LETTERS
        or (c != "ا" and (letters[i - 1] in _VOWEL_LETTERS or letters[i + 1] in _VOWEL_LETTERS))
    ]
    return "".join(kept)


def variant_key(text: str, keep: frozenset[str] | set[str] = frozenset()) -> str:
    """``name_key`` with each word not in ``keep`` replaced by its ``variant_word``.

    ``keep`` holds the words whose spelling is meaningful (Arabic first names and
    surnames, common words: «حسن» and «حسين» are two names), which stay as they are;
    the entity layer passes its lexicon (``ingest.entities.variants``).
    """
    return " ".join(w if w in keep else variant_word(w) for w in words(text))
