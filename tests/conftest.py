import copy
import secrets
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "fixtures" / "seeds"


@pytest.fixture(autouse=True, scope="session")
def test_settings(tmp_path_factory):
    """Settings of the test run, none of them on the checkout's ``var/`` folder.

    A secret key of the run's own: importing settings writes none (``manage.py`` does, on
    a first run) and the suite must pass on a fresh clone too. It is set, not overridden:
    with no key file Django refuses to read the empty setting back, as undoing an override
    would. The shared site-version cache and STATIC_ROOT (empty: WhiteNoise warns when
    there is none) in folders of the run, not in ``var/``. A cheap password
    hasher, as Django's testing docs advise: the production one (PBKDF2, a million rounds)
    costs about half a second per user created or login tried, most of the set-up time of
    the admin and login tests; what they test (who may log in, lockouts, roles) does not
    depend on the hash's cost.
    """
    from django.conf import settings
    from django.test import override_settings

    settings.SECRET_KEY = secrets.token_urlsafe(50)
    caches = copy.deepcopy(settings.CACHES)
    if caches["site_version"]["BACKEND"].endswith("FileBasedCache"):
        caches["site_version"]["LOCATION"] = str(tmp_path_factory.mktemp("site_version"))
    with override_settings(
        CACHES=caches,
        STATIC_ROOT=tmp_path_factory.mktemp("static"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture
def seeds_dir():
    return SEEDS_DIR


@pytest.fixture
def pages(tmp_path, seeds_dir):
    """A copy of the seed pages the test may change (a site that edits a page later)."""
    folder = tmp_path / "pages"
    shutil.copytree(seeds_dir, folder)
    return folder


def _stored_models():
    from django.apps import apps

    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker):
    """The rows ``loadseeds`` adds to an empty database, imported once per test run.

    The import runs in a transaction that is rolled back, so no test sees its rows unless
    it asks for ``seeded``. Besides the rows per model it keeps when the import ran (see
    ``seeded``) and the content types by id, so that ``seeded`` can re-point generic
    relations (tags) if a transactional test has flushed and re-created them since.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    models = _stored_models()
    with django_db_blocker.unblock(), transaction.atomic():
        before = {model: set(model._base_manager.values_list("pk", flat=True)) for model in models}
        started = timezone.now()
        call_command("loadseeds", str(SEEDS_DIR), verbosity=0)
        finished = timezone.now()
        rows = {}
        for model in models:
            added = [o for o in model._base_manager.order_by("pk") if o.pk not in before[model]]
            if added:
                rows[model] = added
        content_types = {ct.pk: ct.natural_key() for ct in ContentType.objects.all()}
        transaction.set_rollback(True)
    return SimpleNamespace(
        rows=rows, started=started, finished=finished, content_types=content_types
    )


@pytest.fixture
def seeded(db, seed_rows):
    """The five seed pages imported, as after `make run`.

    The rows of one real import (``seed_rows``) are written back in the test's own
    transaction, which takes a fraction of the import's time, with the times the import
    stamped (imported, published when the page gives no date) moved as if it had just
    finished (not later: a story published in the future is not public yet); the search
    index is then rebuilt from them the way any change to a story rebuilds it.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection
    from django.utils import timezone

    from articles import changes
    from articles.models import Article

    now_ids = {ct.natural_key(): ct.pk for ct in ContentType.objects.all()}
    type_ids = {old: now_ids.get(key) for old, key in seed_rows.content_types.items()}
    later = timezone.now() - seed_rows.finished
    for model, objs in seed_rows.rows.items():
        copies = [copy.copy(o) for o in objs]
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is ContentType:
                for obj in copies:
                    setattr(obj, field.attname, type_ids[getattr(obj, field.attname)])
            elif field.get_internal_type() == "DateTimeField":
                for obj in copies:
                    stamp = getattr(obj, field.attname)
                    if stamp is not None and stamp >= seed_rows.started:
                        setattr(obj, field.attname, stamp + later)
        model._base_manager.bulk_create(copies)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(seed_rows.rows)):
            cursor.execute(sql)
    changes.touch(Article.objects.values_list("pk", flat=True))


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded photos and renditions go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
