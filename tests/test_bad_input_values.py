"""A matrix of bad values for every value reader: each is a ReadingError naming the value and what was expected.

Numbers, units, currencies, periods, publication dates and window phrases come from
data files. A bad one must be refused with a :class:`~kzlt_trade.errors.ReadingError`
(also a :class:`ValueError`) whose message shows the value, shortened when it is long,
and says what the reader expected, so that the user knows what to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from kzlt_trade.errors import DataFileError, ReadingError
from kzlt_trade.interval import Interval
from kzlt_trade.period import Period, Published, window_phrase
from kzlt_trade.reading import MAX_DIGITS, MAX_LENGTH, WrittenNumber, read_number, to_interval
from kzlt_trade.units import check_unit, currency_code

EN = "digits grouped in threes by ',' or a space, with '.' before decimals, e.g. '1,234.5'"
RU = "digits grouped in threes by a space, with ',' before decimals, e.g. '1 234,5'"
WORDS = "digits such as '584.3' or a number word such as 'six' or 'полтора'"
POWER = "a unit whose powers are of a name or a number, by a number of at most 3 digits, e.g. 'm**2'"
PARSE = "a unit pint can parse, such as 'million USD' or 'company'"
PERIOD = "YYYY, YYYY-part, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY-MM..YYYY-MM"
PUBLISHED = "YYYY-MM-DD, YYYY-MM, YYYY or YYYY-MM-DD..YYYY-MM-DD"
RELEASE = date(2022, 6, 15)


def en(text: str) -> object:
    return read_number(text, "en")


def ru(text: str) -> object:
    return read_number(text, "ru")


def money(unit: str) -> object:
    return check_unit(unit, "money")  # type: ignore[func-returns-value]


def ratio(unit: str) -> object:
    return check_unit(unit, "ratio")  # type: ignore[func-returns-value]


def phrase(text: str) -> object:
    return window_phrase(text, RELEASE, "en")


def long(text: str) -> str:
    """How an error shows a long value: its first 40 characters and "…"."""
    return text[:40] + "…"


Reader = Callable[[str], object]

#: (reader, bad value, what the message shows of it, a part of what it says was expected)
MATRIX: list[tuple[Reader, str, str, str]] = [
    # -- numbers: what Decimal and float read, but no release writes --------------------------
    (en, "NaN", "NaN", WORDS),
    (en, "sNaN", "sNaN", WORDS),
    (en, "Infinity", "Infinity", WORDS),
    (ru, "inf", "inf", WORDS),
    (en, "-inf", "-inf", WORDS),
    (en, "1e5", "1e5", EN),
    (en, "1E+5", "1E+5", EN),
    (en, "1_000", "1_000", EN),
    (ru, "1_000,5", "1_000,5", RU),
    (en, "0x1F", "0x1F", EN),
    # -- numbers: digits of other scripts, which str.isdigit, int and Decimal take ------------
    (en, "٣", "٣", EN),
    (en, "３", "３", EN),
    (ru, "١٢٣,٤", "١٢٣,٤", RU),
    (en, "１２３", "１２３", EN),
    (en, "١٠th", "١٠th", EN),  # not "the tenth"
    (ru, "12 млрд ٣٠٠ млн", "12 млрд ٣٠٠ млн", RU),
    # -- numbers: the wrong convention, and the limits --------------------------------------
    (en, "1,2345", "1,2345", EN),
    (ru, "1.234,5", "1.234,5", RU),
    (en, "1" * 400, long("1" * 400), f"a number of at most {MAX_LENGTH} characters, not 400"),
    (en, "1" * 4_301, long("1" * 4_301), f"a number of at most {MAX_LENGTH} characters, not 4301"),
    (en, "1" * (MAX_DIGITS + 1), long("1" * (MAX_DIGITS + 1)), f"at most {MAX_LENGTH} characters, not 201"),
    # -- units: powers pint would compute for minutes, and names it does not know -------------
    (money, "9**9**9", "9**9**9", POWER),
    (money, "(2**99)**99", "(2**99)**99", POWER),
    (money, "USD**99999", "USD**99999", POWER),
    (money, "USD**0.5", "USD**0.5", POWER),
    (money, "USD**٣", "USD**٣", POWER),
    (ratio, "9⁹⁹⁹⁹⁹⁹⁹", "9⁹⁹⁹⁹⁹⁹⁹", POWER),  # pint reads the superscripts as 9**9999999
    (ratio, "m²", "m²", POWER),
    (money, "x" * 40_000, long("x" * 40_000), "a unit of at most 100 characters"),
    (money, "million bananas", "million bananas", PARSE),
    (money, "XYZ", "XYZ", "an ISO 4217 currency code, not 'XYZ'"),
    (money, "million (USD", "million (USD", PARSE),
    (ratio, "square percent", "square percent", PARSE),
    (currency_code, "peso", "peso", "an ISO 4217 currency code such as 'EUR'"),
    (currency_code, "€" * 1_000, long("€" * 1_000), "a currency of at most 100 characters"),
    # -- periods ---------------------------------------------------------------------------
    (Period.parse, "٢٠٢٢", "٢٠٢٢", "in the digits 0-9 (not '٢', ARABIC-INDIC DIGIT TWO)"),
    (Period.parse, "２０２２", "２０２２", "in the digits 0-9 (not '２', FULLWIDTH DIGIT TWO)"),
    (Period.parse, "2022-٠٣", "2022-٠٣", "in the digits 0-9 (not '٠', ARABIC-INDIC DIGIT ZERO)"),
    (Period.parse, "2022-13", "2022-13", "a real calendar date"),
    (Period.parse, "2022-Q5", "2022-Q5", "a quarter Q1 to Q4 or a half H1 or H2"),
    (Period.parse, "2023-01..2022-01", "2023-01..2022-01", "an end that is not before its start"),
    (Period.parse, "2022" * 25_000, long("2022" * 25_000), "at most 200 characters, not 100000"),
    # -- publication dates -----------------------------------------------------------------
    (Published.parse, "20231010", "20231010", PUBLISHED),  # ISO 8601 basic format
    (Published.parse, "2024-W25-4", "2024-W25-4", PUBLISHED),  # an ISO week date
    (Published.parse, "2023-02-30", "2023-02-30", "a real calendar date"),
    (Published.parse, "٢٠٢٣-١٠-١٠", "٢٠٢٣-١٠-١٠", "in the digits 0-9 (not '٢', ARABIC-INDIC DIGIT TWO)"),
    (Published.parse, "2023-10-10..2023-10-01", "2023-10-10..2023-10-01", "a range not ending before it starts"),
    # -- window phrases --------------------------------------------------------------------
    (phrase, "over ٣٠ years", "over ٣٠ years", "in the digits 0-9 (not '٣', ARABIC-INDIC DIGIT THREE)"),
    (phrase, "over 30 years " * 30, ("over 30 years " * 30)[:60] + "…", "a phrase of at most 200 characters"),
]


@pytest.mark.parametrize(
    ("read", "value", "shown", "expected"),
    MATRIX,
    ids=[f"{read.__qualname__}-{value[:16]!r}-{len(value)}" for read, value, _, _ in MATRIX],
)
def test_a_bad_value_is_a_reading_error_naming_it(read: Reader, value: str, shown: str, expected: str) -> None:
    with pytest.raises(ReadingError) as err:
        read(value)
    assert isinstance(err.value, ValueError)
    assert err.value.text == shown
    assert f"{shown!r}: expected " in str(err.value)
    assert expected in err.value.expected
    assert len(str(err.value)) < 600  # a long value is shown shortened


def test_the_matrix_is_large() -> None:
    assert len(MATRIX) >= 25


# -- values built by hand, past the readers --------------------------------------------------------
@pytest.mark.parametrize(
    ("build", "shown", "expected"),
    [
        (lambda: WrittenNumber("nan", Decimal("NaN"), Decimal(1)), "nan", "a finite Decimal value with a finite"),
        (lambda: WrittenNumber("sNaN", Decimal("sNaN"), Decimal(1)), "sNaN", "a finite Decimal value with a finite"),
        (lambda: WrittenNumber("1", Decimal(1), Decimal("-0.1")), "1", "non-negative Decimal step"),
        (lambda: WrittenNumber("1.5", 1.5, Decimal("0.1")), "1.5", "a finite Decimal value"),  # type: ignore[arg-type]
        (
            lambda: to_interval(WrittenNumber("1e400", Decimal("1e400"), Decimal(1))),
            "1e400",
            "within the range of a float",
        ),
        (
            lambda: to_interval(WrittenNumber("tiny step", Decimal(1), Decimal("1e-5000"))),
            "tiny step",
            f"a number of at most {MAX_DIGITS} digits",
        ),
        (lambda: Interval(float("nan"), 1.0), "nan, 1.0", "bounds that are numbers, not NaN"),
        (lambda: Interval(Decimal("sNaN"), 1.0), "Decimal('sNaN'), 1.0", "bounds that are real numbers"),  # type: ignore[arg-type]
        (lambda: Interval("1", 2.0), "'1', 2.0", "bounds that are real numbers"),  # type: ignore[arg-type]
    ],
)
def test_a_bad_value_built_by_hand_is_a_reading_error(build: Callable[[], object], shown: str, expected: str) -> None:
    with pytest.raises(ReadingError) as err:
        build()
    assert isinstance(err.value, ValueError)
    assert err.value.text == shown
    assert expected in err.value.expected


# -- the other readers of the folder: acknowledgements, rate tables, official figures -----------


def test_an_acknowledgement_date_is_yyyy_mm_dd_only(data_copy: Path) -> None:
    from kzlt_trade.testing import load_acknowledgements

    path = data_copy / "acknowledged.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    head, first = lines[0], lines[1]
    when = first.rsplit(",", 1)[1]
    path.write_text("\n".join([head, first[: -len(when)] + "20240301", *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_acknowledgements(data_copy)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.field, problem.value) == ("acknowledged.csv", 1, "when", "20240301")


@pytest.mark.parametrize("rate", ["1_0", "1e3", "inf", "\u0663", " 1.05"])
def test_a_rate_is_written_plainly(tmp_path: Path, rate: str) -> None:
    from kzlt_trade.rates import RateTable

    path = tmp_path / "rates.csv"
    path.write_text(f"currency,month,days,mean,min,max\nKZT,2023-01,20,{rate},0.002,0.003\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        RateTable.read(path)
    assert [(p.row, p.field, p.value) for p in caught.value.problems][:1] == [(1, "mean", rate)]


@pytest.mark.parametrize("value", ["\u0667\u0662\u0667", "727174.9\n1", "1e5"])
def test_an_official_figure_is_written_in_ascii_digits(tmp_path: Path, value: str) -> None:
    import csv
    import shutil

    from kzlt_trade.io import bundled_data_path
    from kzlt_trade.official import load_official

    folder = tmp_path / "official"
    shutil.copytree(bundled_data_path() / "official", folder)
    path = folder / "bns_trade_by_partner.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[0]["exports"] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        out.writeheader()
        out.writerows(rows)
    with pytest.raises(DataFileError) as caught:
        load_official(folder)
    assert any(p.field == "exports" and p.value == value for p in caught.value.problems)
