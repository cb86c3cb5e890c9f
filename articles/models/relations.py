"""Related stories worked out ahead of time: what the story page reads back by index.

``articles.site.related.refresh`` fills these rows whenever a story, its mentions or its
tags change (every change ends in ``changes.touch``), so a story page never aggregates
the archive: it reads its best rows through the (story, -score, -related) index and
keeps those that are public at that moment.
"""

from __future__ import annotations

from django.db import models

from articles.models.stories import Article


class StoryRelation(models.Model):
    """``related`` shares ``score`` people, places and tags with ``story``.

    Only the best few per story are kept. Rows are kept for stories that are not public
    yet (scheduled ones): the page filters through ``Article.objects.published()`` when it
    reads, so a story is shown the moment it goes public and hidden the moment it stops.
    """

    # No index of its own: the (story, -score, -related) index starts with it.
    story = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="relations", db_index=False
    )
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveIntegerField("المشترك")

    class Meta:
        verbose_name = "قصة مرتبطة"
        verbose_name_plural = "قصص مرتبطة"
        constraints = [
            models.UniqueConstraint(fields=["story", "related"], name="unique_story_relation")
        ]
        indexes = [
            models.Index(fields=["story", "-score", "-related"], name="storyrelation_by_rank")
        ]

    def __str__(self):
        return f"{self.story_id} ~ {self.related_id} ({self.score})"
