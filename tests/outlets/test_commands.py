from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_outlets_command_lists_slug_name_region_and_url(network):
    out = StringIO()
    call_command("outlets", stdout=out)
    lines = [line.split("\t") for line in out.getvalue().splitlines()]
    assert ["zvezdny", "Звёздный бульвар", "СВАО", "http://zvezdny.localhost/"] in lines
    assert len(lines) == 3
