"""Records a name being typed may duplicate: «سعد مَعن» next to «سعد معن».

What the desk calls a duplicate is wider than the database's unique key (the normalised
name, ``name_key``): the same key under another parent (a place), the name as another
record's alias, the same transliteration variant of a foreign name (``Person.variant_keys``:
«دونالد ترامب» / «دونالد ترمب»), the name with or without «ال», and a name of two words or
more that is part of another record's name («سعد معن» in «الفريق سعد معن»).
"""

from __future__ import annotations

from django.db.models import Q

from articles.ingest.entities.variants import name_variant
from articles.models import Person
from articles.text.keys import name_key, name_keys

MAX_SHOWN = 5


def similar_records(model, name: str, *, exclude_pk=None) -> list:
    """Records of ``model`` that ``name`` may duplicate, nearest first (at most five)."""
    key = name_key(name)
    if not key:
        return []
    keys = set(name_keys(name)) | {"ال" + k for k in name_keys(name)}
    near = Q(key__in=keys)
    for k in keys:
        near |= Q(alias_keys__contains=k)
    variant = name_variant(name) if model is Person else ""
    if variant:
        near |= Q(variant_keys__contains=variant)
    if len(key.split()) >= 2:
        near |= Q(key__contains=key)
    candidates = model.objects.filter(near)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    found = []
    for record in candidates.order_by("pk")[:50]:
        rank = _rank(record, key, keys, variant)
        if rank is not None:
            found.append((rank, record.pk, record))
    return [record for *_, record in sorted(found)][:MAX_SHOWN]


def _rank(record, key: str, keys: set[str], variant: str) -> int | None:
    """How near ``record`` is (0 nearest), or None when the SQL match was only a substring
    of an alias or variant line, not the whole of one."""
    if record.key == key:
        return 0
    if record.key in keys or keys & set(record.alias_keys.splitlines()):
        return 1
    if variant and variant in getattr(record, "variant_keys", "").splitlines():
        return 2
    if f" {key} " in f" {record.key} ":
        return 3
    return None
