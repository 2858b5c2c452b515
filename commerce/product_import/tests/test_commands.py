"""manage.py import_products FILE [--all-or-nothing]."""

import pytest
from django.core.management import CommandError, call_command
from oscar.core.loading import get_model

from commerce.product_import.tests.helpers import csv_bytes

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def run(path, *args) -> tuple[str, int]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_products", str(path), *args, stdout=out, stderr=StringIO())
    except SystemExit as exit_:
        return out.getvalue(), exit_.code
    return out.getvalue(), 0


def test_a_good_file_is_imported_with_a_summary(tmp_path):
    path = tmp_path / "products.csv"
    path.write_bytes(csv_bytes([("IMP-001", "Apple", "10.50", "Imp Root/Fruits")]))

    out, status = run(path)

    assert status == 0
    assert "1 created, 0 updated, 0 unchanged, 0 failed" in out
    assert Product.objects.filter(upc="IMP-001").exists()

    out, status = run(path)
    assert status == 0
    assert "0 created, 0 updated, 1 unchanged, 0 failed" in out


def test_bad_rows_are_printed_one_per_line_and_the_exit_status_is_1(tmp_path):
    path = tmp_path / "products.csv"
    path.write_bytes(
        csv_bytes(
            [
                ("IMP-001", "Apple", "10.50", "Imp Root"),
                ("IMP-002", "Pear", "-2", "Imp Root"),
                ("", "Plum", "1", "Imp Root"),
            ]
        )
    )

    out, status = run(path)

    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith("row 3: price: ")
    assert lines[1].startswith("row 4: sku: ")
    assert "1 created, 0 updated, 0 unchanged, 2 failed" in lines[2]
    assert Product.objects.filter(upc="IMP-001").exists()


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(tmp_path):
    path = tmp_path / "products.csv"
    path.write_bytes(
        csv_bytes([("IMP-001", "Apple", "10.50", "Imp Root"), ("IMP-002", "Pear", "x", "Imp")])
    )

    out, status = run(path, "--all-or-nothing")

    assert status == 1
    assert "row 3: price: " in out
    assert "Nothing imported" in out
    assert not Product.objects.filter(upc="IMP-001").exists()


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "products.csv"
    path.write_bytes(csv_bytes([("IMP-001", "Café", "1", "Imp Root")], encoding="latin-1"))

    out, status = run(path)

    assert status == 1
    assert out.splitlines()[0].startswith("row 2: the file is not UTF-8")
    assert not Product.objects.filter(upc="IMP-001").exists()


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_products", str(tmp_path / "nope.csv"))
