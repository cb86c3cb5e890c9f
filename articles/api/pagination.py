"""Cursor (keyset) pagination on (a sort field, id): stable while stories are added.

The cursor is the last row's sort value and id, not an offset: a story published while a
client pages through the list neither repeats a story nor skips one. Stories sort newest
first with undated ones (drafts, seen only with a token) last; entities by name.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from django.db.models import F, Q
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from articles.site.links import absolute

DEFAULT_SIZE = 20
MAX_SIZE = 100


def _encode(value, pk) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([value, pk], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str):
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise exceptions.ValidationError({"cursor": [_("This cursor is not valid.")]}) from None
    if not isinstance(pk, int) or not (value is None or isinstance(value, (str, int))):
        raise exceptions.ValidationError({"cursor": [_("This cursor is not valid.")]})
    return value, pk


class KeysetPagination(pagination.BasePagination):
    """Pages of ``page_size`` (at most ``MAX_SIZE``) after ``?cursor=``, ordered by the
    view's ``keyset = (field, descending)`` then id the same way."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        field, descending = view.keyset
        self.request, self.field = request, field
        self.size = self._size(request)
        order = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        queryset = queryset.order_by(order, "-pk" if descending else "pk")
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            queryset = queryset.filter(self._after(queryset.model, *_decode(cursor), descending))
        rows = list(queryset[: self.size + 1])
        self.has_next = len(rows) > self.size
        self.page = rows[: self.size]
        return self.page

    def _size(self, request) -> int:
        asked = request.query_params.get(self.page_size_query_param)
        if asked is None:
            return DEFAULT_SIZE
        if not asked.isascii() or not asked.isdigit() or not 1 <= int(asked) <= MAX_SIZE:
            raise exceptions.ValidationError(
                {self.page_size_query_param: [_("Give a whole number from 1 to %d.") % MAX_SIZE]}
            )
        return int(asked)

    def _after(self, model, value, pk, descending):
        """Rows after (value, pk) in the list's order; nulls come last."""
        if value is not None:
            try:
                value = model._meta.get_field(self.field).to_python(value)
            except Exception:
                raise exceptions.ValidationError(
                    {"cursor": [_("This cursor is not valid.")]}
                ) from None
        beyond, pk_beyond = ("lt", "lt") if descending else ("gt", "gt")
        if value is None:
            return Q(**{f"{self.field}__isnull": True, f"pk__{pk_beyond}": pk})
        return (
            Q(**{f"{self.field}__{beyond}": value})
            | Q(**{self.field: value, f"pk__{pk_beyond}": pk})
            | Q(**{f"{self.field}__isnull": True})
        )

    def next_link(self) -> str | None:
        if not self.has_next:
            return None
        last = self.page[-1]
        cursor = _encode(getattr(last, self.field), last.pk)
        url = absolute(self.request.path) + (
            "?" + self.request.GET.urlencode() if self.request.GET else ""
        )
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        return Response({"next": self.next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "مؤشر الصفحة التالية كما في «next» من الصفحة السابقة.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"عدد النتائج في الصفحة (1 إلى {MAX_SIZE}، {DEFAULT_SIZE} إن لم يُذكر)."
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_SIZE},
            },
        ]
