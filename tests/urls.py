"""Enumerate every URL the project defines, for tests that must cover all of them."""

from django.urls import URLPattern, URLResolver, get_resolver

# Values used to fill path converters; the records need not exist (404 is an answer too).
_SAMPLE = {
    "int": "1",
    "slug": "officer",
    "str": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
    "path": "x",
}


def project_urls() -> list[tuple[str, str]]:
    """(name, concrete path) for each pattern, admin and Django's own i18n view excluded."""
    found = []

    def walk(patterns, prefix: str, namespace: str):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                if ns == "admin":
                    continue
                walk(entry.url_patterns, prefix + _concrete(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
                found.append((name, "/" + prefix + _concrete(entry.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return [(n, p) for n, p in found if not p.startswith("/i18n/")]


def _concrete(pattern) -> str:
    route = getattr(pattern, "_route", None)
    if route is None:  # regex patterns (none expected in this project)
        return str(pattern).lstrip("^").rstrip("$")
    converters = getattr(pattern, "converters", {})
    for name, conv in converters.items():
        kind = {v: k for k, v in _converter_types().items()}.get(type(conv), "str")
        route = _replace_param(route, name, _SAMPLE.get(kind, "1"))
    return route


def _replace_param(route: str, name: str, value: str) -> str:
    import re

    return re.sub(r"<(?:\w+:)?" + name + ">", value, route)


def _converter_types():
    from django.urls.converters import get_converters

    return {k: type(v) for k, v in get_converters().items()}
