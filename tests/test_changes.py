"""The invalidation service: touches collected per transaction and per thread, flushed once."""

import threading

import pytest

from articles import changes
from articles.models import Article
from tests.factories import make_article


@pytest.fixture
def flushed(db, monkeypatch):
    """What reaches the flush, one set of ids per flush. Recorded instead of run: these
    tests pin when and where touches are flushed; that a flush re-indexes and drops the
    cache is pinned by the search and cache tests (``test_a_collecting_block_...``)."""
    calls = []
    monkeypatch.setattr(changes, "_flush", lambda ids, keys=(): calls.append(set(ids)))
    return calls


def test_a_touch_outside_a_block_is_flushed_at_once(flushed):
    changes.touch([1, 2])
    assert flushed == [{1, 2}]


def test_a_block_flushes_once_with_everything_touched_in_it(flushed):
    with changes.atomic():
        changes.touch([1])
        changes.touch([2, 1])
        with changes.atomic():  # an inner block hands its touches to the outer one
            changes.touch([3])
        assert flushed == []
    assert flushed == [{1, 2, 3}]


def test_a_failed_block_flushes_nothing_and_writes_nothing(flushed):
    with pytest.raises(RuntimeError), changes.atomic():
        make_article("قصة لن تبقى")
        raise RuntimeError("boom")
    assert flushed == []
    assert not Article.objects.filter(title="قصة لن تبقى").exists()


def test_another_threads_touch_is_never_swallowed_by_this_threads_block(flushed):
    with changes.atomic():
        changes.touch([1])
        other = threading.Thread(target=changes.touch, args=([7],))
        other.start()
        other.join()
        assert flushed == [{7}]  # flushed at once in its own thread, not collected here
    assert flushed == [{7}, {1}]


def test_saving_a_story_inside_a_block_reindexes_it_once_at_the_end(flushed):
    with changes.atomic():
        story = make_article("قصة عن السليمانية")
        story.title = "قصة معدلة عن السليمانية"
        story.save()
    assert flushed == [{story.pk}]
