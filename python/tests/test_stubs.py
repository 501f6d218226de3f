"""The type stub python/anb/_core.pyi names exactly what the compiled module holds: every stubbed
function, class, method and attribute exists, and every public name of the module and of its
classes is stubbed (so an editor's completion and a type checker see the real API)."""

import ast
from pathlib import Path

import anb._core as core

STUB = Path(__file__).resolve().parents[1] / "anb" / "_core.pyi"


def assigned_names(body):
    names = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def public(names):
    return {n for n in names if not n.startswith("_")}


def drift(stub_text):
    """(names stubbed but not in the module, public names of the module not stubbed)."""
    tree = ast.parse(stub_text)
    module_names = assigned_names(tree.body)
    missing = sorted(n for n in public(module_names) if not hasattr(core, n))
    unstubbed = sorted(public(dir(core)) - module_names)
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or not hasattr(core, node.name):
            continue
        cls, members = getattr(core, node.name), assigned_names(node.body)
        missing += [f"{node.name}.{n}" for n in sorted(public(members)) if not hasattr(cls, n)]
        unstubbed += [f"{node.name}.{n}" for n in sorted(public(dir(cls)) - members)]
    return missing, unstubbed


def test_stub_and_module_name_the_same_api():
    missing, unstubbed = drift(STUB.read_text())
    assert not missing, f"in {STUB.name} but not in the module: {missing}"
    assert not unstubbed, f"in the module but not in {STUB.name}: {unstubbed}"


def test_drift_is_seen_both_ways():
    text = STUB.read_text()
    line = "    def shared_ids(self, other: Dataset) -> int: ...\n"
    assert line in text
    drifted = text.replace(line, "    def no_such_method(self) -> int: ...\n")
    drifted += "\ndef no_such_function() -> None: ...\n"
    assert drift(drifted) == (["no_such_function", "Dataset.no_such_method"],
                              ["Dataset.shared_ids"])
