"""The story list's filters (django-filter): section, tag, person, place, source, dates,
«خاص» and search."""

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django_filters.fields import DateRangeField, ModelChoiceField
from django_filters.widgets import BooleanWidget, DateRangeWidget
from taggit.models import Tag

from articles import search
from articles.models import LOCATION, PERSON, SOURCE, Article, Section, Source, public_tags
from articles.text.clean import clean_line

CHOICE_LIMIT = 100
# Every GET parameter the list reads (the page cache keys on these and nothing else).
FILTER_PARAMS = (
    "q",
    "section",
    "tag",
    "person",
    "place",
    "source",
    "date_after",
    "date_before",
    "exclusive",
)
# Dates the list accepts: outside them a timezone shift overflows Python's datetime
# (0001-01-01 on SQLite) and no story is there anyway.
FIRST_YEAR, LAST_YEAR = 1900, 2100
SLUG_MAX = 255


class SearchQueryField(forms.CharField):
    """Free text checked by the search parser, so a bad query is a form error, not a 500."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            search.parse_query(value)
        except search.QueryError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return value

    def to_python(self, value):
        return search.strip_controls(super().to_python(value))


class SearchFilter(django_filters.CharFilter):
    field_class = SearchQueryField


class SlugChoiceField(ModelChoiceField):
    """A slug that cannot be a real one (a NUL byte, which PostgreSQL refuses in any
    query, another control character, or too long) is an invalid choice, not a query."""

    def to_python(self, value):
        if isinstance(value, str) and (len(value) > SLUG_MAX or clean_line(value) != value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SlugFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


def public_choices(model):
    """The values a slug filter accepts: the public ones, worked out per request (a queryset
    built once at import would keep the clock ``published()`` read then)."""
    if model is Tag:
        return lambda request: public_tags()
    return lambda request: model.objects.public()


class BoundedDateRangeField(DateRangeField):
    def compress(self, data_list):
        for day in data_list or ():
            if day and not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise forms.ValidationError(
                    f"اختر تاريخاً بين سنة {FIRST_YEAR} وسنة {LAST_YEAR}.", code="out_of_range"
                )
        return super().compress(data_list)


class BoundedDateRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = BoundedDateRangeField


class ExclusiveWidget(BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", "الكل"), ("true", "«خاص» فقط"), ("false", "غير «خاص»"))


def public_sections():
    """Sections with at least one public story, in the desk's menu order."""
    return Section.objects.public().order_by("position", "name")


def popular(kind):
    """Entities most named in public stories: the filter's menu (any public slug validates)."""
    mentions = kind.mention_model.objects.public()
    return (
        kind.model.objects.filter(pk__in=mentions.values(kind.fk))
        .annotate(n=Count("mentions", filter=Q(mentions__in=mentions)))
        .order_by("-n", "name")
    )


def named_filter(kind, label, empty_label):
    """The filter of stories naming one public person, place or source, by its slug."""
    return SlugFilter(
        label=label,
        queryset=public_choices(kind.model),
        to_field_name="slug",
        method="filter_named",
        empty_label=empty_label,
    )


class ArticleFilter(django_filters.FilterSet):
    q = SearchFilter(label="بحث", method="filter_q")
    section = SlugFilter(
        label="القسم",
        queryset=public_choices(Section),
        to_field_name="slug",
        empty_label="كل الأقسام",
    )
    tag = SlugFilter(
        label="الوسم",
        field_name="tags",
        queryset=public_choices(Tag),
        to_field_name="slug",
        empty_label="كل الوسوم",
    )
    person = named_filter(PERSON, "شخص", "كل الأشخاص")
    place = named_filter(LOCATION, "مكان", "كل الأماكن")
    source = named_filter(SOURCE, "المصدر", "كل المصادر")
    date = BoundedDateRangeFilter(
        label="التاريخ",
        field_name="published_at",
        widget=DateRangeWidget(attrs={"type": "date"}),
    )
    exclusive = django_filters.BooleanFilter(
        label="«خاص»", field_name="is_exclusive", widget=ExclusiveWidget
    )

    class Meta:
        model = Article
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.form.fields
        menus = {
            "section": public_sections(),
            "tag": public_tags().order_by("name"),
            "person": popular(PERSON),
            "place": popular(LOCATION),
            "source": Source.objects.filter(
                Q(pk__in=Article.objects.published().values("source_id"))
                | Q(pk__in=popular(SOURCE).values("pk"))
            ).order_by("name"),
        }
        for name, queryset in menus.items():
            options = [(obj.slug, obj.name) for obj in queryset[:CHOICE_LIMIT]]
            current = self.data.get(name) if self.data else None
            if current and current not in {slug for slug, _ in options}:
                options.append((current, clean_line(current)))
            fields[name].widget.choices = [("", fields[name].empty_label), *options]

    def filter_q(self, queryset, name, value):
        return search.search_articles(queryset, value) if value else queryset

    def filter_named(self, queryset, name, value):
        return queryset.naming(value)


def heading(filterset) -> str:
    """The list's title from its active filters: «قصص عن الموصل», «قصص في قسم العراق»,
    «نتائج البحث عن «داعش»»; «كل الأخبار» with none (or with a filter it cannot apply)."""
    if not filterset.is_bound or not filterset.is_valid():
        return "كل الأخبار"
    data = filterset.form.cleaned_data
    parts = []
    about = [data[name].name for name in ("person", "place") if data.get(name)]
    if about:
        parts.append("عن " + " و".join(about))
    if data.get("section"):
        parts.append(f"في قسم {data['section'].name}")
    if data.get("tag"):
        parts.append(f"بوسم «{data['tag'].name}»")
    if data.get("source"):
        parts.append(f"من {data['source'].name}")
    dates = data.get("date")
    if dates and (dates.start or dates.stop):
        parts.append(_date_span(dates.start, dates.stop))
    query = data.get("q")
    if query:
        head = f"نتائج البحث عن «{query}»"
        if data.get("exclusive"):
            head += " في «خاص»"
    elif parts or data.get("exclusive") is not None:
        head = {True: "قصص «خاص»", False: "قصص غير «خاص»"}.get(data.get("exclusive"), "قصص")
    else:
        return "كل الأخبار"
    return " ".join([head, *parts])


def _date_span(start, stop) -> str:
    def day(value):
        return date_format(timezone.localtime(value), "j F Y")

    if start and stop:
        return f"بين {day(start)} و{day(stop)}"
    return f"منذ {day(start)}" if start else f"حتى {day(stop)}"
