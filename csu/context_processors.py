from django.conf import settings
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe

from .registry import app_modules, url


def navigation(request):
    """`nav_items` (label, url, active) for the signed-in user, and `nav_html`: their <li> elements, written here
    rather than by a template loop on every page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_html": "", "officer_reads_all": settings.OFFICER_READS == "all"}
    items = []
    for module in app_modules("nav"):
        for item in module.ITEMS:
            if item.permission and not user.has_perm(item.permission):
                continue
            items.append({"label": item.label, "url": url(item.url_name), "order": item.order, "active": False})
    items.sort(key=lambda i: i["order"])
    # One current item: the one whose address is the longest start of this page's (/schools/calls/4/ is in
    # "Calls", not also in "Schools").
    within = [i for i in items if request.path.startswith(i["url"])]
    if within:
        max(within, key=lambda i: len(i["url"]))["active"] = True
    lines = []
    for i in items:
        active, current = (" active", ' aria-current="page"') if i["active"] else ("", "")
        lines.append(
            f'\n            <li class="nav-item"><a class="nav-link{active}" href="{esc(i["url"])}"{current}>'
            f"{esc(i['label'])}</a></li>"
        )
    html = "".join(lines)
    return {"nav_items": items, "nav_html": mark_safe(html), "officer_reads_all": settings.OFFICER_READS == "all"}  # noqa: S308  # nosec B308 B703 (escaped above)
