"""Places whose names are also common words, read from their context in the story.

«حديثة» is a town in al-Anbar and the word "recent" («أسلحة حديثة»), «القائم» a town
and "the one in charge" («القائم بالأعمال»). The gazetteer marks such entries
``ambiguous: common word``; ``spans._place_evidence`` already takes a place noun before
them («مدينة حديثة», «قضاء القائم»). ``StoryPlaces`` adds the evidence of the story:

* a preposition before the name («في حديثة», «إلى القائم») when the story also names
  the place's parent («الأنبار») or another place under the same parent;
* a coordination with a place just found («في حديثة والقائم»: «والقائم» follows a place).

A one-word name that the story itself tags as a place elsewhere («سهل حوران»), or a
gazetteer place that is a common word, is never a person (``not_a_person``). And a name
the gazetteer lacks, right after a place noun in the construct state («قضاء مخمور»,
«ناحية راوة»), is a place (``named_after_head``).
"""

from __future__ import annotations

from functools import lru_cache

from articles.ingest.ner.cues import word_list
from articles.ingest.ner.lexicon import get_lexicon
from articles.text import arabic

from .sentences import Sentence

# Prepositions that put a place after them; not «من» or «بين», which as often lead to
# a person or a group («من القائم بالأعمال»).
PLACE_PREPOSITIONS = frozenset(
    arabic.normalize(w) for w in word_list("في إلى الى نحو باتجاه داخل قرب حول")
)
_AND = ("و",)
# Nouns of administrative places that take the place's name right after them, in the
# construct state («قضاء مخمور», «ناحية راوة»): a name the gazetteer lacks is read there.
NAME_HEADS = frozenset(
    arabic.normalize(w) for w in word_list("قضاء ناحية بلدة مدينة قرية مخيم محافظة")
)
# A ``NAME_HEADS`` noun without the article, also behind «و/ف/ب» («وبلدة», «بمدينة»):
# «القرية» or «للقضاء» is no construct state, and names nothing after it. Every form
# spelled out once: ``named_after_head`` asks about every word of every sentence.
_HEAD_FORMS = frozenset(c + head for c in ("", "و", "ف", "ب", "وب", "فب") for head in NAME_HEADS)
MAX_NAME_WORDS = 3
# «القائم بالأعمال» (chargé d'affaires): «إلى القائم بالأعمال» is a person's title.
_NOT_A_PLACE_AFTER = frozenset(arabic.normalize(w) for w in word_list("بالأعمال بأعمال"))


@lru_cache(maxsize=1)
def _children() -> dict[str, frozenset[str]]:
    """Gazetteer parent key -> the keys of the places directly under it."""
    out: dict[str, set[str]] = {}
    for key, entry in get_lexicon().places.items():
        if entry.get("parent"):
            out.setdefault(entry["parent"], set()).add(key)
    return {parent: frozenset(keys) for parent, keys in out.items()}


class StoryPlaces:
    """The places a story names without doubt (gazetteer entries that are not common
    words), worked out the first time a sentence asks."""

    def __init__(self, sentences: list[Sentence]):
        self._sentences = sentences
        self._named: frozenset[str] | None = None

    @property
    def named(self) -> frozenset[str]:
        if self._named is None:
            lex = get_lexicon()
            keys = set()
            for part in self._sentences:
                norms = [info.norm for info in part.infos]
                for _, (_, cls, key, _) in lex.scan(norms):
                    if cls == "LOC" and key not in lex.ambiguous:
                        keys.add(key)
            self._named = frozenset(keys)
        return self._named

    def has_neighbour(self, key: str) -> bool:
        """Whether the story names the parent of ``key`` or a place under that parent."""
        parent = get_lexicon().places.get(key, {}).get("parent")
        if not parent:
            return False
        named = self.named
        return parent in named or any(k in named for k in _children().get(parent, ()) if k != key)

    def common_word_is_place(self, part: Sentence, i: int, clitic: int, key: str, found) -> bool:
        """Whether the ambiguous common-word place ``key`` at token ``i`` is a place here.

        ``found``: the spans of the sentence so far (left to right), for coordination.
        """
        first = part.infos[i].norm
        glued = first[:clitic] if clitic else ""
        after_and = glued.startswith(_AND) or (i > 0 and part.word(i - 1) in _AND)
        if after_and and found:
            start = i - (0 if glued.startswith(_AND) else 1)
            last = found[-1]
            if last["type"] == "LOC" and last["j"] == start:
                return True
        if i == 0 or (i + 1 < len(part.infos) and part.infos[i + 1].norm in _NOT_A_PLACE_AFTER):
            return False
        before = arabic.strip_clitics(part.infos[i - 1].norm)
        preposition = any(r in PLACE_PREPOSITIONS for r in before) or glued.startswith(
            ("ب", "وب", "فب")
        )
        return preposition and self.has_neighbour(key)


def not_a_person(key: str, tagged=frozenset()) -> bool:
    """A one-word name the story tags as a place elsewhere (``tagged``, its LOC keys:
    «سهل حوران»), or a gazetteer place that is a common word («حديثة»: ``ambiguous``);
    not a curated first name.

    Other gazetteer places stay possible names: on ANERcorp's training file the one-word
    PERS chunks that are gazetteer towns are real surnames («الخور», a far-away town).
    The names dataset's first names spare a gazetteer place («جاسم» is both) but not a
    name the story itself uses as a place: that list also holds places («حوران»).
    """
    if not key or " " in key:
        return False
    lex = get_lexicon()
    readings = arabic.strip_clitics(key)
    if any(r in lex.first_names for r in readings):
        return False
    if any(r in tagged for r in readings):
        return True
    return any(lex.ambiguous.get(r) == "common word" and r not in lex.name_first for r in readings)


def named_after_head(part: Sentence, taken: list[bool]) -> list[tuple[int, int]]:
    """Token ranges of names right after a ``NAME_HEADS`` noun that nothing else took.

    The name is the run of words after the head, up to ``MAX_NAME_WORDS``, that are no
    common word, place noun or direction, and not taken («بلدة قره جوخ في سهل نينوى»:
    «قره جوخ»). «مدينة كبيرة» gives nothing: «كبيرة» is a common word.
    """
    lex = get_lexicon()
    out = []
    n = len(part.infos)
    heads = [i for i, info in enumerate(part.infos[: n - 1]) if info.norm in _HEAD_FORMS]
    for i in heads:
        if taken[i + 1]:
            continue
        j = i + 1
        while j < n and j - i <= MAX_NAME_WORDS and not taken[j] and _name_word(part, j, lex):
            j += 1
        if j > i + 1:
            out.append((i + 1, j))
    return out


def _name_word(part: Sentence, j: int, lex) -> bool:
    """Whether token ``j`` may be a word of a name that follows a place noun."""
    norm = part.infos[j].norm
    if len(norm) < 3 or not norm.isalpha():
        return False
    if norm.startswith("و"):
        return False  # «مخمور وبلدة ...», «القرية واختبائه»: a coordination, not a name
    if norm.endswith("يه") or (norm.endswith("ها") and norm[0] in "يتن"):
        return False  # an adjective «مدينة مذهبية» or a verb «بلدة يسكنها», not a name
    words = (lex.common_words, lex.loc_heads, lex.verbs, lex.titles, lex.months)
    return not any(norm in w for w in words)
