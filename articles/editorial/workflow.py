"""Editorial workflow: which status changes a user may make.

Statuses run draft → review → published and back. Editors (anyone holding
``articles.publish_article``) may make any move. Reporters may move a story that
is not published between draft and review, and cannot touch a published one.
"""

from __future__ import annotations

from articles.models import Status

PUBLISH_PERMISSION = "articles.publish_article"
REPORTER_STATUSES = frozenset({Status.DRAFT, Status.REVIEW})


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article) -> bool:
    """Whether ``user`` may change this story at all (its status included)."""
    return article is None or edit_error(user, article.status) is None


def edit_error(user, status: str | None) -> str | None:
    """Why ``user`` may not change a story whose stored status is ``status``; None if allowed.

    The rule covers all a reader sees of the story: its text and fields, and the people,
    places and sources shown with it (mentions, roles, credits).
    """
    if status != Status.PUBLISHED or can_publish(user):
        return None
    return "لا يعدّل قصة منشورة ولا ما يظهر معها إلا المحررون."


def allowed_statuses(user, current: str | None) -> list[str]:
    """Statuses ``user`` may give a story whose status is ``current`` (None: new story)."""
    if can_publish(user):
        return list(Status.values)
    if current == Status.PUBLISHED:
        return [Status.PUBLISHED]
    return [s for s in Status.values if s in REPORTER_STATUSES]


def transition_error(user, current: str | None, new: str) -> str | None:
    """Why ``user`` may not move a story from ``current`` to ``new``; None when allowed."""
    if current == new or new in allowed_statuses(user, current):
        return None
    if current == Status.PUBLISHED:
        return "لا يغيّر حالة قصة منشورة إلا المحررون."
    return "لا ينشر القصص إلا المحررون: أرسلها إلى المراجعة."


def missing_alt_text(images) -> str | None:
    """Why a story with these photos cannot be published: a photo with a file and no
    alt text (readers who cannot see it would get nothing), named by its caption."""
    missing = [
        f"«{(image.caption or '').strip()[:60] or f'الصورة رقم {n}'}»"
        for n, image in enumerate(images, 1)
        if image.file and not (image.alt_text or "").strip()
    ]
    if not missing:
        return None
    return (
        "لا تُنشر القصة قبل كتابة «النص البديل» لكل صورة مرفوعة فيها؛ "
        f"ينقص في: {'، '.join(missing)}."
    )
