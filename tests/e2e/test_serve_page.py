"""End-to-end tests of the `anb serve` page in headless Chromium (Selenium)."""

import json
import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import anb


def wait(browser, script, timeout=30):
    WebDriverWait(browser, timeout).until(lambda d: d.execute_script(script))


@pytest.fixture()
def page(browser, served):
    base, _, _ = served
    browser.get(base + "/")
    wait(browser, "return document.body.getAttribute('data-ready') === 'true'")
    return browser


def card_predictions(browser):
    rows = browser.find_elements(By.CSS_SELECTOR, "#predictions tbody tr")
    out = {}
    for row in rows:
        mean = row.find_element(By.CSS_SELECTOR, "td.mean")
        std = row.find_element(By.CSS_SELECTOR, "td.std")
        out[row.get_attribute("data-target")] = (float(mean.get_attribute("data-value")), mean.text,
                                                 float(std.get_attribute("data-value")))
    return out


def expect_card_matches_cli(browser, models, arch):
    expected = json.loads(anb("query", "--json", "--models", models, arch))[0]
    assert browser.find_element(By.ID, "arch-name").text == expected["arch"]
    shown = card_predictions(browser)
    assert list(shown) == list(expected["targets"])
    for target, p in expected["targets"].items():
        mean, text, std = shown[target]
        assert mean == p["mean"] and std == p["std"], target
        assert text == f"{p['mean']:.4f}"


def show(browser, text):
    box = browser.find_element(By.ID, "arch-input")
    box.clear()
    box.send_keys(text)
    browser.find_element(By.CSS_SELECTOR, "#arch-form button").click()


def test_page_loads_and_the_chart_draws_every_measured_point(page, served):
    _, _, n = served
    assert page.title == "anb explorer"
    assert page.execute_script("return anbState.chart.getDatasetMeta(0).data.length") == n
    assert page.execute_script("return anbState.chart.data.datasets[1].data.length") > 0  # front
    assert page.execute_script("return anbState.chart.data.datasets[2].data.length") == 1  # B0
    # Pixels, not only data: the canvas holds many non-white pixels.
    painted = page.execute_script("""
        const c = document.getElementById('scatter');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;""")
    assert painted > 5000
    metrics = [o.get_attribute("value") for o in page.find_elements(By.CSS_SELECTOR, "#metric option")]
    assert sorted(metrics) == ["latency_zcu102", "throughput_a100"]
    assert page.execute_script("return anbState.metric") == "throughput_a100"


def test_typing_an_architecture_shows_what_anb_query_prints(page, served):
    _, models, _ = served
    show(page, "efficientnet-b0")
    wait(page, "return document.getElementById('arch-name').textContent.startsWith('e1666666')")
    expect_card_matches_cli(page, models, "efficientnet-b0")
    measured = page.find_element(By.CSS_SELECTOR, "tr[data-target=accuracy] td.measured").text
    assert measured != "–"  # B0 is in the synthetic data
    assert len(page.find_elements(By.CSS_SELECTOR, "#stages tbody tr")) == 7


def test_editing_a_stage_updates_the_predictions(page, served):
    _, models, _ = served
    show(page, "e1666666-k3353553-l1223341-seTTTTTTT")
    wait(page, "return document.getElementById('arch-name').textContent === 'e1666666-k3353553-l1223341-seTTTTTTT'")
    Select(page.find_element(By.CSS_SELECTOR, "select[data-stage='2'][data-key='expansion']")).select_by_value("4")
    edited = "e1646666-k3353553-l1223341-seTTTTTTT"
    wait(page, f"return document.getElementById('arch-name').textContent === '{edited}'")
    expect_card_matches_cli(page, models, edited)
    Select(page.find_element(By.CSS_SELECTOR, "select[data-stage='5'][data-key='layers']")).select_by_value("1")
    wait(page, "return document.getElementById('arch-name').textContent === 'e1646666-k3353553-l1223311-seTTTTTTT'")


def test_a_bad_architecture_shows_an_error_naming_the_field(page):
    show(page, "e1666666-k33")
    wait(page, "return !document.getElementById('arch-error').hidden")
    assert page.find_element(By.ID, "arch-error").text.startswith("arch:")


def test_clicking_a_point_opens_its_card(page):
    x, y, arch = page.execute_script("""
        const p = anbState.chart.getDatasetMeta(2).data[0];
        return [p.x, p.y, anbState.chart.data.datasets[2].data[0].arch];""")
    canvas = page.find_element(By.ID, "scatter")
    w, h = canvas.size["width"], canvas.size["height"]
    ActionChains(page).move_to_element_with_offset(canvas, int(x - w / 2), int(y - h / 2)).click().perform()
    wait(page, f"return document.getElementById('arch-name').textContent === '{arch}'")


def test_a_search_grows_a_front_over_the_scatter(page):
    Select(page.find_element(By.ID, "metric")).select_by_value("latency_zcu102")
    wait(page, "return anbState.metric === 'latency_zcu102'")
    budget = page.find_element(By.ID, "budget")
    budget.clear()
    budget.send_keys("200")
    page.find_element(By.ID, "run-search").click()
    wait(page, "return anbState.searchDone")
    front = page.execute_script("return anbState.chart.data.datasets[4].data.length")
    assert front > 0 and front == page.execute_script("return anbState.searchFront")
    assert page.execute_script("return anbState.chart.data.datasets[3].data.length") == 200
    assert "200 evaluations" in page.find_element(By.ID, "search-status").text


def test_api_errors_over_http(served):
    base, _, _ = served
    for path, status, field in [("/api/query?arch=bogus", 400, "arch"),
                                ("/api/query?arch=efficientnet-b0&targets=throughput_x", 400, "targets"),
                                ("/../../etc/passwd", 404, "path")]:
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(base + path)
        assert e.value.code == status
        assert json.loads(e.value.read())["error"]["field"] == field


def test_command_line_errors_and_the_non_loopback_warning(served, tmp_path):
    import subprocess

    from conftest import ANB

    _, models, _ = served
    bad = subprocess.run([ANB, "serve", "--models", tmp_path / "none", "--no-data", "--port", "0"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and bad.stderr.startswith("anb: error:") and "none" in bad.stderr
    proc = subprocess.Popen([ANB, "serve", "--models", models, "--no-data", "--host", "0.0.0.0",
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        warning = proc.stderr.readline()
        assert warning.startswith("anb: warning: listening on 0.0.0.0, not loopback")
        assert "http://0.0.0.0:" in proc.stdout.readline()
    finally:
        proc.terminate()
        assert proc.wait(timeout=20) == 0
