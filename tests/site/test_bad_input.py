"""Audit item 13 (public part): no input a reader can type is a server error. Each bad
value is a 4xx with an Arabic message, on SQLite and PostgreSQL alike (NUL bytes, which
PostgreSQL refuses in any query; dates a timezone shift overflows; huge numbers)."""

import pytest

pytestmark = pytest.mark.django_db

NOT_FOUND = "الصفحة غير موجودة"


@pytest.mark.parametrize("kind", ["tags", "people", "places", "sources"])
@pytest.mark.parametrize("slug", ["%00", "a%00b", "%01", "%1B", "%C2%85", "%7F"])
def test_control_chars_in_entity_slugs_are_404(client, world, kind, slug):
    for url in (f"/{kind}/{slug}/", f"/{kind}/{slug}/feed/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert NOT_FOUND in response.content.decode(), url


def test_control_chars_and_huge_ids_in_story_urls_are_harmless(client, world):
    response = client.get(f"/articles/{world.story.pk}/%00/")
    assert response.status_code == 301  # to the story's own address, like any wrong slug
    assert response["Location"] == world.story.get_absolute_url()
    for url in ("/articles/99999999999999999999999/x/", "/articles/9223372036854775808/x/"):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "params",
    [
        {"date_after": "0001-01-01"},
        {"date_before": "0001-01-01"},
        {"date_after": "9999-12-31"},
        {"date_before": "9999-12-31"},
        {"date_after": "1899-12-31", "date_before": "2101-01-01"},
        {"tag": "\x00"},
        {"person": "\x00"},
        {"place": "a\x00b"},
        {"source": "\x00"},
        {"section": "\x00"},
        {"date_after": "\x00"},
        {"exclusive": "\x00", "tag": "\x1b"},
        {"person": "ش" * 5000},
    ],
)
def test_bad_filter_values_are_400_with_an_arabic_message(client, world, params):
    response = client.get("/articles/", params)
    assert response.status_code == 400, params
    html = response.content.decode()
    assert 'role="alert"' in html and "تعذّر تطبيق بعض المرشحات" in html
    assert world.story.title not in html.split("</form>")[1]


def test_out_of_range_dates_say_which_years(client, world):
    html = client.get("/articles/", {"date_after": "0001-01-01"}).content.decode()
    assert "اختر تاريخاً بين سنة 1900 وسنة 2100" in html
    html = client.get("/articles/", {"date_after": "2000-01-01", "date_before": "2100-12-31"})
    assert html.status_code == 200 and world.story.title in html.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/articles/?q=%00",
        "/articles/?page=%00",
        "/articles/?page=99999999999999999999999999",
        "/articles/?page=" + "9" * 5000,
        "/articles/?page=1e308",
        "/search/?q=%00",
        "/search/?q=%D8%A7%D9%84%D9%85%D9%88%D8%B5%D9%84%00&page=%00",
        "/search/?q=%D8%A7%D9%84%D9%85%D9%88%D8%B5%D9%84&page=99999999999999999999999999",
        "/tags/%D8%AF%D8%A7%D8%B9%D8%B4/?page=%00",
        "/tags/%D8%AF%D8%A7%D8%B9%D8%B4/?page=-99999999999999999999",
    ],
)
def test_nul_bytes_and_huge_page_numbers_are_harmless(client, world, url):
    assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("p", ["%00", "99999999999999999999", "-1", "abc"])
def test_bad_sitemap_pages_are_404(client, world, p):
    assert client.get(f"/sitemap-articles.xml?p={p}").status_code == 404
