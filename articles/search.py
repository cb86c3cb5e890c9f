"""The one place that knows how search is done on each database."""

from articles.ingest.arabic import search_key


def search_articles(queryset, query: str):
    """Articles matching every word of ``query`` after Arabic normalisation."""
    terms = search_key(query or "").split()
    if not terms:
        return queryset.none()
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    return queryset
