import pytest

from vestnik.language.slugs import headline_slug, latin_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # кириллица транслитерируется
        ("Итоги Технополиса", "itogi-tekhnopolisa"),
        ("итоги-технополиса", "itogi-tekhnopolisa"),
        ("Щёлково и Цюрупы", "shchelkovo-i-tsyurupy"),
        # знаки препинания и кавычки пропадают
        ("ОЭЗ «Технополис Москва»: 2023", "oez-tekhnopolis-moskva-2023"),
        ("  —  ", ""),
    ],
)
def test_latin_slug(text: str, slug: str) -> None:
    assert latin_slug(text) == slug


def test_headline_slug_has_a_fallback_and_a_length() -> None:
    assert headline_slug("«»") == "article"
    assert len(headline_slug("Очень длинный заголовок " * 10)) <= 80
