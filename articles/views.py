from django.shortcuts import get_object_or_404, render

from articles.models import Article, Location, Person, Source


def article_detail(request, pk, slug):
    article = get_object_or_404(Article.objects.published(), pk=pk)
    return render(request, "articles/article_detail.html", {"article": article})


def person_detail(request, slug):
    return render(request, "articles/entity.html", {"entity": get_object_or_404(Person, slug=slug)})


def location_detail(request, slug):
    entity = get_object_or_404(Location, slug=slug)
    return render(request, "articles/entity.html", {"entity": entity})


def source_detail(request, slug):
    return render(request, "articles/entity.html", {"entity": get_object_or_404(Source, slug=slug)})
