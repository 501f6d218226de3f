"""Architecture and SearchSpace bindings: parsing, encodings, indices, cost, mutation,
neighbours, value semantics and the error paths."""

import pickle

import numpy as np
import pytest

import anb

B0 = "e1666666-k3353553-l1223341-seTTTTTTT"


def differing_decisions(a, b):
    return int(np.sum(a.encoding != b.encoding))


def test_parse_and_canonical_string():
    a = anb.Architecture(B0)
    assert str(a) == B0 and a.canonical == B0
    assert repr(a) == f"Architecture('{B0}')"
    assert anb.Architecture.parse("efficientnet-b0") == a == anb.Architecture.efficientnet_b0()
    assert a.stages[0] == (1, 3, 1, True) and a.stages[5] == (6, 5, 4, True)
    assert a.total_layers == 16


def test_parse_record_form_round_trip():
    a = anb.Architecture(B0)
    import json
    assert anb.Architecture(json.dumps(a.record_form())) == a
    assert a.record_form()["block3_e"] == 6 and a.record_form()["block6_se"] is True


@pytest.mark.parametrize("text, fragment", [
    ("e1666666-k3353553-l1223341", "e1666666-k3353553-l1223341"),
    ("e1666666-k3353553-l1223391-seTTTTTTT", "e1666666-k3353553-l1223391-seTTTTTTT"),
    ("nonsense", "nonsense"),
])
def test_bad_strings_raise_value_error_quoting_the_text(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        anb.Architecture(text)


def test_cost_matches_reference_values():
    a = anb.Architecture.efficientnet_b0()
    assert a.macs == pytest.approx(415.145024, abs=1e-9)  # millions
    assert a.params == pytest.approx(5.288548, abs=1e-9)
    assert anb.Architecture.smallest().macs < a.macs


def test_encoding_and_choice_indices():
    a = anb.Architecture(B0)
    e = a.encoding
    assert e.shape == (28,) and e.dtype == np.float64
    # stage 0: expansion 1 -> 0, kernel 3 -> 0, layers 1 -> 0, SE True -> 0
    assert list(e[:4]) == [0, 0, 0, 0]
    # stage 1: expansion 6 -> 2, kernel 3 -> 0, layers 2 -> 1, SE True -> 0
    assert list(e[4:8]) == [2, 0, 1, 0]
    assert a.choice_indices == [int(x) for x in e]
    assert anb.Architecture.from_encoding(e) == a
    assert anb.Architecture.from_encoding(list(e)) == a
    with pytest.raises(ValueError, match="28"):
        anb.Architecture.from_encoding([0.0] * 27)


def test_index_is_a_bijection_and_rejects_out_of_range():
    for a in anb.SearchSpace.sample(200, seed=1):
        assert anb.Architecture.from_index(a.index) == a
        assert 0 <= a.index < anb.SearchSpace.size
    # index 0: every decision at its first declared choice (SE is declared {True, False})
    assert anb.Architecture.from_index(0) == anb.Architecture("e1111111-k3333333-l1111111-seTTTTTTT")
    with pytest.raises(ValueError):
        anb.Architecture.from_index(anb.SearchSpace.size)


def test_mutate_changes_one_decision_and_is_seeded():
    a = anb.Architecture(B0)
    b = a.mutate(3)
    assert differing_decisions(a, b) == 1
    assert a.mutate(3) == b
    rng = anb.Rng(3)
    first = a.mutate(rng)
    assert first == b  # Rng(3) draws the same first mutation
    second = a.mutate(rng)  # the engine advanced
    assert differing_decisions(a, second) == 1
    assert [a.mutate(anb.Rng(9)) for _ in range(2)] == [a.mutate(9)] * 2


def test_neighbours():
    a = anb.Architecture(B0)
    ns = a.neighbours()
    assert len(ns) == 43 and len(set(ns)) == 43
    assert all(differing_decisions(a, n) == 1 for n in ns)
    assert a.with_choice(0, 2).stages[0][0] == 6


def test_value_semantics_hash_order_pickle():
    archs = anb.SearchSpace.sample(300, seed=2)
    assert len(set(archs)) == len({a.index for a in archs})
    copy = anb.Architecture(str(archs[0]))
    assert copy == archs[0] and hash(copy) == hash(archs[0]) and not (copy != archs[0])
    assert sorted(archs) == sorted(archs, key=lambda a: a.index)
    assert pickle.loads(pickle.dumps(archs)) == archs


def test_search_space_size_and_sampling():
    assert anb.SearchSpace.size == 104_485_552_128
    assert anb.SearchSpace().size == anb.SearchSpace.size
    a = anb.SearchSpace.sample(50, seed=4)
    assert len(a) == 50 and a == anb.SearchSpace.sample(50, seed=4)
    assert a != anb.SearchSpace.sample(50, seed=5)
    assert anb.SearchSpace.sample(0, seed=4) == []
    with pytest.raises(TypeError):
        anb.SearchSpace.sample(5)  # the seed is required and keyword-only
    enc = anb.SearchSpace.sample_encodings(50, seed=4)
    assert enc.shape == (50, 28)
    assert np.array_equal(enc, anb.SearchSpace.encode(a))


def test_decisions():
    d = anb.SearchSpace.decisions()
    assert len(d) == 28
    assert d[0] == ("block0_e", [1, 4, 6]) and d[3] == ("block0_se", [1, 0])
    assert d[22][1] == [1, 2, 3, 4]  # layers of stage 5


def test_batch_encode_decode_and_input_forms():
    archs = anb.SearchSpace.sample(100, seed=6)
    enc = anb.SearchSpace.encode(archs)
    assert anb.SearchSpace.decode(enc) == archs
    assert anb.SearchSpace.decode(enc.astype(np.int32)) == archs
    assert np.array_equal(anb.SearchSpace.encode([str(a) for a in archs]), enc)
    assert np.array_equal(anb.SearchSpace.encode(np.array(archs, dtype=object)), enc)
    assert anb.SearchSpace.encode(B0).shape == (1, 28)


def test_batch_errors_name_the_item():
    with pytest.raises(ValueError, match=r"archs\[1\]"):
        anb.SearchSpace.encode([B0, "bad"])
    with pytest.raises(ValueError, match=r"archs\[0\]: expected an Architecture, a str or a dict, got int"):
        anb.SearchSpace.encode([3])
    with pytest.raises(ValueError, match=r"shape \(4, 27\)"):
        anb.SearchSpace.decode(np.zeros((4, 27)))
    bad = np.zeros((3, 28))
    bad[1, 0] = 7
    with pytest.raises(ValueError, match="encodings row 1"):
        anb.SearchSpace.decode(bad)
    with pytest.raises(ValueError, match="got float"):
        anb.SearchSpace.encode(1.5)
