from django.urls import reverse

from .registry import app_modules


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    current = request.resolver_match.namespace if request.resolver_match else ""
    items = []
    for module in app_modules("nav"):
        for item in module.ITEMS:
            if item.permission and not user.has_perm(item.permission):
                continue
            items.append(
                {
                    "label": item.label,
                    "url": reverse(item.url_name),
                    "order": item.order,
                    "active": item.url_name.split(":")[0] == current,
                }
            )
    items.sort(key=lambda i: i["order"])
    return {"nav_items": items}
