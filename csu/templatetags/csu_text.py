"""Template filters over csu.text (language rules such as French elision)."""

from django import template

from csu.text import from_name as _from_name

register = template.Library()


@register.filter
def from_name(name) -> str:
    """`{{ school|from_name }}`: "from Overbrook" / "d’Overbrook" / "de Queen Mary" (escaped like any value)."""
    return _from_name(str(name))
