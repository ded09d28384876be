from .registry import app_modules, url


def navigation(request):
    """`nav_items` (label, url, active) for the signed-in user: the links the apps' nav.py modules offer."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
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
    return {"nav_items": items}
