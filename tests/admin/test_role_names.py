"""The role groups and every permission an administrator assigns read in Arabic."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from articles.editorial.roles import EDITORS, REPORTERS, ensure_roles, name_permissions_in_arabic

pytestmark = pytest.mark.django_db


def test_groups_are_named_in_arabic():
    groups = ensure_roles()
    assert set(groups) == {"المحررون", "المراسلون"}
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, REPORTERS}


def test_an_existing_sites_english_groups_are_renamed_with_their_members(django_user_model):
    Group.objects.filter(name__in=[EDITORS, REPORTERS]).delete()
    old = Group.objects.create(name="Editors")
    user = django_user_model.objects.create_user("mohrer", is_staff=True)
    user.groups.add(old)
    groups = ensure_roles()
    assert groups[EDITORS].pk == old.pk
    assert not Group.objects.filter(name__in=["Editors", "Reporters"]).exists()
    assert list(user.groups.values_list("name", flat=True)) == [EDITORS]


def test_default_permissions_are_named_in_arabic_after_migrate():
    story = Permission.objects.get(codename="add_article")
    assert story.name == "يستطيع إضافة قصة"
    assert Permission.objects.get(codename="view_person").name.startswith("يستطيع عرض ")
    english = [
        p.name
        for p in Permission.objects.all()
        if re.match(r"Can (add|change|delete|view) ", p.name)
    ]
    assert english == []


def test_a_permission_django_named_again_is_renamed():
    perm = Permission.objects.get(codename="change_user")
    perm.name = "Can change user"
    perm.save()
    assert name_permissions_in_arabic("auth") == 1
    perm.refresh_from_db()
    assert perm.name.startswith("يستطيع تعديل ")


def test_the_group_form_lists_permissions_in_arabic(admin_client):
    group = ensure_roles()[EDITORS]
    html = admin_client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "يستطيع إضافة قصة" in html
    assert "Can add" not in html
