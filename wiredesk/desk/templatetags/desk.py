"""Template helpers for the desk: a user's role, confidence as a percentage, short values."""

from django import template

from wiredesk.desk.roles import role_of

register = template.Library()


@register.filter
def desk_role(user) -> str:
    return role_of(user)


@register.filter
def percent(value) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def shown(value) -> str:
    """An audit value for a person: ``-`` for nothing, ISO times without seconds' fractions."""
    if value in (None, "", [], {}):
        return "-"
    text = str(value)
    if len(text) >= 19 and text[4] == "-" and text[10] == "T":
        return text[:16].replace("T", " ") + " UTC"
    return text
