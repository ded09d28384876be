"""Find every page a role can open, generically, so new apps' pages are covered without editing this file.

Each GET URL of `tests.urls.project_urls()` is tried for the role with the Django test client; URL parameters
are filled from real rows (run `seed_demo` first): for `pk`/`id`, the first rows of the view's model, of every
model of the URL's app and of the user model; for `<model>_pk`/`<model>_id`, rows of that model (else of the
model that the view's foreign key of that name points to, else of the app's models whose name ends with it); for
other names (`role`, `year`, `slug`...), values and choices of model fields of that name. A URL counts as a page
when it answers 200 with HTML. Pages that answer 403 are kept aside (one of them is enough to check the 403 page).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import resolve, reverse

from csu.registry import PROJECT_APPS
from tests.urls import project_urls

# Never worth a browser: machine-readable answers and file downloads (their access rules are tested in each
# app's tests and tests/security). The pages that link to them are checked.
SKIP_NAMES = {
    "health",  # JSON for the load balancer
    "events:feed",  # iCalendar for calendar apps; its token is a credential, so the demo data creates none
    "committees:meetingattachment_download",  # a file sent as an attachment (PDF, Word...)
    "reports:annualreport_download",  # the report's PDF, XLSX or CSV, sent as an attachment
}
MAX_TRIES_PER_URL = 40
ROWS_PER_MODEL = 3


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    template: str
    status: int = 200
    # The POST forms in its <main>, each as its action with digits as "N" ("" = the page itself): which role's
    # page of a template shows which forms (a detail page's forms depend on the role).
    post_forms: tuple[str, ...] = ()


@dataclass
class Discovery:
    pages: list[Page] = field(default_factory=list)
    forbidden: list[Page] = field(default_factory=list)  # answered 403 for this role
    unresolved: list[str] = field(default_factory=list)  # URL names no tried parameters opened

    def __str__(self) -> str:
        return "\n".join(f"  {p.status} {p.path:<45} {p.name:<35} {p.template}" for p in self.pages)


def discover(client: Client) -> Discovery:
    """Pages `client` (signed in as some role, or anonymous) can open, in project_urls() order."""
    found = Discovery()
    for name, sample_path in project_urls():
        if name in SKIP_NAMES or not name:
            continue
        match = resolve(sample_path)
        best, answered = None, False
        for path in _candidate_paths(name, match):
            response = client.get(path)
            status = response.status_code
            if status == 200 and response.get("Content-Type", "").startswith("text/html"):
                best = Page(name, path, _template_of(response), 200, _post_forms(response.content.decode()))
                break
            # 200 non-HTML (CSV, iCalendar), 405 (POST-only) and 3xx are answers, not missing rows.
            answered = answered or status in (200, 405) or 300 <= status < 400
            if status == 403 and not found.forbidden:
                found.forbidden.append(Page(name, path, _template_of(response), 403))
        if best:
            found.pages.append(best)
        elif match.captured_kwargs and not answered:
            found.unresolved.append(name)
    return found


def distinct_templates(pages: list[Page]) -> list[Page]:
    """One page per template (pages without a known template are all kept): enough for the repeated passes."""
    seen: set[str] = set()
    kept = []
    for page in pages:
        if page.template and page.template in seen:
            continue
        seen.add(page.template)
        kept.append(page)
    return kept


_FORM = re.compile(r"<form\b[^>]*>", re.S | re.I)
_POST = re.compile(r"""method=["']?post""", re.I)
_ACTION = re.compile(r"""action=["']([^"']*)""", re.I)


def _post_forms(html: str) -> tuple[str, ...]:
    start = html.find("<main")
    main = html[start : html.find("</main>", start)] if start >= 0 else ""
    actions = []
    for tag in _FORM.findall(main):
        if _POST.search(tag):
            action = _ACTION.search(tag)
            actions.append(re.sub(r"\d+", "N", action[1] if action else ""))
    return tuple(actions)


def forms_to_submit(discoveries: dict[str, Discovery]) -> dict[str, list[Page]]:
    """role -> the pages whose forms that role submits empty: a URL's page only for the first role (in
    `discoveries` order) whose page of it shows a POST form that no earlier role's page of that URL showed. By URL,
    not template: one generic form template serves many views, each with its own form. So every form of every
    page is submitted once, not once per role."""
    covered: dict[str, set[str]] = {}
    chosen: dict[str, list[Page]] = {}
    for role, found in discoveries.items():
        chosen[role] = []
        for page in found.pages:
            seen = covered.setdefault(page.name, set())
            if set(page.post_forms) - seen:
                seen |= set(page.post_forms)
                chosen[role].append(page)
    return chosen


def axe_at_desktop(discoveries: dict[str, Discovery]) -> dict[str, list[Page]]:
    """role -> the pages axe checks at desktop for that role: each (template, POST forms shown) once, by the first
    role (in `discoveries` order) whose page shows it. A template's markup differs between roles only where the
    role changes it (the forms and buttons it may use, the navigation); every role's navigation is checked on the
    pages it gets, and its other pages still get the structure checks."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    chosen: dict[str, list[Page]] = {}
    for role, found in discoveries.items():
        chosen[role] = []
        for page in found.pages:
            key = (page.template or page.path, page.post_forms)
            if key not in seen:
                seen.add(key)
                chosen[role].append(page)
    return chosen


def templates_for(discoveries: dict[str, Discovery]) -> dict[str, list[Page]]:
    """role -> one page of each template that no earlier role (in `discoveries` order) can open: every template
    once, for the checks of markup that does not depend on the role (the phone width)."""
    seen: set[str] = set()
    chosen: dict[str, list[Page]] = {}
    for role, found in discoveries.items():
        chosen[role] = []
        for page in distinct_templates(found.pages):
            key = page.template or page.path
            if key not in seen:
                seen.add(key)
                chosen[role].append(page)
    return chosen


def _template_of(response) -> str:
    names = [t.name for t in getattr(response, "templates", []) or [] if t.name]
    return names[0] if names else ""


def _signed_tokens(name: str) -> list[str]:
    """Pages reached by a signed link (confirm, unsubscribe, feedback): a token made for a demo row."""
    from engagement import feedback, services
    from engagement.models import Subscriber
    from events.models import Event

    subscriber = Subscriber.objects.order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    makers = {
        "public:list_confirm": lambda: services.confirm_token(subscriber),
        "public:list_unsubscribe": lambda: services.unsubscribe_token(subscriber),
        "public:feedback": lambda: feedback.feedback_token(event),
    }
    return [makers[name]()] if name in makers and subscriber and event else []


def _candidate_paths(name: str, match):
    # Only what the path captures: a view's extra kwargs (threats' list kind) are not URL parameters.
    if not match.captured_kwargs:
        yield reverse(name)
        return
    names = list(match.captured_kwargs)
    choices = [
        _signed_tokens(name) if kw == "token" else _values_for(kw, type(match.kwargs[kw]), match) for kw in names
    ]
    for combo in itertools.islice(itertools.product(*choices), MAX_TRIES_PER_URL):
        try:
            yield reverse(name, kwargs=dict(zip(names, combo, strict=True)))
        except Exception:  # noqa: S112 - a value the converter refuses: try the next one
            continue


def _values_for(kw: str, kind: type, match) -> list:
    values: list = []
    namespace = (match.namespace or "").split(":")[0]
    view_model = _view_model(match.func)
    if kw in {"pk", "id"}:
        # Users last: pages about a person (an officer's schools) have no model of their own app to go by.
        for model in [view_model, *_models_of_app(namespace), get_user_model()]:
            values += _pks(model)
    elif kw.endswith(("_pk", "_id")):
        name = kw.rsplit("_", 1)[0]
        for model in _models_named(name) or _related_models(view_model, name) or _models_ending(namespace, name):
            values += _pks(model)
    else:
        for model, model_field in _fields_named(kw):
            values += [value for value, _label in (model_field.choices or [])]
            values += list(
                model._default_manager.exclude(**{kw: None}).values_list(kw, flat=True).distinct()[:ROWS_PER_MODEL]
            )
        if "year" in kw:
            today = dt.date.today()
            values += [today.year, today.year - 1, today.year + 1]
    if not values and kind is str:
        values = [match.kwargs[kw]]
    return list(dict.fromkeys(v for v in values if v not in (None, "")))


def _pks(model) -> list:
    if model is None:
        return []
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:ROWS_PER_MODEL])


def _view_model(func):
    view_class = getattr(func, "view_class", None)
    model = getattr(view_class, "model", None)
    if model is None and getattr(view_class, "queryset", None) is not None:
        model = view_class.queryset.model
    return model


@cache
def _project_models() -> tuple:
    return tuple(m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS and not _is_history(m))


def _is_history(model) -> bool:
    return model.__name__.startswith("Historical")


def _models_of_app(label: str) -> list:
    return [m for m in _project_models() if m._meta.app_label == label]


def _models_named(name: str) -> list:
    wanted = name.replace("_", "").lower()
    return [m for m in _project_models() if m._meta.model_name == wanted]


def _related_models(model, name: str) -> list:
    """`week_pk` on a view of AwarenessWeekOverride: the model its `week` foreign key points to."""
    try:
        related = model._meta.get_field(name).related_model if model is not None else None
    except Exception:  # noqa: BLE001 - no such field
        return []
    return [related] if related is not None else []


def _models_ending(label: str, name: str) -> list:
    """`week_pk` in the events app: AwarenessWeek (models of the URL's app whose name ends with it)."""
    wanted = name.replace("_", "").lower()
    return [m for m in _models_of_app(label) if m._meta.model_name.endswith(wanted)]


def _fields_named(name: str) -> list:
    found = []
    for model in _project_models():
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: S112
            continue
        if isinstance(model_field, models.Field) and not model_field.is_relation:
            found.append((model, model_field))
    return found
