"""The list page every app uses: filter (django-filter), sort, paginate, export the filtered rows to CSV.

A list page runs a fixed number of queries whatever the row count: the queryset given by `get_queryset`
must select/prefetch what the template and CSV columns read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.views.generic.base import ContextMixin
from django_filters.views import FilterView

from csu import cache
from csu.access import readable
from csu.audit import audit_log
from csu.models import AuditEvent


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """Stream a CSV file row by row (memory stays flat whatever the row count)."""
    writer = csv.writer(_Echo())

    def generate() -> Iterator[str]:
        yield "\ufeff"  # BOM: Excel opens accented names correctly
        yield writer.writerow([str(h) for h in header])
        for row in rows:
            yield writer.writerow([_csv_safe(v) for v in row])

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_safe(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    # Spreadsheet formula injection: a cell starting with = + - @ is run by Excel.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class FilteredListView(PermissionRequiredMixin, FilterView):
    """Subclasses set `model`, `filterset_class`, `permission_required`, `sort_fields`, `csv_columns`.

    `sort_fields` maps a public sort key to an ORDER BY expression (`{"name": "name_en"}`); `?sort=-name`
    sorts descending. `csv_columns` is a list of (header, callable(row)) used by `?format=csv`.
    """

    paginate_by = settings.LIST_PAGE_SIZE
    # Read-only: GET (and HEAD) only, and outside ATOMIC_REQUESTS's transaction (`as_view`).
    http_method_names = ["get", "head", "options"]
    sort_fields: dict[str, str] = {}
    default_sort: str = ""
    csv_columns: list[tuple[str, object]] = []
    csv_filename = "export.csv"
    strict = False
    # A csu.cache topic covering `model`, what its rows show and what the read scope reads (csu.access): each
    # query's row count is then kept in the cache until one of those rows changes (counting an officer's readable
    # sessions reads a quarter of the table at bench scale), and so is the markup of `table_template` (the table
    # and its pagination, shown by the page's template as {{ table }}).
    topic: str = ""
    table_template: str = ""
    count_topic: str = ""  # the counts' own topic, when fewer changes move them than the rows (default: `topic`)
    read_scoped = False  # drills, calls or sessions: an officer lists only what they may read (`scope`)

    @classmethod
    def as_view(cls, **initkwargs):
        """A list page writes nothing: no BEGIN and COMMIT around it (two round trips each time)."""
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def get_sort(self) -> str:
        sort = self.request.GET.get("sort", "") or self.default_sort
        if sort.lstrip("-") not in self.sort_fields:
            sort = self.default_sort
        return sort

    def get_ordering(self):
        sort = self.get_sort()
        if not sort:
            return None
        field = self.sort_fields[sort.lstrip("-")]
        descending = sort.startswith("-")
        fields = field if isinstance(field, (list, tuple)) else [field]
        # A field is a name, or a callable giving an expression (built per request: csu.collation.shown_name).
        ordering = [
            (f"-{f}" if descending else f) if isinstance(f, str) else (f().desc() if descending else f().asc())
            for f in fields
        ]
        return [*ordering, "-pk" if descending else "pk"]

    def get_base_queryset(self):
        """Override to select_related/prefetch what the page reads; ordering is applied by get_queryset."""
        return self.model._default_manager.all()

    def scope(self, queryset):
        """The rows the user may read: with `read_scoped`, csu.access.readable. The page's rows are then fetched by
        primary key from `get_base_queryset` alone: the keys already went through the scope and the filters, and
        repeating them there costs more than fetching the rows (for a busy officer's sessions, four times more)."""
        return readable(queryset, self.request.user) if self.read_scoped else queryset

    def get_queryset(self):
        queryset = self.scope(self.get_base_queryset())
        ordering = self.get_ordering()
        return queryset.order_by(*ordering) if ordering else queryset

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        if self.count_topic or self.topic:  # this exact query's row count, until a row of the topic changes
            sql, params = queryset.query.sql_with_params()
            paginator.count = cache.memoized(self.count_topic or self.topic, ("count", sql, params), queryset.count)
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """Page through primary keys, then fetch the page's rows with their joins (a "deferred join").

        The page's OFFSET then walks narrow rows that an index can give in order, instead of joining every
        skipped row (docs/benchmarks.md has the figures). One more query per page.
        """
        paginator, page, _ids, is_paginated = super().paginate_queryset(
            queryset.values_list("pk", flat=True), page_size
        )
        ids = self._page_ids(queryset, paginator, page)
        rows = {row.pk: row for row in self.get_base_queryset().filter(pk__in=ids)}
        page.object_list = [rows[pk] for pk in ids if pk in rows]
        return paginator, page, page.object_list, is_paginated

    def _page_ids(self, queryset, paginator, page) -> list:
        """The page's primary keys. A page in the second half is read from the end, in the reverse order: OFFSET
        walks every row it skips, and the last page then skips none. Exact
        because the order always ends with the primary key (`get_ordering`); a list without an order reads forward."""
        count, bottom, top = paginator.count, page.start_index() - 1, page.end_index()
        if not self.get_sort() or bottom <= count - top:
            return list(page.object_list)
        backwards = queryset.values_list("pk", flat=True).reverse()[count - top : count - bottom]
        return list(backwards)[::-1]

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv" and self.csv_columns:
            self.filterset = self.get_filterset(self.get_filterset_class())
            if not self.filterset.is_bound or self.filterset.is_valid() or not self.strict:
                queryset = self.filterset.qs
            else:
                queryset = self.filterset.queryset.none()
            response = self.export_csv(queryset)
            # Who took a copy of which rows: the filters say which (the rows themselves are streamed, uncounted).
            audit_log(
                request,
                AuditEvent.Action.LIST_EXPORTED,
                target=str(self.model._meta.verbose_name_plural),
                detail=f"{request.path}?{request.GET.urlencode()}",
            )
            return response
        return super().get(request, *args, **kwargs)

    def export_csv(self, queryset):
        columns = self.csv_columns
        rows = ([getter(obj) for _, getter in columns] for obj in queryset.iterator(chunk_size=2000))
        stamp = timezone.localdate().isoformat()
        return csv_response(f"{self.csv_filename.removesuffix('.csv')}-{stamp}.csv", [h for h, _ in columns], rows)

    def get_context_data(self, **kwargs):
        if not self.table_template:
            context = super().get_context_data(**kwargs)
        else:  # the page is read only to draw the table (`table`)
            queryset = kwargs.pop("object_list", self.object_list)
            context = ContextMixin.get_context_data(self, **kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["current_sort"] = self.get_sort()
        context["query_without_page"] = query.urlencode()
        query.pop("sort", None)
        context["query_without_sort"] = query.urlencode()
        csv_query = self.request.GET.copy()
        csv_query.pop("page", None)
        csv_query["format"] = "csv"
        context["csv_query"] = csv_query.urlencode()
        if self.table_template:
            context["table"] = self.table(queryset, context)
        return context

    def table(self, queryset, context: dict) -> str:
        """`table_template` drawn for this page, or its markup kept under `topic`'s version per address, user,
        language and day (csu.cache.kept): on a kept page no row is read, nor counted."""

        def drawn() -> dict:
            paginator, page, rows, is_paginated = self.paginate_queryset(queryset, self.get_paginate_by(queryset))
            found = {**context, "paginator": paginator, "page_obj": page, "is_paginated": is_paginated}
            found["object_list"] = rows
            return found

        version = cache.version(self.topic) if self.topic else None  # None: this transaction changed a row
        return cache.kept_markup(self.request, self.table_template, drawn, version, self.request.get_full_path())
