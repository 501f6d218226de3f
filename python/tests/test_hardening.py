"""Hostile files give a Python exception naming the file, never a crash of the interpreter:
JSON nested 80,000 levels deep in a model directory's manifest or member, or in a record."""

import json
import pathlib

import pytest

import anb

DEEP = "[" * 80000 + "]" * 80000
FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "tests" / "fixtures"


def test_deep_manifest_is_an_error_naming_the_file(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    manifest = models / "manifest.json"
    manifest.write_text('{"format_version": 1, "x": ' + DEEP + "}")
    with pytest.raises(RuntimeError, match="nested deeper than 64") as e:
        anb.Benchmark(models)
    assert str(manifest) in str(e.value) and "\n" not in str(e.value)


def test_overflowing_number_names_the_file(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    (models / "manifest.json").write_text('{"format_version": 1e999}')
    with pytest.raises(RuntimeError, match="1e999") as e:
        anb.Benchmark(models)
    assert str(models / "manifest.json") in str(e.value)


def test_deep_record_is_an_error_naming_the_file(tmp_path):
    record = json.loads((FIXTURES / "records" / "result_0.json").read_text())
    text = json.dumps(record)[:-1] + ', "metadata": {"x": ' + DEEP + "}}"
    (tmp_path / "deep_1.json").write_text(text)
    with pytest.raises(Exception, match="nested deeper than 64") as e:
        anb.Dataset.load(tmp_path)
    assert "deep_1.json" in str(e.value)
