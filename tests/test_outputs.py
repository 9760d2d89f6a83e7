"""Output sinks: format choice, flushing, torn-line repair, done keys, CSV and Parquet round trips."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from baogao.errors import UsageError
from baogao.outputs import (
    CsvSink,
    JsonlSink,
    ParquetSink,
    StdoutSink,
    flatten_record,
    open_sink,
    repair_jsonl,
)

REC = {
    "id": "2023_publicity_report_masked.txt",
    "key": "k1",
    "source": "corpora/samples/2023_publicity_report_masked.txt",
    "length": 2874,
    "themes": ["publicity", "safety"],
    "theme_scores": {"publicity": 0.9},
    "keywords": [["新闻宣传", 0.31], ["通讯员", 0.2]],
    "metrics": [{"start": 210, "end": 216, "text": "356篇", "value": 356.0, "unit": "篇"}],
    "slogans": [],
    "errors": [],
}
ERR = {
    "id": "bad.txt",
    "key": "k2",
    "source": "bad.txt",
    "errors": [{"kind": "ReadError", "message": "empty"}],
}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    ("name", "fmt", "cls"),
    [
        ("o.jsonl", None, JsonlSink),
        ("o.CSV", None, CsvSink),
        ("o.parquet", None, ParquetSink),
        ("o.out", "csv", CsvSink),
    ],
)
def test_format_comes_from_suffix_or_fmt(tmp_path: Path, name: str, fmt: str | None, cls: type) -> None:
    with open_sink(tmp_path / name, fmt=fmt) as sink:
        assert isinstance(sink, cls)


def test_unknown_format_and_resume_without_file_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"\.xlsx"):
        open_sink(tmp_path / "o.xlsx")
    with pytest.raises(UsageError, match="resume"):
        open_sink(None, resume=True)
    assert isinstance(open_sink(None), StdoutSink)


def test_jsonl_is_readable_after_each_write_before_close(tmp_path: Path) -> None:
    sink = open_sink(tmp_path / "o.jsonl")
    sink.write([REC])
    assert _lines(tmp_path / "o.jsonl") == [REC]  # flushed: a killed process loses nothing written
    sink.write([ERR])
    sink.close()
    sink.close()  # idempotent
    assert _lines(tmp_path / "o.jsonl") == [REC, ERR]
    assert "新闻宣传" in (tmp_path / "o.jsonl").read_text(encoding="utf-8")  # not \\u escapes


def test_without_resume_an_existing_output_is_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_text(json.dumps(ERR) + "\n", encoding="utf-8")
    with open_sink(out) as sink:
        assert sink.done_keys() == set()
        sink.write([REC])
    assert _lines(out) == [REC]


A1 = b'{"id": "a", "key": "1"}\n'
B1 = b'{"id": "b", "key": "1", "paragraph": 0}\n'
B2 = b'{"id": "b", "key": "1", "paragraph": 1}\n'


@pytest.mark.parametrize(
    ("content", "kept", "drop_item"),
    [
        (A1 + b'{"id": "b", "ke', A1, False),
        (A1 + B1 + B2 + b'{"id": "b", "key": "1", "para', A1, True),  # the half-written item goes too
        (A1 + B1 + B2 + b'{"id": "b", "key": "1", "para', A1 + B1 + B2, False),
        (A1 + B1, A1 + B1, True),  # intact: untouched
        (b'{"id": "\xe6\x8a\xa5', b"", True),  # torn inside a UTF-8 character, no complete line at all
        (b"", b"", True),
    ],
)
def test_repair_cuts_the_torn_tail(tmp_path: Path, content: bytes, kept: bytes, drop_item: bool) -> None:
    path = tmp_path / "o.jsonl"
    path.write_bytes(content)
    assert repair_jsonl(path, drop_torn_item=drop_item) == len(content) - len(kept)
    assert path.read_bytes() == kept


def test_resume_reports_done_keys_and_appends(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    out.write_bytes((json.dumps({"id": 7, "key": "k7"}) + "\n" + json.dumps(REC) + "\n").encode())
    with open_sink(out, resume=True) as sink:
        assert sink.done_keys() == {(REC["id"], "k1"), ("7", "k7")}  # ids compared as strings
        sink.write([ERR])
    assert [r["id"] for r in _lines(out)] == [7, REC["id"], "bad.txt"]


def test_resume_drops_the_stale_record_of_a_changed_input_at_close(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    with open_sink(out) as sink:
        sink.write([REC, ERR])
    with open_sink(out, resume=True) as sink:
        sink.write([REC | {"key": "k1-new", "length": 10}])
        assert len(_lines(out)) == 3  # appended first, compacted only at close
    assert [(r["id"], r["key"]) for r in _lines(out)] == [("bad.txt", "k2"), (REC["id"], "k1-new")]


@pytest.mark.parametrize(
    ("record", "flat"),
    [
        ({"themes": ["safety", "publicity"]}, {"themes": "safety;publicity"}),
        ({"keywords": [["安全生产", 0.31]]}, {"keywords": '["安全生产",0.31]'}),
        ({"theme_scores": {"safety": 0.8}}, {"theme_scores": '{"safety":0.8}'}),
        ({"length": 12, "approx": None, "masked": False}, {"length": 12, "approx": None, "masked": False}),
        ({"slogans": []}, {"slogans": ""}),
    ],
)
def test_flatten_record_makes_tabular_cells(record: dict, flat: dict) -> None:
    assert flatten_record(record) == flat


def _csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_round_trip_with_header_once_across_resume(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    with open_sink(out) as sink:
        sink.write([REC | {"source": "第一行\n第二行"}])
    with open_sink(out, resume=True) as sink:
        assert sink.done_keys() == {(REC["id"], "k1")}
        sink.write([ERR | {"warning": "late key"}])
    text = out.read_text(encoding="utf-8")
    assert text.count("id,key,") == 1 and len(text.splitlines()) == 3  # one physical line per row
    rows = _csv_rows(out)
    assert rows[0]["themes"] == "publicity;safety" and rows[0]["source"] == "第一行 第二行"
    assert json.loads(rows[1]["errors"]) == ERR["errors"][0]
    assert json.loads(rows[1]["extra"]) == {"warning": "late key"}  # unknown later keys are not lost


def test_csv_columns_function_flattens_and_keeps_id_and_key(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    with open_sink(out, columns=lambda r: {"n_metrics": len(r.get("metrics", []))}) as sink:
        sink.write([REC, ERR])
    assert _csv_rows(out) == [
        {"id": REC["id"], "key": "k1", "n_metrics": "1", "extra": ""},
        {"id": "bad.txt", "key": "k2", "n_metrics": "0", "extra": ""},
    ]


def test_csv_resume_repairs_a_torn_row_and_redoes_its_whole_item(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    rows = [{"id": "p.txt", "key": "k9", "paragraph": n} for n in range(2)]
    with open_sink(out, columns=["paragraph"]) as sink:
        sink.write([REC, *rows])
    with open(out, "a", encoding="utf-8") as f:
        f.write("p.txt,k9,")  # killed while writing the third paragraph row of p.txt
    with open_sink(out, columns=["paragraph"], resume=True) as sink:
        assert sink.done_keys() == {(REC["id"], "k1")}  # p.txt is incomplete: not done
        sink.write([{**r, "paragraph": n} for n, r in enumerate(rows * 2)][:3])
    assert [(r["id"], r["paragraph"]) for r in _csv_rows(out)] == [
        (REC["id"], ""),
        ("p.txt", "0"),
        ("p.txt", "1"),
        ("p.txt", "2"),
    ]


def test_csv_resume_replaces_the_row_of_a_changed_input(tmp_path: Path) -> None:
    out = tmp_path / "o.csv"
    with open_sink(out) as sink:
        sink.write([REC, ERR])
    with open_sink(out, resume=True) as sink:
        sink.write([REC | {"key": "k1-new", "length": 10}])
    assert [(r["id"], r["key"], r["length"]) for r in _csv_rows(out)] == [
        ("bad.txt", "k2", ""),
        (REC["id"], "k1-new", "10"),
    ]


def test_parquet_round_trip_keeps_lists_and_removes_the_journal(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "o.parquet"
    with open_sink(out) as sink:
        sink.write([REC, ERR])
        assert (tmp_path / "o.parquet.partial.jsonl").exists() and not out.exists()
    rows = pq.read_table(out).to_pylist()
    assert not (tmp_path / "o.parquet.partial.jsonl").exists()
    assert [r["id"] for r in rows] == [REC["id"], "bad.txt"]
    assert rows[0]["themes"] == ["publicity", "safety"] and rows[1]["themes"] is None
    assert rows[0]["metrics"][0]["value"] == 356.0


def test_parquet_survives_a_kill_through_its_journal_and_resumes(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "o.parquet"
    sink = open_sink(out)
    sink.write([REC])  # then the process dies: close() never runs
    journal = tmp_path / "o.parquet.partial.jsonl"
    journal.write_bytes(journal.read_bytes() + json.dumps(ERR).encode() + b'\n{"id": "bad')
    with open_sink(out, resume=True) as again:
        assert again.done_keys() == {(REC["id"], "k1")}  # ERR was the item being written: redone
        again.write([ERR])
    assert sorted(pq.read_table(out).column("id").to_pylist()) == sorted([REC["id"], "bad.txt"])
    with open_sink(out, resume=True) as third:  # a finished file is resumed too
        assert third.done_keys() == {(REC["id"], "k1")}  # the error record is retried, not done
        third.write([{"id": "new.txt", "key": "k3", "length": "not a number"}])
    table = pq.read_table(out)
    assert table.num_rows == 3 and table.column("length").to_pylist()[-1] == "not a number"


def test_parquet_columns_function_controls_the_schema(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "o.parquet"
    with open_sink(out, columns=lambda r: {"themes": ";".join(r.get("themes", []))}) as sink:
        sink.write([REC, ERR])
    assert pq.read_table(out).to_pydict() == {
        "id": [REC["id"], "bad.txt"],
        "key": ["k1", "k2"],
        "themes": ["publicity;safety", ""],
    }


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_resume_retries_failed_inputs_and_replaces_their_error_records(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"o{suffix}"
    with open_sink(out) as sink:
        sink.write([REC, ERR])
    fixed = {**REC, "id": "bad.txt", "key": "k2", "source": "bad.txt"}
    with open_sink(out, resume=True) as again:
        assert again.done_keys() == {(REC["id"], "k1")}
        again.write([fixed])
    rows = _rows(out)
    assert sorted(r["id"] for r in rows) == sorted([REC["id"], "bad.txt"])
    assert not [r for r in rows if r["id"] == "bad.txt" and r.get("errors") not in (None, "", "[]", [])]
    with open_sink(out, resume=True) as third:  # now both are done
        assert third.done_keys() == {(REC["id"], "k1"), ("bad.txt", "k2")}


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_a_retry_that_fails_again_leaves_exactly_one_error_record(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"o{suffix}"
    with open_sink(out) as sink:
        sink.write([REC, ERR])
    with open_sink(out, resume=True) as again:
        again.write([ERR])
    rows = _rows(out)
    assert sorted(r["id"] for r in rows) == sorted([REC["id"], "bad.txt"])


def _rows(path: Path) -> list[dict]:
    if path.suffix == ".csv":
        import csv

        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
