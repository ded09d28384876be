import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from schools import importer
from schools.models import Board, School

from .conftest import make_board

pytestmark = pytest.mark.django_db

OTTAWA_HEADER = (
    "OBJECTID,BOARD,CATEGORY,NAME,NUM,STREET,PHONE,FULL_BOARD,CATEGORY_FR,BOARD_FR,NAME_FR,FULL_BOARD_FR,"
    "GlobalID,LONGITUDE,LATITUDE"
)
ROW_A = (
    "1,OCSB,Elementary,St. Andrew School,201,prom. Crestway Dr,613-843-0050,Ottawa Catholic School Board,"
    "Élémentaire,OCSB,École St. Andrew,Ottawa Catholic School Board,{AAA},-75.70900380,45.28477019"
)
ROW_B = (
    "2,CÉPEO,Secondary,École secondaire publique Gisèle-Lalonde,500,boul. Millennium Blvd,613-833-0018,"
    "Conseil des écoles publiques de l'Est de l'Ontario,Secondaire,CÉPEO,École secondaire publique Gisèle-Lalonde,"
    "Conseil des écoles publiques de l'Est de l'Ontario,{BBB},-75.47,45.47"
)
ROW_C = (
    "3,Private,Music School,Ottawa Music Academy,12,Bank St,(613) 526-0774,Private,École de musique,Privée,"
    "Académie de musique,Privée,{CCC},-75.69,45.41"
)
ROW_D = (
    "4,CECCE,Elementary/Secondary,École Mer-Bleue,10,ch. Mer-Bleue,613-822- 0341,"
    "Conseil des écoles catholiques du Centre-Est,Élémentaire/Secondaire,CECCE,École Mer-Bleue,"
    "Conseil des écoles catholiques du Centre-Est,{DDD},-75.5,45.4"
)


def ottawa(*rows: str, newline="\n", bom=False) -> bytes:
    text = newline.join([OTTAWA_HEADER, *rows]) + newline
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def test_ottawa_import_creates_schools_and_boards():
    result = importer.import_schools(data=ottawa(ROW_A, ROW_B, ROW_C, ROW_D), dry_run=False)
    assert result.ok, result.errors
    assert (result.format, result.created, result.updated, result.unchanged) == ("ottawa", 4, 0, 0)
    assert sorted(Board.objects.values_list("code", "language", "kind")) == [
        ("CECCE", "fr", "catholic"),
        ("CÉPEO", "fr", "public"),
        ("OCSB", "en", "catholic"),
        ("Private", "en", "private"),
    ]
    andrew = School.objects.get(external_id="{AAA}")
    assert (andrew.name_en, andrew.name_fr, andrew.category) == ("St. Andrew School", "École St. Andrew", "elementary")
    assert (andrew.street_number, andrew.street, andrew.phone, andrew.city) == (
        "201",
        "prom. Crestway Dr",
        "613-843-0050",
        "Ottawa",
    )
    assert andrew.latitude == Decimal("45.284770") and andrew.longitude == Decimal("-75.709004")
    assert School.objects.get(external_id="{CCC}").category == "other"  # Music School
    assert School.objects.get(external_id="{DDD}").category == "elementary_secondary"
    assert School.objects.get(external_id="{DDD}").phone == "613-822-0341"  # stray space removed
    assert Board.objects.get(code="Private").name_fr == "Privée"
    assert andrew.history.count() == 1


def test_reimporting_the_same_file_changes_nothing():
    data = ottawa(ROW_A, ROW_B)
    importer.import_schools(data=data, dry_run=False)
    history_before = School.history.count()
    result = importer.import_schools(data=data, dry_run=False)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert School.history.count() == history_before
    assert School.objects.count() == 2


def test_changed_row_is_updated_and_unmanaged_fields_are_kept():
    importer.import_schools(data=ottawa(ROW_A), dry_run=False)
    School.objects.filter(external_id="{AAA}").update(contact_name="Principal Roy", notes="Gate B")
    result = importer.import_schools(data=ottawa(ROW_A.replace("613-843-0050", "613-843-9999")), dry_run=False)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert result.rows[0].changed_fields == ["phone"]
    school = School.objects.get(external_id="{AAA}")
    assert (school.phone, school.contact_name, school.notes, school.version) == (
        "613-843-9999",
        "Principal Roy",
        "Gate B",
        2,
    )
    assert school.history.count() == 2


def test_dry_run_saves_nothing():
    result = importer.import_schools(data=ottawa(ROW_A, ROW_B), dry_run=True)
    assert (result.created, result.boards_created) == (2, ["OCSB", "CÉPEO"])
    assert School.objects.count() == 0 and Board.objects.count() == 0


def test_one_bad_row_rolls_back_everything_and_reports_line_column_reason():
    bad_phone = ROW_B.replace("613-833-0018", "call the office")
    no_name = ROW_C.replace("Ottawa Music Academy", "")
    duplicate = ROW_D.replace("{DDD}", "{AAA}")
    result = importer.import_schools(data=ottawa(ROW_A, bad_phone, no_name, duplicate), dry_run=False)
    assert not result.ok
    assert [(e.line, e.column) for e in result.errors] == [(3, "PHONE"), (4, "NAME"), (5, "GlobalID")]
    assert "call the office" in result.errors[0].message
    assert "empty" in result.errors[1].message
    assert "line 2" in result.errors[2].message
    assert School.objects.count() == 0 and Board.objects.count() == 0


def test_bom_crlf_accents_and_a_quoted_multiline_cell():
    multiline = ROW_B.replace(
        "École secondaire publique Gisèle-Lalonde,Conseil", '"École secondaire\r\npublique Gisèle-Lalonde",Conseil'
    )
    result = importer.import_schools(data=ottawa(ROW_A, multiline, newline="\r\n", bom=True), dry_run=False)
    assert result.ok, result.errors
    school = School.objects.get(external_id="{BBB}")
    assert school.name_fr == "École secondaire publique Gisèle-Lalonde"
    assert school.board.code == "CÉPEO"


def test_not_a_csv_is_refused_with_a_clear_message():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100
    with pytest.raises(importer.ImportFileError, match="not a CSV"):
        importer.import_schools(data=png)
    with pytest.raises(importer.ImportFileError, match="school list the importer knows"):
        importer.import_schools(data=b"hello,world\n1,2\n")
    with pytest.raises(importer.ImportFileError, match="not UTF-8"):
        importer.import_schools(data=ottawa(ROW_A).decode().encode("latin-1"))


def test_too_big_is_refused():
    data = ottawa(ROW_A) + b" " * importer.MAX_BYTES
    with pytest.raises(importer.ImportFileError, match="the limit is 10 MB"):
        importer.import_schools(data=data)


GENERIC_HEADER = "external_id,name_en,name_fr,board,category,phone,contact_email"


def test_generic_format_and_its_errors():
    make_board("OCDSB")
    good = "G-1,Maple Ridge PS,École Maple Ridge,OCDSB,Elementary,613-555-0101,principal@example.org"
    unknown_board = "G-2,Cedar PS,,XYZ,elementary,,"
    bad_email = "G-3,Pine PS,,OCDSB,secondary,,not-an-email"
    bad_category = "G-4,Oak PS,,OCDSB,university,,"
    data = "\n".join([GENERIC_HEADER, good, unknown_board, bad_email, bad_category]).encode()
    result = importer.import_schools(data=data, dry_run=False)
    assert [(e.line, e.column) for e in result.errors] == [
        (3, "board"),
        (4, "contact_email"),
        (5, "category"),
    ]
    assert School.objects.count() == 0
    result = importer.import_schools(data="\n".join([GENERIC_HEADER, good]).encode(), dry_run=False)
    assert result.ok and result.format == "generic"
    school = School.objects.get(external_id="G-1")
    assert (school.category, school.contact_email, school.board.code) == (
        "elementary",
        "principal@example.org",
        "OCDSB",
    )


def test_template_csv_is_a_valid_generic_file():
    make_board("OCDSB")
    result = importer.import_schools(data=importer.generic_template_csv().encode(), dry_run=True)
    assert result.ok, result.errors
    assert result.created == 1


def test_command_dry_run_and_errors(tmp_path):
    path = tmp_path / "schools.csv"
    path.write_bytes(ottawa(ROW_A, ROW_B))
    out = io.StringIO()
    call_command("import_schools", str(path), "--dry-run", stdout=out)
    assert "2 would be created" in out.getvalue()
    assert School.objects.count() == 0
    call_command("import_schools", str(path), "--format", "ottawa", stdout=out)
    assert School.objects.count() == 2
    path.write_bytes(ottawa(ROW_A.replace("St. Andrew School", "")))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_schools", str(path), stdout=out, stderr=err)
    assert "line 2, NAME" in err.getvalue()


def generated(count: int) -> bytes:
    rows = [OTTAWA_HEADER]
    boards = ["OCDSB", "OCSB", "CECCE", "CÉPEO", "Private"]
    for i in range(count):
        board = boards[i % 5]
        rows.append(
            f"{i},{board},Elementary,School {i},{i},Main St,613-555-{i % 10000:04d},{board} board,Élémentaire,"
            f"{board},École {i},{board} conseil,{{GEN-{i:06d}}},-75.{i % 1000:03d},45.{i % 997:03d}"
        )
    return ("\r\n".join(rows) + "\r\n").encode()


def test_ten_thousand_rows_import_and_reimport_unchanged():
    # Speed is measured by `make bench`, not asserted here; this checks the bulk path is correct at size.
    data = generated(10_000)
    result = importer.import_schools(data=data, dry_run=False)
    assert result.ok and result.created == 10_000
    again = importer.import_schools(data=data, dry_run=False)
    assert again.unchanged == 10_000 and again.created == 0 and again.updated == 0
