"""Names found at import resolve to one record each, and editors' decisions survive."""

import pytest
from django.core.management import call_command

from articles.models import (
    Article,
    Location,
    LocationMention,
    MentionStatus,
    Person,
    PersonMention,
    Quote,
)
from articles.text.arabic import normalize

SEED_PEOPLE = [
    "جيمس ماتيس", "سعد معن", "إياد الجبوري", "نعيم الكعود", "كمال الحسناوي", "حيدر الملا",
    "أسامة النجيفي", "فاضل أبو رغيف", "جيف ديفيس", "حسين علاوي", "محمد شياع السوداني",
    "فؤاد حسين", "جوشوا هاريس", "أنتوني بلينكن", "نعيم قاسم", "نواف سلام", "جيك سوليفان",
    "بنيامين نتنياهو", "كيفين كيسي", "قاسم الأعرجي", "مصطفى الكاظمي", "معتز محي الدين",
]  # fmt: skip
NOT_PEOPLE = ["قال", "وقال", "أضاف", "أكد", "داعش", "حماس", "حزب الله", "التحالف الدولي",
              "الشرق الأوسط", "رويترز", "وول ستريت جورنال"]  # fmt: skip


def people_named(name):
    key = normalize(name)
    return [p for p in Person.objects.all() if normalize(p.name) == key]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SEED_PEOPLE)
def test_every_seed_person_is_one_record(seeded, name):
    assert len(people_named(name)) == 1, name


@pytest.mark.django_db
def test_no_verb_organisation_or_outlet_is_a_person(seeded):
    names = {normalize(p.name) for p in Person.objects.all()}
    assert not names & {normalize(n) for n in NOT_PEOPLE}
    # and no person is a bare surname of another person in the same story
    for article in Article.objects.filter(is_stub=False):
        keys = [p.key.split() for p in article.persons.all()]
        for short in keys:
            assert not any(len(long) > len(short) and long[-len(short) :] == short for long in keys)


@pytest.mark.django_db
def test_titles_are_not_part_of_the_name_and_roles_stay_with_the_story(seeded):
    (maan,) = people_named("سعد معن")
    roles = set(PersonMention.objects.filter(person=maan).values_list("role", flat=True))
    assert maan.articles.filter(is_stub=False).count() == 2
    assert any("العميد" in r for r in roles) and any("الفريق" in r for r in roles)


@pytest.mark.django_db
def test_surname_mentions_link_to_the_full_name_and_carry_quotes(seeded):
    (mattis,) = people_named("جيمس ماتيس")
    mention = PersonMention.objects.get(person=mattis)
    assert mention.count >= 2  # «جيمس ماتيس» and «وقال ماتيس»
    assert "وزير الدفاع" in mattis.description
    quotes = Quote.objects.filter(person=mattis)
    assert quotes.exists()
    assert any("لم يعد يسيطر على المدن" in q.text for q in quotes)


@pytest.mark.django_db
def test_places_resolve_with_their_parent_chain(seeded):
    mosul = Location.objects.get(name="الموصل")
    assert [p.name for p in mosul.ancestors()] == ["نينوى", "العراق"]
    assert mosul.latitude is not None
    assert LocationMention.objects.filter(location=mosul).exists()
    for junk in ["آمل", "بيان", "الوجه", "الزعيم"]:
        assert not Location.objects.filter(name=junk).exists(), junk


@pytest.mark.django_db
def test_accepted_mentions_survive_a_changed_page(seeded, seeds_dir):
    mention = PersonMention.objects.first()
    mention.status = MentionStatus.ACCEPTED
    mention.save()
    Article.objects.update(fingerprint="")  # every story looks changed: full re-extraction
    call_command("loadseeds", str(seeds_dir), verbosity=0)
    mention.refresh_from_db()
    assert mention.status == MentionStatus.ACCEPTED


@pytest.mark.django_db
def test_rejected_person_loses_its_quotes_on_reextraction(seeded, seeds_dir):
    (mattis,) = people_named("جيمس ماتيس")
    mention = PersonMention.objects.get(person=mattis)
    mention.status = MentionStatus.REJECTED
    mention.save()
    Quote.objects.filter(person=mattis).delete()
    Article.objects.update(fingerprint="")
    call_command("loadseeds", str(seeds_dir), verbosity=0)
    assert not Quote.objects.filter(person=mattis).exists()
    assert PersonMention.objects.get(pk=mention.pk).status == MentionStatus.REJECTED
