import pytest

from vestnik.regions.models import Region

pytestmark = pytest.mark.django_db


def test_moscow_has_twelve_okrugs_and_146_municipal_units():
    assert Region.objects.filter(kind="city").count() == 1
    assert Region.objects.okrugs().count() == 12
    assert Region.objects.filter(depth=2).count() == 146


def test_okrug_carries_its_codes_and_full_name():
    svao = Region.objects.get(abbreviation="СВАО")
    assert (svao.full_name, svao.okato, svao.parent.name) == (
        "Северо-Восточный административный округ",
        "45280000",
        "Москва",
    )
    marfino = Region.objects.get(name="Марфино")
    assert (marfino.parent, marfino.okato, marfino.oktmo) == (svao, "45280567", "45356000")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # округ целиком
        ("Москва. Северо-Восточный административный округ", "СВАО"),
        ("Москва. СВАО", "СВАО"),
        ("москва. северо-восточный административный округ", "СВАО"),
        # район внутри округа
        ("Москва. СВАО. Район Марфино", "Марфино"),
        ("Москва. Зеленоградский административный округ. Район Савелки", "Савёлки"),
        # поселения и городские округа Новой Москвы
        ("Москва. Поселение Сосенское", "Сосенское"),
        ("Москва. Городской округ Троицк", "Троицк"),
        # округ важнее одноимённого района
        ("Москва. Восточный", "ВАО"),
        # только город
        ("Москва", "Москва"),
    ],
)
def test_region_is_found_by_page_header(header, expected):
    assert str(Region.objects.find_by_header(header)) == expected


@pytest.mark.parametrize("header", ["", "   ", "Санкт-Петербург. Невский район", "....."])
def test_unknown_header_finds_nothing(header):
    assert Region.objects.find_by_header(header) is None


def test_header_of_a_district_names_its_okrug():
    assert Region.objects.get(name="Марфино").header == (
        "Москва. Северо-Восточный административный округ. Район Марфино"
    )


def test_okrug_descendants_include_its_districts():
    svao = Region.objects.get(abbreviation="СВАО")
    ids = svao.with_descendants()
    assert len(ids) == 18 and Region.objects.get(name="Бибирево").pk in ids
