"""Admin test fixtures: users in each role, and a helper that re-posts a change form."""

import pytest
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms import CheckboxInput
from django.test import Client
from django.urls import reverse

from articles.editorial.roles import EDITORS, REPORTERS, ensure_roles


def _staff_in(django_user_model, username, group_name):
    groups = ensure_roles()
    user = django_user_model.objects.create_user(username, password="pw-" + username, is_staff=True)
    user.groups.add(groups[group_name])
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _staff_in(django_user_model, "mohrer", EDITORS)


@pytest.fixture
def reporter(db, django_user_model):
    return _staff_in(django_user_model, "murasil", REPORTERS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


def _field_values(bound_field):
    """(name, value) pairs a browser would submit for one bound field, as rendered."""
    widget = bound_field.field.widget
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    value = bound_field.value()
    if isinstance(widget, CheckboxInput):
        if widget.check_test(value):
            yield bound_field.html_name, "on"
        return
    context = widget.get_context(bound_field.html_name, value, {})["widget"]
    yield from _context_values(context)


def _context_values(context):
    if "subwidgets" in context:
        for sub in context["subwidgets"]:
            yield from _context_values(sub)
        return
    value = context["value"]
    if isinstance(value, list):
        for item in value:
            if item not in ("", None):
                yield context["name"], item
    elif value is not None:
        yield context["name"], value


def form_data(response, **changes):
    """POST data reproducing the admin change form in ``response``, with ``changes`` applied."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound_field in form:
            for name, value in _field_values(bound_field):
                if name in data:
                    existing = data[name] if isinstance(data[name], list) else [data[name]]
                    data[name] = [*existing, value]
                else:
                    data[name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def logged_in(user):
    """A client of its own (``editor_client`` and ``reporter_client`` share one)."""
    client = Client()
    client.force_login(user)
    return client


def story_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])
