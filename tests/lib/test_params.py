"""Numbers and ids from requests: ASCII digits in range, or a 400 that says what to fix."""

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils import translation

from genuinecare.lib.params import (
    MAX_ID,
    MAX_INT,
    BadParameter,
    id_list_param,
    id_param,
    int_param,
    parse_int,
)

# Characters str.isdigit() (and partly isdecimal()) accepts that are not the digits 0-9.
NOT_ASCII_DIGITS = ["²", "①", "٣", "۴", "४", "３", "𝟓"]


@pytest.mark.parametrize("raw", ["0", "7", "42", "007", str(MAX_INT)])
def test_ascii_digits_in_range_are_read(raw: str) -> None:
    assert parse_int(raw) == int(raw)


@pytest.mark.parametrize(
    "raw",
    [
        *NOT_ASCII_DIGITS,
        "1²",
        "",
        " 5",
        "5 ",
        "+5",
        "-1",
        "5.0",
        "1_000",
        "0x1f",
        "9" * 5000,
        str(MAX_INT + 1),
    ],
)
def test_anything_else_is_not_a_number(raw: str) -> None:
    assert parse_int(raw) is None


def test_bounds_are_inclusive() -> None:
    assert [parse_int(raw, minimum=1, maximum=5) for raw in "0123456"] == [
        None,
        1,
        2,
        3,
        4,
        5,
        None,
    ]


def test_int_param_gives_the_default_when_absent_or_empty_and_the_last_value() -> None:
    assert int_param(QueryDict(""), "page") is None
    assert int_param(QueryDict("page="), "page", default=1) == 1
    assert int_param(QueryDict("page=3&page=4"), "page", default=1) == 4
    assert int_param({"page": 2}, "page") == 2


@pytest.mark.parametrize("raw", NOT_ASCII_DIGITS)
def test_int_param_refuses_other_digits_with_what_to_send(raw: str) -> None:
    with pytest.raises(BadParameter) as refused:
        int_param(QueryDict(f"page={raw}"), "page", minimum=1, maximum=40)
    assert refused.value.name == "page"
    assert str(refused.value) == (
        f"“page” must be a whole number from 1 to 40, written with the digits 0 to 9, "
        f"but it was “{raw}”. Correct the address, or go back and try again."
    )


def test_int_param_refuses_values_out_of_range() -> None:
    with pytest.raises(BadParameter, match="from 1 to 40"):
        int_param(QueryDict("page=41"), "page", minimum=1, maximum=40)


def test_id_param_reads_primary_keys_only() -> None:
    assert id_param(QueryDict(""), "unit") is None
    assert id_param(QueryDict("unit="), "unit") is None
    assert id_param(QueryDict("unit=12"), "unit") == 12
    assert id_param(QueryDict(f"unit={MAX_ID}"), "unit") == MAX_ID
    for raw in ("0", str(MAX_ID + 1), "-3", *NOT_ASCII_DIGITS):
        with pytest.raises(BadParameter):
            id_param(QueryDict(f"unit={raw}"), "unit")


def test_id_param_message_is_translated() -> None:
    with translation.override("de"), pytest.raises(BadParameter) as refused:
        id_param(QueryDict("unit=²"), "unit")
    assert str(refused.value) == (
        "„unit“ muss einen Eintrag mit seiner Nummer aus den Ziffern 0 bis 9 bezeichnen, "
        "war aber „²“. Gehen Sie zurück und öffnen Sie die Seite erneut über ihren Link."
    )


def test_a_long_value_is_cut_in_the_message() -> None:
    with pytest.raises(BadParameter) as refused:
        id_param(QueryDict("unit=" + "x" * 300), "unit")
    assert "“" + "x" * 20 + "”" in str(refused.value)


def test_id_list_param_keeps_order_drops_repeats_and_blanks() -> None:
    assert id_list_param(QueryDict(""), "select") == []
    assert id_list_param(QueryDict("select=3&select=1&select=&select=3"), "select") == [3, 1]
    assert id_list_param({"select": "5"}, "select") == [5]


def test_id_list_param_refuses_the_whole_list_for_one_bad_id() -> None:
    with pytest.raises(BadParameter, match="but it was “²”"):
        id_list_param(QueryDict("select=3&select=²"), "select")


def test_id_list_param_is_bounded() -> None:
    many = QueryDict("&".join(f"select={n}" for n in range(1, 12)))
    assert len(id_list_param(many, "select", most=11)) == 11
    with pytest.raises(BadParameter) as refused:
        id_list_param(many, "select", most=10)
    assert str(refused.value) == "“select” lists more than 10 entries. Choose fewer and try again."


@pytest.mark.django_db
def test_other_bad_requests_get_the_general_400_page(client: Client) -> None:
    response = client.get("/", HTTP_HOST="not-allowed.example")
    page = response.content.decode()
    assert response.status_code == 400
    assert "<h1>This request cannot be read</h1>" in page
    assert "Something in the address or the form sent does not fit this page." in page
    assert "not-allowed.example" not in page
