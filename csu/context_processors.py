from django.conf import settings

from .registry import NAV_SECTIONS, app_modules, url


def navigation(request):
    """`nav_sections` for the signed-in user: the apps' nav.py links grouped into NAV_SECTIONS, each
    {"label", "items", "active", "order"}; an item is {"label", "url", "active"}. One item is current: the one whose
    address is the longest start of this page's (/schools/calls/4/ is in "Calls", not also in "Schools")."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": [], "officer_reads_all": settings.OFFICER_READS == "all"}
    items = []
    for module in app_modules("nav"):
        for item in module.ITEMS:
            if item.permission and not user.has_perm(item.permission):
                continue
            entry = {"label": item.label, "url": url(item.url_name), "order": item.order, "active": False}
            items.append((item.section, entry))
    items.sort(key=lambda pair: pair[1]["order"])
    within = [entry for _section, entry in items if request.path.startswith(entry["url"])]
    if within:
        max(within, key=lambda entry: len(entry["url"]))["active"] = True
    sections: dict[str, dict] = {}
    for key, entry in items:
        name = key or f"item-{entry['url']}"
        section = sections.setdefault(
            name, {"label": NAV_SECTIONS.get(key, entry["label"]), "items": [], "order": entry["order"]}
        )
        section["items"].append(entry)
    for name, section in sections.items():
        section["id"] = f"nav-{name}".replace("/", "")
        section["active"] = any(entry["active"] for entry in section["items"])
    ordered = sorted(sections.values(), key=lambda section: section["order"])
    return {"nav_sections": ordered, "officer_reads_all": settings.OFFICER_READS == "all"}
