"""The sitemaps name a same-origin XSL stylesheet for people and carry a policy that allows
it alone; crawlers still get the protocol's XML (tests/feeds/test_sitemaps.py validates it).
Chromium applying it: tests/browser/test_article_reading.py."""

import pytest
from lxml import etree

from .test_sitemaps import SITEMAP_NS, ZVEZDNY, fetch_valid

pytestmark = pytest.mark.django_db

XSL_NS = "http://www.w3.org/1999/XSL/Transform"


@pytest.mark.parametrize("path", ["/sitemap.xml", "/news-sitemap.xml"])
def test_a_sitemap_names_its_stylesheet_and_allows_only_it(client, network, path):
    tree = fetch_valid(client, path)
    instruction = tree.getprevious()
    assert isinstance(instruction, etree._XSLTProcessingInstruction)
    assert instruction.get("href") == "/sitemap.xsl" and instruction.get("type") == "text/xsl"
    policy = client.get(path, HTTP_HOST=ZVEZDNY)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == f"http://{ZVEZDNY}/sitemap.xsl"
    assert directives["default-src"] == "'none'"
    assert "'unsafe-inline'" not in policy


def test_the_stylesheet_turns_a_sitemap_into_a_russian_table(client, network):
    response = client.get("/sitemap.xsl", HTTP_HOST=ZVEZDNY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xsl")
    stylesheet = etree.fromstring(response.content)
    assert stylesheet.tag == f"{{{XSL_NS}}}stylesheet"
    sitemap = etree.fromstring(client.get("/sitemap.xml", HTTP_HOST=ZVEZDNY).content)
    page = etree.XSLT(stylesheet)(sitemap)
    addresses = sitemap.xpath("//sm:loc/text()", namespaces={"sm": SITEMAP_NS})
    rows = page.xpath("//table/tbody/tr")
    assert len(rows) == len(addresses) > 3
    assert [row.xpath("string(td[1]/a/@href)") for row in rows] == addresses
    assert page.xpath("string(//h1)") == "Карта сайта"
    assert page.xpath("//th/text()") == ["Адрес", "Дата"]
    assert rows[0].xpath("string(td[2])").strip()[:2] == "20"  # a date: 2025-05-19 09:39
