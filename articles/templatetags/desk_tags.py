"""Template helpers for the admin: the desk's dashboard on the admin home."""

from django import template

from articles.admin.desk import dashboard

register = template.Library()


@register.inclusion_tag("admin/desk_dashboard.html", takes_context=True)
def desk_dashboard(context):
    return {"panels": dashboard(context["request"].user)}
