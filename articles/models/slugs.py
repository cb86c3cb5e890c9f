"""Unicode slugs for entity and story pages."""

from __future__ import annotations

from django.utils.text import slugify


def _slug_base(text: str, max_length: int) -> str:
    return slugify(text, allow_unicode=True)[:max_length].strip("-") or "item"


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 200, taken=()) -> str:
    """A Unicode slug for ``text`` not yet used by another ``model`` row (nor in ``taken``)."""
    base = _slug_base(text, max_length)
    slug, n = base, 2
    qs = model._default_manager.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while slug in taken or qs.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


def unique_slugs(model, texts, *, max_length: int = 200) -> list[str]:
    """Unique slugs for several new rows at once: one query unless a slug is taken."""
    bases = [_slug_base(text, max_length) for text in texts]
    wanted, taken = sorted(set(bases)), set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        taken.update(model._default_manager.filter(slug__in=chunk).values_list("slug", flat=True))
    slugs = []
    for text, base in zip(texts, bases, strict=True):
        slug = base
        if slug in taken:
            slug = unique_slug(model, text, max_length=max_length, taken=taken)
        taken.add(slug)
        slugs.append(slug)
    return slugs
