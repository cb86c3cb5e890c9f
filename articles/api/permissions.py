"""Rights a request needs beyond reading: for now, sending pages to the import."""

from rest_framework.permissions import BasePermission

from articles.models import ApiToken


class CanIngest(BasePermission):
    """A request made with a token that carries the ingest right, whose user still holds
    ``articles.ingest_pages`` (the editors' group): what ``POST /api/v1/ingest/`` needs.
    An admin session is not enough: ingest is for the desk's tools, each with its key."""

    message = "يلزم مفتاح واجهة برمجية يملك حق رفع الصفحات للاستيراد."

    def has_permission(self, request, view):
        token = request.auth
        return isinstance(token, ApiToken) and token.may_ingest
