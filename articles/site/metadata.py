"""What a story page tells machines: its description and its schema.org JSON-LD."""

import json

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles.site.links import absolute


def article_description(article) -> str:
    text = (
        article.deck
        or article.summary
        or next((b.get("text", "") for b in article.blocks if b.get("kind") == "paragraph"), "")
    )
    return Truncator(strip_tags(text)).words(40)


def article_jsonld(request, article, image: str | None = None) -> str:
    """``image`` is the absolute address of the lead photo's 1200×630 crop, if any."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "inLanguage": "ar",
        "headline": article.title[:110],
        "description": article_description(article),
        "url": absolute(article.get_absolute_url()),
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "articleSection": article.section_name or None,
        "image": (
            {"@type": "ImageObject", "url": image, "width": 1200, "height": 630} if image else None
        ),
        "keywords": [t.name for t in article.tags.all()] or None,
        "author": ({"@type": "Person", "name": article.byline} if article.byline else None),
        "publisher": {
            "@type": "Organization",
            "name": article.source.name if article.source else settings.SITE_NAME,
        },
        "about": [
            {
                "@type": "Person",
                "name": m.person.name,
                "url": absolute(m.person.get_absolute_url()),
            }
            for m in article.visible_people
        ]
        or None,
        "mentions": [
            {
                "@type": "Place",
                "name": m.location.name,
                "url": absolute(m.location.get_absolute_url()),
                **(
                    {
                        "geo": {
                            "@type": "GeoCoordinates",
                            "latitude": m.location.latitude,
                            "longitude": m.location.longitude,
                        }
                    }
                    if m.location.latitude is not None and m.location.longitude is not None
                    else {}
                ),
            }
            for m in article.visible_places
        ]
        or None,
    }
    return json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
