"""figures.html in a real headless Chromium: drawn, not blank, and a point opens its quote."""

from __future__ import annotations

import io

import pytest
from docs_support import (
    FIGURE_SENTENCES,
    FIXTURE_MEASURES,
    FIXTURE_ONTOLOGY,
    figure_link,
    figure_spans,
    headless_chromium,
    write_figures_graph,
)

from g60kg.docs import build_docs

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with headless_chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures-browser")
    graph = write_figures_graph(folder / "graph.ttl")
    build_docs(folder / "docs", graph, FIXTURE_ONTOLOGY, FIXTURE_MEASURES)
    return folder / "docs"


def _pixels(browser) -> list[tuple[int, tuple[int, int, int]]]:
    from PIL import Image

    shot = Image.open(io.BytesIO(browser.get_screenshot_as_png())).convert("RGB")
    return shot.getcolors(maxcolors=shot.width * shot.height)


def test_the_charts_are_drawn_and_the_screenshot_is_not_blank(browser, docs):
    browser.get((docs / "figures.html").as_uri())
    box = browser.execute_script(
        "var r = document.querySelector('#m-gdp svg').getBoundingClientRect();"
        "return [r.width, r.height];"
    )
    assert box[0] > 300 and box[1] > 200
    drawn = browser.execute_script(
        "return Array.from(document.querySelectorAll('#m-gdp svg a use')).filter("
        "function(u){var r = u.getBoundingClientRect(); return r.width > 0 && r.height > 0;}"
        ").length;"
    )
    assert drawn == 5
    browser.execute_script("document.getElementById('m-gdp').scrollIntoView();")
    colours = _pixels(browser)
    total = sum(n for n, _ in colours)
    white = sum(n for n, c in colours if min(c) > 245)
    assert total - white > total * 0.01, "the screenshot is (almost) blank"
    assert len(colours) > 100, "a drawn chart has many shades (anti-aliased text and points)"
    # the points of 2022 and 2023 are two different viridis shades, both on screen
    strong = {c for n, c in colours if n >= 10 and max(c) - min(c) > 60}
    assert len(strong) >= 2


def test_clicking_a_point_opens_the_report_at_its_quote(browser, docs):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get((docs / "figures.html").as_uri())
    begin, end = figure_spans()[1]  # Jiaxing's GDP in 2023
    target = figure_link(begin, end)
    point = browser.find_element(By.CSS_SELECTOR, f'#m-gdp svg a[*|href="{target}"] use')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", point)
    point.click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(target))
    heading = WebDriverWait(browser, 10).until(
        lambda b: (
            b.find_element(By.CSS_SELECTOR, "#details h2").text.startswith("metric")
            and b.find_element(By.CSS_SELECTOR, "#details h2").text
        )
    )
    assert heading == f"metric span {begin}-{end}"
    quote = browser.find_element(By.CSS_SELECTOR, "#details p.quote").text
    assert quote == f"“{FIGURE_SENTENCES[1][0]}”"
    active = browser.find_elements(By.CSS_SELECTOR, "mark.active")
    assert [m.text for m in active] == [FIGURE_SENTENCES[1][0]]
