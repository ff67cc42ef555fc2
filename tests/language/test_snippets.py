"""Result snippets: matches highlighted in the author's own forms, cut at word boundaries."""

import doctest
import random
import unicodedata
from dataclasses import FrozenInstanceError

import pytest

from vestnik.language import Fragment, analyze_text, highlight_text, make_snippet, parse_query
from vestnik.language import snippets as snippets_module
from vestnik.language.snippets import ELLIPSIS

ARTICLE = (
    "Вчера в районе прошёл субботник. Жители убрали дворы и посадили деревья у школы. "
    "Мэр Москвы Сергей Собянин открыл в Алабушеве новое производство «Технополиса». "
    "По словам Собянина, на производствах особой экономической зоны появятся "
    "две тысячи рабочих мест. Завтра в парке пройдёт концерт, а в библиотеке — лекция "
    "об истории Зеленограда. Вход на все мероприятия свободный."
)


def _marked(fragments: tuple[Fragment, ...]) -> list[str]:
    return [fragment.text for fragment in fragments if fragment.highlighted]


def _window(fragments: tuple[Fragment, ...]) -> str:
    """Join the fragments without the «…» markers at the edges."""
    inner = list(fragments)
    if inner and inner[0] == Fragment(ELLIPSIS, highlighted=False):
        inner = inner[1:]
    if inner and inner[-1] == Fragment(ELLIPSIS, highlighted=False):
        inner = inner[:-1]
    return "".join(fragment.text for fragment in inner)


# --- highlight_text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "terms", "marked"),
    [
        # падежи: every form of the term is highlighted as written
        ("Сергей Собянин", {"собянин"}, ["Собянин"]),
        ("По словам Собянина", {"собянин"}, ["Собянина"]),
        ("Собянину, Собяниным и о Собянине", {"собянин"}, ["Собянину", "Собяниным", "Собянине"]),
        ("на производствах и производства", {"производство"}, ["производствах", "производства"]),
        ("в Южном Медведкове", {"южный", "медведково"}, ["Южном", "Медведкове"]),
        # регистр, ё
        ("БИРЮЛЁВО и Бирюлево", {"бирюлево"}, ["БИРЮЛЁВО", "Бирюлево"]),
        # punctuation around a word stays outside the highlight
        ("«Технополис», говорят", {"технополис"}, ["Технополис"]),
        # a word of several terms is highlighted term by term
        ("сайт mos.ru.", {"mos", "ru"}, ["mos", "ru"]),
        # дефис
        ("Северо-Восточного округа", {"северо-восточный"}, ["Северо-Восточного"]),
        # stop words are never highlighted, even if asked for
        ("и в на", {"и", "в"}, []),
        # no terms, no match
        ("Сергей Собянин", set(), []),
        ("Сергей Собянин", {"москва"}, []),
    ],
)
def test_highlight_text_marks_original_forms(text: str, terms: set[str], marked: list[str]) -> None:
    fragments = highlight_text(text, terms)
    assert _marked(fragments) == marked
    assert "".join(fragment.text for fragment in fragments) == text
    assert all(fragment.text for fragment in fragments)


def test_highlight_text_fragments_in_order() -> None:
    assert highlight_text("Мэр Собянина поздравил", {"собянин"}) == (
        Fragment("Мэр ", highlighted=False),
        Fragment("Собянина", highlighted=True),
        Fragment(" поздравил", highlighted=False),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # края
        ("", ()),
        ("Собянин", (Fragment("Собянин", highlighted=True),)),
        ("  ", (Fragment("  ", highlighted=False),)),
    ],
)
def test_highlight_text_edges(text: str, expected: tuple[Fragment, ...]) -> None:
    assert highlight_text(text, {"собянин"}) == expected


def test_highlight_text_accepts_any_collection() -> None:
    text = "Собянин открыл производство"
    expected = highlight_text(text, {"собянин"})
    assert highlight_text(text, ["собянин"]) == expected
    assert highlight_text(text, frozenset({"собянин"})) == expected
    assert highlight_text(text, ("собянин",)) == expected


# --- make_snippet: the window ---------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        # the query's forms highlight the article's forms
        ("Собянину", ["Собянин", "Собянина"]),
        ("производства", ["производство", "производствах"]),
        ("Технополис", ["Технополиса"]),
        ("зеленоград", ["Зеленограда"]),
        ("«экономической зоны»", ["экономической", "зоны"]),
    ],
)
def test_snippet_highlights_query_terms(query: str, marked: list[str]) -> None:
    terms = parse_query(query).highlight_terms()
    assert _marked(make_snippet(ARTICLE, terms, width=2000)) == marked


@pytest.mark.parametrize(
    ("terms", "width", "inside"),
    [
        # the window holds the matches
        ({"собянин"}, 60, ["Собянин"]),
        ({"зеленоград"}, 60, ["Зеленограда"]),
        ({"субботник"}, 60, ["субботник"]),
        ({"свободный"}, 60, ["свободный"]),
        # the most distinct terms win over more hits of one term
        ({"собянин", "технополис"}, 80, ["Собянин", "Технополиса"]),
        ({"производство", "экономический"}, 80, ["производствах", "экономической"]),
        # then the most hits
        ({"собянин", "производство"}, 120, ["Собянин", "производство", "Собянина"]),
    ],
)
def test_snippet_window_holds_the_cluster(terms: set[str], width: int, inside: list[str]) -> None:
    snippet = make_snippet(ARTICLE, terms, width=width)
    marked = _marked(snippet)
    for word in inside:
        assert word in marked
    assert len(_window(snippet)) <= width


def test_snippet_prefers_distinct_terms_to_repeated_hits() -> None:
    text = (
        "Парк, парк, парк и ещё раз парк. " * 5
        + "Середина текста без совпадений. " * 10
        + "В парке открыли школу. "
        + "Конец текста без совпадений. " * 10
    )
    snippet = make_snippet(text, {"парк", "школа"}, width=80)
    assert _marked(snippet) == ["парке", "школу"]


def test_snippet_prefers_the_earlier_of_equal_clusters() -> None:
    text = "Собянин открыл. " + "Пустая фраза. " * 40 + "Собянин закрыл."
    snippet = make_snippet(text, {"собянин"}, width=40)
    assert _window(snippet).startswith("Собянин открыл.")


@pytest.mark.parametrize(
    ("text", "width", "leading", "trailing"),
    [
        # многоточия: only where text was left out
        ("Начало. " * 20 + "Собянин открыл. " + "Конец. " * 20, 40, True, True),
        ("Собянин открыл. " + "Конец. " * 20, 40, False, True),
        ("Начало. " * 20 + "Собянин открыл.", 40, True, False),
        ("Начало. Собянин открыл. Конец.", 240, False, False),
        # spaces at the cut are not text left out
        ("   Собянин открыл.   \n", 240, False, False),
    ],
)
def test_snippet_ellipses(text: str, width: int, leading: bool, trailing: bool) -> None:
    snippet = make_snippet(text, {"собянин"}, width=width)
    ellipsis = Fragment(ELLIPSIS, highlighted=False)
    assert (snippet[0] == ellipsis) is leading
    assert (snippet[-1] == ellipsis) is trailing
    assert ellipsis not in snippet[1:-1]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        # нет совпадений: the start of the text, cut at a space
        ("Вход на все мероприятия свободный.", 240, "Вход на все мероприятия свободный."),
        ("Вход на все мероприятия свободный.", 20, "Вход на все…"),
        ("Вход на все мероприятия свободный.", 11, "Вход на все…"),
        ("Вход на все мероприятия свободный.", 12, "Вход на все…"),
        ("  Вход на все мероприятия свободный.", 14, "Вход на все…"),
        ("\n" * 300 + "Вход на все мероприятия свободный.", 12, "Вход на все…"),
        # a single word longer than the width is cut inside: better than nothing
        ("Достопримечательность", 10, "Достоприме…"),
    ],
)
def test_snippet_without_match_is_the_start(text: str, width: int, expected: str) -> None:
    snippet = make_snippet(text, {"собянин"}, width=width)
    assert "".join(fragment.text for fragment in snippet) == expected
    assert _marked(snippet) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # пустой текст
        ("", ()),
        (" \n\t ", ()),
        # короче ширины: the whole text, no ellipsis
        ("Собянин", (Fragment("Собянин", highlighted=True),)),
        (
            "Мэр Собянин.",
            (
                Fragment("Мэр ", highlighted=False),
                Fragment("Собянин", highlighted=True),
                Fragment(".", highlighted=False),
            ),
        ),
        ("Парк открыт.", (Fragment("Парк открыт.", highlighted=False),)),
    ],
)
def test_snippet_short_and_empty_text(text: str, expected: tuple[Fragment, ...]) -> None:
    assert make_snippet(text, {"собянин"}) == expected


# --- make_snippet: the reconstruction property ----------------------------------------


def _is_break(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cc"


def _word_around(text: str, index: int) -> int:
    """Return the length of the run of non-space characters a cut at ``index`` lands in."""
    left = right = index
    while left > 0 and not _is_break(text[left - 1]):
        left -= 1
    while right < len(text) and not _is_break(text[right]):
        right += 1
    return right - left


def _check_reconstruction(text: str, terms: set[str], width: int) -> None:
    snippet = make_snippet(text, terms, width=width)
    assert all(fragment.text for fragment in snippet)
    window = _window(snippet)
    start = text.find(window)
    assert start >= 0, (text, window)
    if not window:
        return
    stop = start + len(window)
    # cut at spaces, or inside a word only when it is too long to keep (a quarter of the
    # width next to a match, the whole width without one)
    for cut in (start, stop):
        at_space = cut in (0, len(text)) or _is_break(text[cut - 1]) or _is_break(text[cut])
        assert at_space or _word_around(text, cut) > width // 4, (text, window, cut)
    # «…» exactly where text was left out
    left_out_before = bool(text[:start].strip())
    left_out_after = bool(text[stop:].strip())
    assert (snippet[0].text == ELLIPSIS) is left_out_before
    assert (snippet[-1].text == ELLIPSIS) is left_out_after
    # about the width: a cut may take in the rest of a word, up to a quarter each side
    longest_match = max((len(word) for word in _marked(snippet)), default=0)
    assert len(window) <= max(width, longest_match) + 2 * (width // 4)
    # every highlight is a matching word, and a text with a match shows one
    for fragment in snippet:
        if fragment.highlighted:
            assert parse_query(fragment.text).terms[0] in terms
    if any(token.term in terms for token in analyze_text(text)):
        assert _marked(snippet)


@pytest.mark.parametrize(
    ("text", "terms", "width"),
    [
        # точное восстановление на статье
        (ARTICLE, {"собянин"}, 60),
        (ARTICLE, {"собянин", "производство"}, 100),
        (ARTICLE, {"лекция", "зеленоград"}, 30),
        (ARTICLE, {"нет"}, 50),
        (ARTICLE, {"вчера"}, 10),
        (ARTICLE, {"свободный"}, 1),
        # странные тексты
        ("Собянин" + "!" * 500, {"собянин"}, 40),
        ("!" * 500 + "Собянин", {"собянин"}, 40),
        ("Собянин\x00открыл\x07производство", {"собянин", "производство"}, 10),
        ("а" * 1000 + " Собянин " + "б" * 1000, {"собянин"}, 40),
        ("\n\n Собянин \n\n", {"собянин"}, 3),
        ("🙂 Эмодзи 🚇 в метро «Бибирево» 👍", {"метро", "бибирево"}, 12),
    ],
)
def test_snippet_reconstructs_the_original(text: str, terms: set[str], width: int) -> None:
    _check_reconstruction(text, terms, width)


def test_snippet_reconstructs_random_windows() -> None:
    words = ARTICLE.split() + ["\n\n", "—", "«Собянина»,", "mos.ru", "  "]
    generator = random.Random(2024)
    for _ in range(200):
        text = " ".join(generator.choices(words, k=generator.randint(0, 80)))
        terms = set(generator.sample(["собянин", "производство", "парк", "школа", "нет"], 2))
        _check_reconstruction(text, terms, generator.choice([1, 10, 40, 120, 240]))


def test_fragment_is_frozen() -> None:
    fragment = Fragment("Собянин", highlighted=True)
    with pytest.raises(FrozenInstanceError):
        fragment.highlighted = False  # type: ignore[misc]


def test_docstring_examples() -> None:
    failures, tried = doctest.testmod(snippets_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert tried > 0
    assert failures == 0
