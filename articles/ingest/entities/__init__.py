"""Named entities, person resolution and quotes in Arabic news text (no Django).

``extract_entities`` tokenises the text sentence by sentence, tags tokens with the CRF
plus gazetteer/cue rules (``ner.pipeline``), then turns tagged chunks into spans with
resolution keys: places and outlets to their fixture entries, persons to a title-free
name, and a surname-only mention («وقال ماتيس») to the full name seen earlier in the text.
"""

from __future__ import annotations

from articles.ingest.ner import lexicon

from .persons import person_key
from .quotes import Quote, entities_and_quotes, find_quotes
from .spans import Span, extract_entities

__all__ = [
    "Quote",
    "Span",
    "entities_and_quotes",
    "extract_entities",
    "find_quotes",
    "load_gazetteer",
    "load_sources",
    "person_key",
]


def load_gazetteer() -> list[dict]:
    """Places from fixtures/gazetteer.json (key, name, kind, parent, coordinates, aliases),
    as the lexicon uses them (``lexicon.gazetteer_entries``)."""
    return [dict(e) for e in lexicon.get_lexicon().places.values()]


def load_sources() -> list[dict]:
    """Outlets and agencies from fixtures/sources.json (key, name, kind, aliases)."""
    return [dict(e) for e in lexicon.load_sources()]
