"""API test fixtures: staff in each role with a token, and a client that sends it."""

import pytest
from django.test import Client

from articles.editorial.roles import EDITORS, REPORTERS, ensure_roles
from articles.models import ApiToken


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
