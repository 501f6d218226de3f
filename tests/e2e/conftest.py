"""Fixtures of the `anb serve` end-to-end tests: synthetic records (no shared data needed), a tiny
model directory fitted on them with `anb fit`, a server on a free loopback port, and headless
Chromium driven by Selenium.

CTest passes ANB_EXE (the built `anb`); run by hand with
  ANB_EXE=build/anb python3 -m pytest tests/e2e
"""

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
ANB = os.environ.get("ANB_EXE", str(ROOT / "build" / "anb"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

TINY = {"default": {"num_rounds": 20, "early_stopping_rounds": 5, "members": 2,
                    "learning_rate": 0.3, "transform": "none"}}


def anb(*args):
    return subprocess.run([ANB, *map(str, args)], check=True, capture_output=True, text=True).stdout


def write_synthetic_records(folder, n=300):
    """Records whose accuracy grows with MACs while throughput falls and latency grows."""
    archs = json.loads(anb("arch", "sample", "--n", n - 1, "--seed", 3, "--json"))
    archs += json.loads(anb("arch", "info", "--json", "efficientnet-b0"))
    folder.mkdir(parents=True)
    for i, a in enumerate(archs):
        t = min(max((a["macs"] - 150.0) / 600.0, 0.0), 1.0)
        wiggle = (i % 7) * 0.1
        record = {
            "architecture": a["record"],
            "metrics": {"val_top1": 50.0 + 15.0 * t + wiggle},
            "platform_perf": {
                "throughput_a100": {"throughput_mean": 28000.0 - 22000.0 * t + 100 * wiggle,
                                    "throughput_std": None},
                "latency_zcu102": {"latency_mean": 2.0 + 18.0 * t - wiggle, "latency_std": None},
            },
        }
        (folder / f"synthetic_{i}.json").write_text(json.dumps(record))
    return len(archs)


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """(base URL, models dir, number of records) of a running `anb serve`."""
    work = tmp_path_factory.mktemp("serve")
    data = work / "records"
    n = write_synthetic_records(data)
    (work / "tiny.json").write_text(json.dumps(TINY))
    anb("fit", "--data", data, "--val-fraction", 0, "--config", work / "tiny.json", "--threads", 1,
        "--no-progress", "--targets", "accuracy,throughput_a100,latency_zcu102", "--out",
        work / "models")
    proc = subprocess.Popen([ANB, "serve", "--models", work / "models", "--data", data, "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        raise RuntimeError(f"anb serve did not start: {line} {proc.stderr.read()}")
    yield f"http://127.0.0.1:{match.group(1)}", work / "models", n
    proc.terminate()
    assert proc.wait(timeout=20) == 0, proc.stderr.read()


def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("ANB_CHROMIUM", "/usr/bin/chromium")
    # CI runs as root: Chromium refuses to start there without --no-sandbox.
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1500,950"):
        options.add_argument(flag)
    service = Service(os.environ.get("ANB_CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


@pytest.fixture(scope="session")
def browser():
    driver = chromium()
    yield driver
    driver.quit()
