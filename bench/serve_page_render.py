#!/usr/bin/env python3
"""First render of the `anb serve` page in headless Chromium: time from navigation start until
the scatter has drawn every measured point (window.anbState.renderMs, set right after Chart.js
drew synchronously, animation off), over several page loads; optionally saves a screenshot.

  build/anb serve --models DIR --data PATH --port 8080 &
  /usr/bin/python3 bench/serve_page_render.py http://127.0.0.1:8080/ [--loads 5] [--screenshot docs/serve.png]
"""

import argparse
import statistics
import sys
import pathlib
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from conftest import chromium  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--screenshot")
    ap.add_argument("--arch", default="efficientnet-b0", help="architecture card of the screenshot")
    ap.add_argument("--metric", default="throughput_a100")
    args = ap.parse_args()
    driver = chromium()
    try:
        times = []
        for _ in range(args.loads):
            driver.get(args.url)
            WebDriverWait(driver, 60).until(
                lambda d: d.execute_script("return document.body.getAttribute('data-ready') === 'true'"))
            ms, points = driver.execute_script(
                "return [anbState.renderMs, anbState.chart.getDatasetMeta(0).data.length]")
            times.append(ms)
        print(f"first render with {points} measured points: median {statistics.median(times):.0f} ms, "
              f"max {max(times):.0f} ms over {len(times)} loads (target <= 1000 ms)")
        if args.screenshot:
            Select(driver.find_element(By.ID, "metric")).select_by_value(args.metric)
            WebDriverWait(driver, 30).until(lambda d: d.execute_script(f"return anbState.metric === '{args.metric}'"))
            box = driver.find_element(By.ID, "arch-input")
            box.send_keys(args.arch)
            driver.find_element(By.CSS_SELECTOR, "#arch-form button").click()
            WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "arch-name").text)
            driver.find_element(By.ID, "run-search").click()
            WebDriverWait(driver, 60).until(lambda d: d.execute_script("return anbState.searchDone"))
            time.sleep(0.3)
            driver.save_screenshot(args.screenshot)
            print(f"wrote {args.screenshot}")
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
