"""Number words, compounds of scale words and the guards of the reader (kzlt_trade.reading)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzlt_trade.errors import ReadingError
from kzlt_trade.reading import MAX_LENGTH, Language, WrittenNumber, precision_interval, read_number, to_interval

NUMBER_EXPECTED = "digits such as '584.3' or a number word such as 'six' or 'полтора'"
COMPOUND_EXPECTED = (
    "scale words from the largest down, each group before the last a whole number and each group "
    "after the first below one unit of the scale before it, e.g. '12 млрд 400 млн' or '12 billion 400 million'"
)

EN_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
EN_TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
RU_UNITS = ["один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
RU_TEENS = [
    "десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать",
    "пятнадцать", "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать",
]  # fmt: skip
RU_TENS = ["двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"]
RU_HUNDREDS = ["сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"]


def english(n: int, joiner: str) -> str:
    """``n`` in 1..99 in English words, the tens and units joined by ``joiner`` ("-" or " ")."""
    if n < 10:
        return EN_UNITS[n - 1]
    if n < 20:
        return EN_TEENS[n - 10]
    tens, units = divmod(n, 10)
    return EN_TENS[tens - 2] + (joiner + EN_UNITS[units - 1] if units else "")


def russian(n: int) -> str:
    """``n`` in 1..999 in Russian words (nominative, masculine)."""
    hundreds, rest = divmod(n, 100)
    out = [RU_HUNDREDS[hundreds - 1]] if hundreds else []
    if 10 <= rest < 20:
        out.append(RU_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        out += ([RU_TENS[tens - 2]] if tens else []) + ([RU_UNITS[units - 1]] if units else [])
    return " ".join(out)


def fields(n: WrittenNumber) -> tuple[Decimal, Decimal, str, int, bool]:
    return n.value, n.step, n.scale, n.exponent, n.word


# -- every word, with its interval ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "lang", "value", "step", "scale", "exponent", "interval"),
    [
        # English integers: step 1, like their digits.
        ("six", "en", "6", "1", "", 0, "[5.5, 6.5]"),
        ("Six", "en", "6", "1", "", 0, "[5.5, 6.5]"),
        ("sixty", "en", "60", "1", "", 0, "[59.5, 60.5]"),
        ("ten", "en", "10", "1", "", 0, "[9.5, 10.5]"),
        ("twenty-five", "en", "25", "1", "", 0, "[24.5, 25.5]"),
        ("Twenty Five", "en", "25", "1", "", 0, "[24.5, 25.5]"),
        ("hundred", "en", "100", "1", "", 0, "[99.5, 100.5]"),
        ("a hundred", "en", "100", "1", "", 0, "[99.5, 100.5]"),
        ("two hundred and five", "en", "205", "1", "", 0, "[204.5, 205.5]"),
        ("a dozen", "en", "12", "1", "", 0, "[11.5, 12.5]"),
        # English halves: step 0.5.
        ("half", "en", "0.5", "0.5", "", 0, "[0.25, 0.75]"),
        ("one and a half", "en", "1.5", "0.5", "", 0, "[1.25, 1.75]"),
        ("two and a half", "en", "2.5", "0.5", "", 0, "[2.25, 2.75]"),
        # English words with a scale word: the scale is kept, as after digits.
        ("a thousand", "en", "1", "1", "thousand", 3, "[0.5, 1.5]"),
        ("four thousand", "en", "4", "1", "thousand", 3, "[3.5, 4.5]"),
        ("a million", "en", "1", "1", "million", 6, "[0.5, 1.5]"),
        ("two and a half billion", "en", "2.5", "0.5", "billion", 9, "[2.25, 2.75]"),
        ("half a billion", "en", "0.5", "0.5", "billion", 9, "[0.25, 0.75]"),
        # English factors.
        ("twofold", "en", "2", "1", "", 0, "[1.5, 2.5]"),
        ("two-fold", "en", "2", "1", "", 0, "[1.5, 2.5]"),
        ("threefold", "en", "3", "1", "", 0, "[2.5, 3.5]"),
        ("fourfold", "en", "4", "1", "", 0, "[3.5, 4.5]"),
        ("fivefold", "en", "5", "1", "", 0, "[4.5, 5.5]"),
        ("sixfold", "en", "6", "1", "", 0, "[5.5, 6.5]"),
        ("sevenfold", "en", "7", "1", "", 0, "[6.5, 7.5]"),
        ("eightfold", "en", "8", "1", "", 0, "[7.5, 8.5]"),
        ("ninefold", "en", "9", "1", "", 0, "[8.5, 9.5]"),
        ("tenfold", "en", "10", "1", "", 0, "[9.5, 10.5]"),
        ("doubled", "en", "2", "1", "", 0, "[1.5, 2.5]"),
        ("double", "en", "2", "1", "", 0, "[1.5, 2.5]"),
        ("twice", "en", "2", "1", "", 0, "[1.5, 2.5]"),
        ("tripled", "en", "3", "1", "", 0, "[2.5, 3.5]"),
        ("triple", "en", "3", "1", "", 0, "[2.5, 3.5]"),
        ("thrice", "en", "3", "1", "", 0, "[2.5, 3.5]"),
        ("quadrupled", "en", "4", "1", "", 0, "[3.5, 4.5]"),
        ("halved", "en", "2", "1", "", 0, "[1.5, 2.5]"),
        # Russian integers, including the genitive after "около", "более".
        ("один", "ru", "1", "1", "", 0, "[0.5, 1.5]"),
        ("одна", "ru", "1", "1", "", 0, "[0.5, 1.5]"),
        ("два", "ru", "2", "1", "", 0, "[1.5, 2.5]"),
        ("две", "ru", "2", "1", "", 0, "[1.5, 2.5]"),
        ("Три", "ru", "3", "1", "", 0, "[2.5, 3.5]"),
        ("трёх", "ru", "3", "1", "", 0, "[2.5, 3.5]"),
        ("десять", "ru", "10", "1", "", 0, "[9.5, 10.5]"),
        ("двадцать", "ru", "20", "1", "", 0, "[19.5, 20.5]"),
        ("двадцать пять", "ru", "25", "1", "", 0, "[24.5, 25.5]"),
        ("девяносто", "ru", "90", "1", "", 0, "[89.5, 90.5]"),
        ("сто", "ru", "100", "1", "", 0, "[99.5, 100.5]"),
        ("сто двадцать пять", "ru", "125", "1", "", 0, "[124.5, 125.5]"),
        # Russian halves.
        ("полтора", "ru", "1.5", "0.5", "", 0, "[1.25, 1.75]"),
        ("полторы", "ru", "1.5", "0.5", "", 0, "[1.25, 1.75]"),
        ("половина", "ru", "0.5", "0.5", "", 0, "[0.25, 0.75]"),
        ("половину", "ru", "0.5", "0.5", "", 0, "[0.25, 0.75]"),
        ("два с половиной", "ru", "2.5", "0.5", "", 0, "[2.25, 2.75]"),
        # Russian scale words after words, or alone for one of them.
        ("тысяча", "ru", "1", "1", "thousand", 3, "[0.5, 1.5]"),
        ("тысячи", "ru", "1", "1", "thousand", 3, "[0.5, 1.5]"),
        ("две тысячи", "ru", "2", "1", "thousand", 3, "[1.5, 2.5]"),
        ("полтора миллиарда", "ru", "1.5", "0.5", "billion", 9, "[1.25, 1.75]"),
        ("двух миллиардов", "ru", "2", "1", "billion", 9, "[1.5, 2.5]"),
        # Russian factors, and the phrase "в N раз(а)".
        ("вдвое", "ru", "2", "1", "", 0, "[1.5, 2.5]"),
        ("втрое", "ru", "3", "1", "", 0, "[2.5, 3.5]"),
        ("вчетверо", "ru", "4", "1", "", 0, "[3.5, 4.5]"),
        ("впятеро", "ru", "5", "1", "", 0, "[4.5, 5.5]"),
        ("в два раза", "ru", "2", "1", "", 0, "[1.5, 2.5]"),
        ("в три раза", "ru", "3", "1", "", 0, "[2.5, 3.5]"),
        ("В пять раз", "ru", "5", "1", "", 0, "[4.5, 5.5]"),
        ("в полтора раза", "ru", "1.5", "0.5", "", 0, "[1.25, 1.75]"),
    ],
)
def test_number_words(
    text: str, lang: Language, value: str, step: str, scale: str, exponent: int, interval: str
) -> None:
    n = read_number(text, lang)
    assert fields(n) == (Decimal(value), Decimal(step), scale, exponent, True)
    assert n.text == text
    assert str(precision_interval(n)) == interval


@pytest.mark.parametrize(
    ("text", "lang", "value", "step", "scale", "exponent", "word", "interval"),
    [
        ("в 2 раза", "ru", "2", "1", "", 0, False, "[1.5, 2.5]"),
        ("в 2,5 раза", "ru", "2.5", "0.1", "", 0, False, "[2.45, 2.55]"),
        # Compounds: the precision of the last group, in the unit of the first.
        ("12 млрд 400 млн", "ru", "12.4", "0.001", "billion", 9, False, "[12.3995, 12.4005]"),
        ("1 млрд 200 млн", "ru", "1.2", "0.001", "billion", 9, False, "[1.1995, 1.2005]"),
        ("12 billion 400 million", "en", "12.4", "0.001", "billion", 9, False, "[12.3995, 12.4005]"),
        ("1 млрд 5 млн", "ru", "1.005", "0.001", "billion", 9, False, "[1.0045, 1.0055]"),
        ("5 млн 250 тыс.", "ru", "5.25", "0.001", "million", 6, False, "[5.2495, 5.2505]"),
        ("2 трлн 150 млрд", "ru", "2.15", "0.001", "trillion", 12, False, "[2.1495, 2.1505]"),
        ("1 млрд 200 тыс.", "ru", "1.0002", "0.000001", "billion", 9, False, "[1.0001995, 1.0002005]"),
        ("12 млрд 400,5 млн", "ru", "12.4005", "0.0001", "billion", 9, False, "[12.40045, 12.40055]"),
        ("−12 млрд 400 млн", "ru", "-12.4", "0.001", "billion", 9, False, "[-12.4005, -12.3995]"),
        ("миллиард двести миллионов", "ru", "1.2", "0.001", "billion", 9, True, "[1.1995, 1.2005]"),
        # The trillion scale, and Russian case endings.
        ("1,5 трлн", "ru", "1.5", "0.1", "trillion", 12, False, "[1.45, 1.55]"),
        ("1.5 trillion", "en", "1.5", "0.1", "trillion", 12, False, "[1.45, 1.55]"),
        ("3 триллиона", "ru", "3", "1", "trillion", 12, False, "[2.5, 3.5]"),
        ("4 тысячи", "ru", "4", "1", "thousand", 3, False, "[3.5, 4.5]"),
        ("4 тысяч", "ru", "4", "1", "thousand", 3, False, "[3.5, 4.5]"),
        ("1 234,5 млн", "ru", "1234.5", "0.1", "million", 6, False, "[1234.45, 1234.55]"),
        # Ranks and ordinals stay exact.
        ("first", "en", "1", "0", "", 0, True, "[1, 1]"),
        ("largest", "en", "1", "0", "", 0, True, "[1, 1]"),
        ("tenth", "en", "10", "0", "", 0, True, "[10, 10]"),
        ("10th", "en", "10", "0", "", 0, True, "[10, 10]"),
        ("десятку", "ru", "10", "0", "", 0, True, "[10, 10]"),
        ("двадцатку", "ru", "20", "0", "", 0, True, "[20, 20]"),
    ],
)
def test_digits_in_phrases_compounds_and_ranks(
    text: str, lang: Language, value: str, step: str, scale: str, exponent: int, word: bool, interval: str
) -> None:
    n = read_number(text, lang)
    assert fields(n) == (Decimal(value), Decimal(step), scale, exponent, word)
    assert str(precision_interval(n)) == interval


def test_a_compound_is_its_magnitude_in_the_unit_of_its_first_scale() -> None:
    n = read_number("12 млрд 400 млн", "ru")
    assert n.magnitude == Decimal(12_400_000_000)
    assert n.step.scaleb(n.exponent) == Decimal(1_000_000)  # one million, the unit of the last group
    assert read_number("12 billion 400 million").magnitude == n.magnitude


def test_words_in_the_forms() -> None:
    assert str(to_interval(read_number("halved"), form="times_decrease")) == "[0.4, 0.6666666667]"
    assert str(to_interval(read_number("вдвое", "ru"), form="times_decrease")) == "[0.4, 0.6666666667]"
    assert str(to_interval(read_number("doubled"), form="times")) == "[1.5, 2.5]"
    assert str(to_interval(read_number("в полтора раза", "ru"), form="times")) == "[1.25, 1.75]"
    assert str(to_interval(read_number("six"), form="percent_decrease")) == "[0.935, 0.945]"
    assert str(to_interval(read_number("полтора миллиарда", "ru"), form="decrease")) == "[-1.75, -1.25]"
    # The rank hedge reads "one of the ten" as [1, 10] whatever the precision of "ten".
    assert str(to_interval(read_number("ten"), hedge="among_top")) == "[1, 10]"


# -- laws -------------------------------------------------------------------------------
@given(
    st.integers(min_value=1, max_value=99),
    st.sampled_from(["-", " "]),
    st.sampled_from([str.lower, str.upper, str.title]),
)
def test_any_english_cardinal_reads_as_its_value(n: int, joiner: str, case: Callable[[str], str]) -> None:
    text = case(english(n, joiner))
    got = read_number(text, "en")
    assert fields(got) == (Decimal(n), Decimal(1), "", 0, True)
    assert precision_interval(got) == precision_interval(read_number(str(n)))


@given(st.integers(min_value=1, max_value=99))
def test_english_halves_read_to_the_half(n: int) -> None:
    got = read_number(english(n, "-") + " and a half", "en")
    assert (got.value, got.step) == (n + Decimal("0.5"), Decimal("0.5"))


@given(st.integers(min_value=1, max_value=999))
def test_any_russian_cardinal_reads_as_its_value(n: int) -> None:
    assert fields(read_number(russian(n), "ru")) == (Decimal(n), Decimal(1), "", 0, True)


@given(
    st.integers(min_value=1, max_value=99),
    st.sampled_from([("thousand", 3), ("million", 6), ("billion", 9), ("trillion", 12)]),
)
def test_words_before_a_scale_read_as_digits_before_it(n: int, scale: tuple[str, int]) -> None:
    words = read_number(f"{english(n, '-')} {scale[0]}")
    digits = read_number(f"{n} {scale[0]}")
    assert fields(words) == (*fields(digits)[:4], True)
    assert words.exponent == scale[1]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999))
def test_a_compound_reads_as_its_decimal(billions: int, millions: int) -> None:
    n = read_number(f"{billions} млрд {millions} млн", "ru")
    assert (n.value, n.step, n.scale) == (billions + Decimal(millions).scaleb(-3), Decimal("0.001"), "billion")


# -- bad input --------------------------------------------------------------------------
VOCABULARY = EN_UNITS + EN_TEENS + EN_TENS + RU_UNITS + RU_TEENS + RU_TENS + ["полтора", "half", "вдвое", "tenfold"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("sixx", "en", NUMBER_EXPECTED),
        ("много", "ru", NUMBER_EXPECTED),
        ("six ty", "en", NUMBER_EXPECTED),
        ("twenty twenty", "en", NUMBER_EXPECTED),
        ("a hundred and", "en", NUMBER_EXPECTED),
        ("двадцать десять", "ru", NUMBER_EXPECTED),
        ("thousand", "en", NUMBER_EXPECTED),  # a bare English scale word: write "a thousand"
        ("тысяч", "ru", NUMBER_EXPECTED),
        ("млн", "ru", NUMBER_EXPECTED),
        ("a", "en", NUMBER_EXPECTED),
        ("-", "en", NUMBER_EXPECTED),
        ("3 тыс. 500", "ru", COMPOUND_EXPECTED),
        ("400 млн 12 млрд", "ru", COMPOUND_EXPECTED),
        ("12 млрд 1400 млн", "ru", COMPOUND_EXPECTED),
        ("1,5 млрд 200 млн", "ru", COMPOUND_EXPECTED),
        ("12 млрд -400 млн", "ru", COMPOUND_EXPECTED),
        ("в 2 тысячи раз", "ru", "a number of times without a scale word, e.g. 'в 2,5 раза'"),
    ],
)
def test_words_that_are_not_numbers(text: str, lang: Language, expected: str) -> None:
    with pytest.raises(ReadingError) as err:
        read_number(text, lang)
    assert str(err.value) == f"cannot read number {text!r}: expected {expected}"
    assert (err.value.text, err.value.expected) == (text, expected)


@given(st.sampled_from(VOCABULARY), st.sampled_from(["x", "q", "zz", "ь"]), st.booleans())
def test_a_word_is_a_whole_token(word: str, extra: str, before: bool) -> None:
    text = extra + word if before else word + extra
    with pytest.raises(ReadingError) as err:
        read_number(text, "en")
    assert repr(text) in str(err.value)


@given(st.text(max_size=60), st.sampled_from(["en", "ru"]))
def test_any_text_reads_or_raises_a_reading_error(text: str, lang: Language) -> None:
    problem: ReadingError | None = None
    try:
        n = read_number(text, lang)
    except ReadingError as err:
        problem = err
    if problem is None:
        assert n.text == text.strip()
    else:
        assert problem.what == "number"
        assert problem.text in (text, text.strip()[:40] + "…")


@given(st.lists(st.sampled_from(["1", "a", "two", "млн", "тыс.", "and", "half", "в", "раза", "-"]), max_size=60))
def test_long_word_salads_are_refused_fast(tokens: list[str]) -> None:
    text = " ".join(tokens)
    start = time.perf_counter()
    with contextlib.suppress(ReadingError):
        read_number(text, "ru")
    assert time.perf_counter() - start < 0.5


def test_texts_over_the_limit_are_refused_unread() -> None:
    text = "1 " * 150
    with pytest.raises(ReadingError) as err:
        read_number(text)
    assert str(err.value) == (
        f"cannot read number '{text[:40]}…': expected a number of at most {MAX_LENGTH} characters, not 299"
    )
    assert read_number("1" * MAX_LENGTH).value == Decimal("1" * MAX_LENGTH)
