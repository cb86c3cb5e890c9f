"""API test fixtures: staff in each role with a token, and a client that sends it."""

import pytest
from django.test import Client

from articles.editorial.roles import EDITORS, REPORTERS, ensure_roles
from articles.models import ApiToken
from tests.site import conftest as site_fixtures

# The site tests' builders: empty caches per test, and the world of public and hidden stories.
fresh_caches = site_fixtures.fresh_caches
world = site_fixtures.world


def _staff_in(django_user_model, username, group_name):
    groups = ensure_roles()
    user = django_user_model.objects.create_user(username, password="pw-" + username, is_staff=True)
    user.groups.add(groups[group_name])
    return user


def token_for(user, **kwargs) -> tuple[ApiToken, str]:
    token = ApiToken(user=user, name=kwargs.pop("name", "اختبار"), **kwargs)
    key = token.set_new_key()
    token.save()
    return token, key


def client_with(key) -> Client:
    return Client(headers={"Authorization": f"Token {key}"})


@pytest.fixture
def editor(db, django_user_model):
    return _staff_in(django_user_model, "mohrer", EDITORS)


@pytest.fixture
def reporter(db, django_user_model):
    return _staff_in(django_user_model, "murasil", REPORTERS)


@pytest.fixture
def editor_api(editor):
    return client_with(token_for(editor)[1])


@pytest.fixture
def reporter_api(reporter):
    return client_with(token_for(reporter)[1])


@pytest.fixture
def api_world(world):
    """The site tests' world, plus records that only hidden stories name: a person, a place,
    a publisher, a tag and a section no reader may learn of."""
    from tests.factories import make_location, make_person, make_section, make_source, mention

    world.secret_person = make_person("شخص لا يعرفه القراء")
    world.secret_place = make_location("قرية لا يعرفها القراء")
    world.secret_source = make_source("مصدر لا يعرفه القراء")
    world.secret_section = make_section("قسم لا يعرفه القراء")
    for hidden in world.hidden:
        mention(hidden, world.secret_person)
        mention(hidden, world.secret_place)
    world.draft.source = world.secret_source
    world.draft.section = world.secret_section
    world.draft.save()
    world.draft.tags.add("وسم لا يعرفه القراء")
    world.secret_tag = world.draft.tags.get(name="وسم لا يعرفه القراء")
    return world
