"""The skops reader: plain data without skops, everything else only through the trusted list."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from baogao.modelio import UntrustedModelError, load_skops, plain_data_only

sio = pytest.importorskip("skops.io")


def _plain_model() -> dict:
    return {
        "labels": ["preamble", "review"],
        "weights": np.arange(12, dtype=np.float32).reshape(3, 4),
        "vocab": np.array(["要", "了", "存在的问题"]),
        "pair": (1, 2.5, None, True),
        "nested": {"c1": 0.05, "names": ["a", "b"]},
        "by_id": {3: "three", 7: "seven"},
    }


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def test_plain_data_reads_back_exactly_as_skops_does(tmp_path):
    path = tmp_path / "m.skops"
    model = _plain_model()
    sio.dump(model, path)
    ours = load_skops(path)
    assert _same(ours, model)
    assert _same(ours, sio.load(path, trusted=[]))


def test_plain_data_is_read_without_importing_skops_or_sklearn(tmp_path):
    path = tmp_path / "m.skops"
    sio.dump(_plain_model(), path)
    code = (
        "import sys; from baogao.modelio import load_skops; m = load_skops(sys.argv[1]); "
        "print(sorted(m), any(k.split('.')[0] in ('skops', 'sklearn', 'scipy') for k in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.split("]")[-1].strip() == "False"
    assert "'weights'" in out.stdout


def test_an_estimator_needs_its_type_in_the_trusted_list(tmp_path):
    from sklearn.linear_model import LogisticRegression

    path = tmp_path / "lr.skops"
    lr = LogisticRegression().fit(np.array([[0.0], [1.0], [2.0], [3.0]]), [0, 0, 1, 1])
    sio.dump({"clf": lr}, path)
    with zipfile.ZipFile(path) as z:
        assert not plain_data_only(json.loads(z.read("schema.json")))
    with pytest.raises(UntrustedModelError) as info:
        load_skops(path)
    assert "sklearn.linear_model._logistic.LogisticRegression" in info.value.types
    with pytest.raises(UntrustedModelError):  # numpy and builtins alone are not enough
        load_skops(path, trusted=["numpy.ndarray"])
    model = load_skops(path, trusted=info.value.types)
    assert model["clf"].predict(np.array([[3.0]]))[0] == 1


def test_a_schema_naming_a_function_is_not_plain_and_is_refused(tmp_path):
    path = tmp_path / "evil.skops"
    sio.dump({"a": 1}, path)
    with zipfile.ZipFile(path) as z:
        schema = json.loads(z.read("schema.json"))
    schema["content"]["a"] = {
        "__class__": "system", "__module__": "os", "__loader__": "FunctionNode",
        "content": {"module_path": "os", "function": "system"}, "__id__": 1,
    }
    evil = tmp_path / "evil2.skops"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("schema.json", json.dumps(schema))
    assert not plain_data_only(schema)
    with pytest.raises(UntrustedModelError):
        load_skops(evil)


def test_an_array_of_objects_goes_through_skops_and_reads_back(tmp_path):
    path = tmp_path / "obj.skops"
    sio.dump({"a": np.array([1, "x", None], dtype=object)}, path)
    with zipfile.ZipFile(path) as z:
        assert not plain_data_only(json.loads(z.read("schema.json")))
    assert load_skops(path)["a"].tolist() == [1, "x", None]
