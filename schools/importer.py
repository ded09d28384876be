"""Import schools from a CSV file: the City of Ottawa open-data layout or the generic template.

The import is ALL OR NOTHING: every row is checked first; if any row is invalid nothing is saved and every
problem is reported with its line number, column and reason. Schools are matched on their external id
(GlobalID in the Ottawa file), so importing the same file twice changes nothing. Boards named in an Ottawa
file are created when missing; the generic template must name existing board codes.

Accepted: UTF-8 with or without a byte-order mark, Windows or Unix line endings, quoted fields spanning
lines (whitespace inside a cell is collapsed to single spaces). Files over `MAX_BYTES` are refused.

Speed: one query loads the boards, one the existing schools named in the file; new schools are written with
`bulk_create`, changed ones with `bulk_update` (both with their history rows), in batches.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from csu import cache

from .duplicates import Duplicate, find_duplicates
from .models import Board, School, phone_validator

MAX_BYTES = 10 * 1024 * 1024
BATCH_SIZE = 1000

OTTAWA, GENERIC = "ottawa", "generic"
FORMAT_CHOICES = [
    ("", gettext_lazy("Recognise from the header row")),
    (OTTAWA, gettext_lazy("City of Ottawa open data")),
    (GENERIC, gettext_lazy("Generic template")),
]

# --- The generic template ---------------------------------------------------------------------------------
# (column, required, description) — README.md documents the same table; the template CSV is built from it.
GENERIC_COLUMNS = [
    ("external_id", True, "Your stable id for the school (matched on re-import)"),
    ("name_en", True, "Name in English"),
    ("name_fr", False, "Name in French"),
    ("board", True, "Short code of an existing board (e.g. OCDSB)"),
    ("category", True, "elementary, secondary, elementary_secondary, intermediate, special_education, ..."),
    ("street_number", False, "Street number"),
    ("street", False, "Street"),
    ("city", False, "City"),
    ("postal_code", False, "Postal code"),
    ("phone", False, "Phone, e.g. 613-555-0123 x12"),
    ("contact_name", False, "Principal or contact"),
    ("contact_email", False, "Contact email"),
    ("latitude", False, "Latitude (WGS84, decimal degrees)"),
    ("longitude", False, "Longitude (WGS84, decimal degrees)"),
]
GENERIC_EXAMPLE = [
    "EX-0001",
    "Maple Grove Public School",
    "École publique Maple Grove",
    "OCDSB",
    "elementary",
    "120",
    "Maple Grove Rd",
    "Ottawa",
    "K2J 0A1",
    "613-555-0142",
    "Jane Doe",
    "principal@example.org",
    "45.280000",
    "-75.740000",
]

# --- The City of Ottawa layout ----------------------------------------------------------------------------
OTTAWA_REQUIRED = ["GlobalID", "BOARD", "CATEGORY", "NAME"]
OTTAWA_CATEGORIES = {
    "elementary": School.Category.ELEMENTARY,
    "secondary": School.Category.SECONDARY,
    "elementary/secondary": School.Category.ELEMENTARY_SECONDARY,
    "intermediate": School.Category.INTERMEDIATE,
    "special education": School.Category.SPECIAL_EDUCATION,
    "alternate program": School.Category.ALTERNATE,
    "adult education": School.Category.ADULT,
    "continuing education": School.Category.ADULT,
}  # anything else (tutoring, music, driving schools...) is Other
OTTAWA_BOARDS = {  # code -> (language, kind); unknown codes are English public boards
    "OCDSB": (Board.Language.ENGLISH, Board.Kind.PUBLIC),
    "OCSB": (Board.Language.ENGLISH, Board.Kind.CATHOLIC),
    "CECCE": (Board.Language.FRENCH, Board.Kind.CATHOLIC),
    "CÉPEO": (Board.Language.FRENCH, Board.Kind.PUBLIC),
    "PRIVATE": (Board.Language.ENGLISH, Board.Kind.PRIVATE),
}

# Which School fields each format manages; others (notes, contact in the Ottawa file...) are never touched.
OTTAWA_FIELDS = ["name_en", "name_fr", "board", "category", "street_number", "street", "city", "phone"]
OTTAWA_FIELDS += ["latitude", "longitude"]
_MAX_LENGTHS = {f.name: f.max_length for f in School._meta.get_fields() if getattr(f, "max_length", None)}


@dataclass
class RowError:
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line} if self.line else _("file")
        return f"{where}, {self.column or '—'}: {self.message}"


@dataclass
class RowOutcome:
    line: int
    external_id: str
    name: str
    action: str  # created / updated / unchanged / skipped (a new school of a board or category not chosen)
    changed_fields: list[str] = field(default_factory=list)


@dataclass
class Choice:
    """A board or a category found in the file: how many new schools it brings, and whether the unit serves it."""

    value: str
    label: str
    count: int
    served: bool


@dataclass
class ImportResult:
    format: str = ""
    dry_run: bool = True
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    boards_created: list[str] = field(default_factory=list)
    board_choices: list[Choice] = field(default_factory=list)
    category_choices: list[Choice] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


class ImportFileError(Exception):
    """The file as a whole cannot be read (not a CSV, too big, wrong header)."""


def generic_template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c for c, _req, _desc in GENERIC_COLUMNS])
    writer.writerow(GENERIC_EXAMPLE)
    return "\ufeff" + out.getvalue()


# --- Reading ----------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is %(size).1f MB; the limit is %(limit)d MB. Split it into smaller files.")
            % {"size": len(data) / 1024 / 1024, "limit": MAX_BYTES // 1024 // 1024}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if b"\x00" in data[:8192]:
        raise ImportFileError(_("This is not a CSV file (it contains binary data). Export the sheet as CSV UTF-8."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”.")
        ) from None


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _read(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and (line number, row) pairs; the line is where the record starts in the file."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [_clean(h) for h in next(reader)]
        if any("\x00" in h for h in header):
            raise ImportFileError(_("This is not a CSV file (it contains binary data). Export the sheet as CSV UTF-8."))
        rows = []
        while True:
            line = reader.line_num + 1
            try:
                values = next(reader)
            except StopIteration:
                break
            if not any(v.strip() for v in values):
                continue
            rows.append((line, {h: _clean(values[i]) if i < len(values) else "" for i, h in enumerate(header)}))
    except csv.Error as exc:
        raise ImportFileError(
            _("This is not a readable CSV file (line %(line)s: %(error)s).") % {"line": reader.line_num, "error": exc}
        ) from None
    return header, rows


def detect_format(header: list[str]) -> str:
    if "GlobalID" in header:
        return OTTAWA
    if "external_id" in header:
        return GENERIC
    raise ImportFileError(
        _(
            "This is not a school list the importer knows: the header row needs either the City of Ottawa "
            "columns (GlobalID, BOARD, CATEGORY, NAME...) or the generic template columns (external_id, name_en...)."
        )
    )


def _check_header(header: list[str], fmt: str) -> None:
    required = OTTAWA_REQUIRED if fmt == OTTAWA else [c for c, req, _d in GENERIC_COLUMNS if req]
    missing = [c for c in required if c not in header]
    if missing:
        raise ImportFileError(
            _("The header row is missing the column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise ImportFileError(
            _("The header row names these columns twice: %(columns)s.") % {"columns": ", ".join(duplicates)}
        )


# --- Row checks -------------------------------------------------------------------------------------------


def _normalise_phone(value: str) -> str:
    # Open data has "613-822- 0341" and "(613) 526-0774": spaces next to separators are noise, not errors.
    return re.sub(r"\s*([-.])\s*", r"\1", value)


def _decimal(value: str, low: int, high: int, column: str, line: int, errors: list[RowError]) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        errors.append(RowError(line, column, _("“%(value)s” is not a number.") % {"value": value}))
        return None
    if not number.is_finite() or not low <= number <= high:
        errors.append(
            RowError(
                line,
                column,
                _("%(value)s is outside %(low)s to %(high)s.") % {"value": value, "low": low, "high": high},
            )
        )
        return None
    return number.quantize(Decimal("0.000001"))


def _ottawa_values(row: dict[str, str], line: int, errors: list[RowError]) -> tuple[str, dict, dict, dict]:
    """(external id, School values with the board as a code, board names, field → column) for one row."""
    board_code = row.get("BOARD", "")
    board_info = {
        "name_en": row.get("FULL_BOARD", "") or board_code,
        "name_fr": row.get("FULL_BOARD_FR", ""),
    }
    category = row.get("CATEGORY", "")
    if not board_code:
        errors.append(RowError(line, "BOARD", _("The board is empty.")))
    if not category:
        errors.append(RowError(line, "CATEGORY", _("The category is empty.")))
    values = {
        "name_en": row.get("NAME", ""),
        "name_fr": row.get("NAME_FR", ""),
        "board": board_code,
        "category": OTTAWA_CATEGORIES.get(category.lower(), School.Category.OTHER),
        "street_number": row.get("NUM", ""),
        "street": row.get("STREET", ""),
        "city": "Ottawa",
        "phone": _normalise_phone(row.get("PHONE", "")),
        "latitude": _decimal(row.get("LATITUDE", ""), -90, 90, "LATITUDE", line, errors),
        "longitude": _decimal(row.get("LONGITUDE", ""), -180, 180, "LONGITUDE", line, errors),
    }
    columns = {"name_en": "NAME", "name_fr": "NAME_FR", "street_number": "NUM", "street": "STREET", "phone": "PHONE"}
    return row.get("GlobalID", ""), values, board_info, columns


_CATEGORY_BY_LABEL = {str(label).lower(): value for value, label in School.Category.choices}


def _generic_values(row: dict[str, str], header: list[str], line: int, errors: list[RowError]):
    skip = ("external_id", "latitude", "longitude")
    values = {c: row[c] for c, _req, _d in GENERIC_COLUMNS if c in header and c not in skip}
    category = values.get("category", "").lower()
    if category in School.Category.values:
        values["category"] = category
    elif category in _CATEGORY_BY_LABEL:
        values["category"] = _CATEGORY_BY_LABEL[category]
    else:
        errors.append(
            RowError(
                line,
                "category",
                _("“%(value)s” is not a category; use one of: %(choices)s.")
                % {"value": row.get("category", ""), "choices": ", ".join(School.Category.values)},
            )
        )
    if "phone" in values:
        values["phone"] = _normalise_phone(values["phone"])
    if "latitude" in header:
        values["latitude"] = _decimal(row["latitude"], -90, 90, "latitude", line, errors)
    if "longitude" in header:
        values["longitude"] = _decimal(row["longitude"], -180, 180, "longitude", line, errors)
    return row.get("external_id", ""), values, None, {c: c for c in values}


def _check_values(values: dict, columns: dict, line: int, errors: list[RowError]) -> None:
    def column(name):
        return columns.get(name, name)

    if not values.get("name_en"):
        errors.append(RowError(line, column("name_en"), _("The name is empty.")))
    for name, value in values.items():
        limit = _MAX_LENGTHS.get(name)
        if limit and isinstance(value, str) and len(value) > limit and name != "board":
            errors.append(
                RowError(
                    line,
                    column(name),
                    _("Too long: %(length)d characters, at most %(limit)d.") % {"length": len(value), "limit": limit},
                )
            )
    if values.get("phone"):
        try:
            phone_validator(values["phone"])
        except ValidationError:
            errors.append(
                RowError(
                    line,
                    column("phone"),
                    _("“%(value)s” is not a phone number such as 613-555-0123.") % {"value": values["phone"]},
                )
            )
    if values.get("contact_email"):
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors.append(
                RowError(
                    line,
                    column("contact_email"),
                    _("“%(value)s” is not an email address.") % {"value": values["contact_email"]},
                )
            )


# --- The import -------------------------------------------------------------------------------------------


def import_schools(
    *, data: bytes, fmt: str = "", dry_run: bool = True, by=None, boards=None, categories=None
) -> ImportResult:
    """Check the whole file, then (unless `dry_run` or any row is invalid) save it in one transaction.

    `boards` (codes) and `categories` (values), when given, choose which NEW schools are brought in: the others
    are "skipped" (schools already in the registry are still updated). The preview lists the boards and categories
    of the file's new schools with the unit's scope as the default choice, and warns about likely duplicates of
    existing schools (`find_duplicates`).

    Raises ImportFileError when the file as a whole is unusable; row problems are in `result.errors`.
    """
    wanted_boards = None if boards is None else {code.upper() for code in boards}
    wanted_categories = None if categories is None else set(categories)
    header, rows = _read(_decode(data))
    fmt = fmt or detect_format(header)
    if fmt not in (OTTAWA, GENERIC):
        raise ImportFileError(_("Unknown format %(format)s.") % {"format": fmt})
    _check_header(header, fmt)
    if not rows:
        raise ImportFileError(_("The file has a header row but no schools."))

    result = ImportResult(format=fmt, dry_run=dry_run)
    errors = result.errors
    parsed = []  # (line, external id, values)
    boards_in_file: dict[str, dict] = {}
    first_line: dict[str, int] = {}
    id_column = "GlobalID" if fmt == OTTAWA else "external_id"
    for line, row in rows:
        # The database refuses NUL in any text; the binary-data check of `_decode` reads only the first 8 KB.
        nul_columns = [column for column, value in row.items() if "\x00" in value]
        if nul_columns:
            errors.extend(
                RowError(line, column, _("This cell contains a NUL character (binary data): remove it."))
                for column in nul_columns
            )
            continue
        if fmt == OTTAWA:
            external_id, values, board_info, columns = _ottawa_values(row, line, errors)
            if values["board"]:
                boards_in_file.setdefault(values["board"], board_info)
        else:
            external_id, values, _info, columns = _generic_values(row, header, line, errors)
        if not external_id:
            errors.append(RowError(line, id_column, _("The external id is empty.")))
        elif len(external_id) > _MAX_LENGTHS["external_id"]:
            errors.append(RowError(line, id_column, _("The external id is too long.")))
        elif external_id in first_line:
            errors.append(
                RowError(
                    line,
                    id_column,
                    _("Duplicate external id %(id)s: already on line %(first)s.")
                    % {"id": external_id, "first": first_line[external_id]},
                )
            )
        else:
            first_line[external_id] = line
        _check_values(values, columns, line, errors)
        parsed.append((line, external_id, values))

    boards = {b.code: b for b in Board.objects.all()}
    boards_upper = {code.upper(): b for code, b in boards.items()}
    if fmt == GENERIC:
        for line, _eid, values in parsed:
            code = values.get("board", "")
            if code.upper() not in boards_upper:
                errors.append(
                    RowError(line, "board", _("Unknown board “%(code)s”: create the board first.") % {"code": code})
                )
    new_boards = [code for code in boards_in_file if code.upper() not in boards_upper]
    code_limit = Board._meta.get_field("code").max_length
    for line, _eid, values in parsed:
        if fmt == OTTAWA and len(values["board"]) > code_limit:
            errors.append(
                RowError(line, "BOARD", _("The board code is longer than %(n)d characters.") % {"n": code_limit})
            )
    if errors:
        errors.sort(key=lambda e: e.line or 0)
        return result

    existing = {s.external_id: s for s in School.objects.filter(external_id__in=list(first_line))}
    fields = list(parsed[0][2])
    to_create, to_update, changed_fields = [], [], set()
    new_rows = []
    for line, external_id, values in parsed:
        school = existing.get(external_id)
        board = boards_upper.get(values["board"].upper())
        if school is None:
            new_rows.append((line, values))
            chosen = (wanted_boards is None or values["board"].upper() in wanted_boards) and (
                wanted_categories is None or values["category"] in wanted_categories
            )
            result.rows.append(RowOutcome(line, external_id, values["name_en"], "created" if chosen else "skipped"))
            if chosen:
                to_create.append((external_id, values))
            continue
        changes = []
        for name in fields:
            if name == "board":
                if board is None or school.board_id != board.pk:
                    changes.append(name)
            elif getattr(school, name) != values[name]:
                changes.append(name)
        if changes:
            result.rows.append(RowOutcome(line, external_id, values["name_en"], "updated", changes))
            to_update.append((school, values))
            changed_fields.update(changes)
        else:
            result.rows.append(RowOutcome(line, external_id, values["name_en"], "unchanged"))
    result.boards_created = new_boards
    _choices(result, new_rows, boards_upper)
    result.duplicates = find_duplicates(new_rows)
    if dry_run:
        return result
    try:
        _save(result, boards_upper, boards_in_file, new_boards, to_create, to_update, changed_fields, by)
    except IntegrityError:  # another import created the same schools or boards a moment ago
        raise ImportFileError(
            _("Another import changed these schools at the same time. Run the import again.")
        ) from None
    return result


def _choices(result: ImportResult, new_rows, boards_upper) -> None:
    from .selectors import category_scope

    served_categories = category_scope()
    board_counts: dict[str, int] = {}
    category_counts: dict[str, int] = {}
    for _line, values in new_rows:
        board_counts[values["board"].upper()] = board_counts.get(values["board"].upper(), 0) + 1
        category_counts[values["category"]] = category_counts.get(values["category"], 0) + 1
    for code, n in sorted(board_counts.items()):
        board = boards_upper.get(code)
        # A board the file brings in is served by default, as a board created by hand is.
        result.board_choices.append(Choice(code, board.code if board else code, n, board.in_scope if board else True))
    labels = dict(School.Category.choices)
    for value, n in sorted(category_counts.items()):
        result.category_choices.append(Choice(value, str(labels.get(value, value)), n, served_categories.get(value)))


@transaction.atomic
def _save(result, boards_upper, boards_in_file, new_boards, to_create, to_update, changed_fields, by) -> None:
    for code in new_boards:
        language, kind = OTTAWA_BOARDS.get(code.upper(), (Board.Language.ENGLISH, Board.Kind.PUBLIC))
        info = boards_in_file[code]
        board = Board(
            code=code, name_en=info["name_en"][:200], name_fr=info["name_fr"][:200], language=language, kind=kind
        )
        board._history_user = by
        board.save()
        boards_upper[code.upper()] = board
    now = timezone.now()
    new_schools = []
    for external_id, values in to_create:
        school = School(external_id=external_id, **{k: v for k, v in values.items() if k != "board"})
        school.board = boards_upper[values["board"].upper()]
        new_schools.append(school)
    if new_schools:
        bulk_create_with_history(new_schools, School, batch_size=BATCH_SIZE, default_user=by, default_date=now)
    if to_update:
        schools = []
        for school, values in to_update:
            for name, value in values.items():
                if name == "board":
                    school.board = boards_upper[value.upper()]
                else:
                    setattr(school, name, value)
            school.version += 1
            school.updated_at = now
            schools.append(school)
        names = sorted(changed_fields | {"version", "updated_at"})
        bulk_update_with_history(schools, School, names, batch_size=BATCH_SIZE, default_user=by, default_date=now)
    if new_schools or to_update:
        cache.model_changed(School)  # bulk writes send no post_save: the board, the filters, the calendar
