"""Our scorer follows FORMAT.md and agrees with the reference score.py."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from baogao.evaluate import SCORERS, score_masked, score_metrics, score_paragraphs, tasks_for

TEXT = "全年发稿356篇，增长7.1%。联系人李慧。"


def _gold() -> dict:
    return {"d1": {"id": "d1", "text": TEXT,
                   "paragraphs": [{"start": 0, "end": 16, "label": "review"}, {"start": 16, "end": 22, "label": "closing"}],
                   "metrics": [{"start": 4, "end": 8, "text": "356篇", "value": 356.0, "unit": "篇", "masked": False},
                               {"start": 11, "end": 15, "text": "7.1%", "value": 7.1, "unit": "%", "masked": False}],
                   "sensitive": [{"start": 19, "end": 21, "text": "李慧", "label": "PERSON"}]}}


def test_metric_exact_needs_value_unit_and_masked() -> None:
    pred = {"d1": {"metrics": [{"start": 4, "end": 8, "value": 356.0, "unit": "篇", "masked": False},
                               {"start": 11, "end": 15, "value": 7.1, "unit": "个", "masked": False}]}}
    s = score_metrics(_gold(), pred)
    assert (s["span_f1"], s["exact_p"], s["exact_r"]) == (1.0, 0.5, 0.5)


def test_paragraph_label_taken_from_largest_overlap() -> None:
    pred = {"d1": {"paragraphs": [{"start": 0, "end": 3, "label": "closing"}, {"start": 3, "end": 22, "label": "review"}]}}
    s = score_paragraphs(_gold(), pred)
    assert s["accuracy"] == 0.5
    assert s["per_label_f1"]["review"] == pytest.approx(2 / 3, abs=1e-4)


def test_masked_counts_leaks_and_overmasking() -> None:
    g = _gold()
    good = {"d1": {"text": TEXT.replace("李慧", "××")}}
    over = {"d1": {"text": TEXT.replace("李慧", "××").replace("全年", "××")}}
    assert score_masked(g, good)["leak_rate"] == 0.0
    assert score_masked(g, good)["overmask_rate"] == 0.0
    assert score_masked(g, over)["overmask_rate"] > 0.0
    assert score_masked(g, {"d1": {"text": TEXT}})["leak_rate"] == 1.0


def test_tasks_follow_what_the_gold_annotates() -> None:
    assert tasks_for(_gold()) == ["paragraphs", "metrics", "sensitive", "masked"]
    assert tasks_for({"c": {"id": "c", "text": "x", "source": "CLUENER2020 dev", "sensitive": []}}) == ["entities"]


def _perturbed(gold: dict, rng: random.Random) -> dict:
    """Predictions that are partly right: shifted, dropped and relabelled spans."""
    pred = {}
    for did, g in gold.items():
        rec: dict = {"id": did}
        for key in ("metrics", "slogans", "sensitive", "paragraphs"):
            if key not in g:
                continue
            items = []
            for s in g[key]:
                if rng.random() < 0.2:
                    continue
                s = dict(s)
                if rng.random() < 0.2:
                    s["start"] = max(0, s["start"] + rng.choice([-1, 1]))
                if key == "metrics" and rng.random() < 0.2:
                    s["value"] = (s.get("value") or 0) + 1
                if key == "paragraphs" and rng.random() < 0.2:
                    s["label"] = rng.choice(["review", "plan", "problems"])
                items.append(s)
            rec[key] = items
        if "sensitive" in g:
            rec["entities"] = rec.get("sensitive", [])
        if "themes" in g:
            rec["themes"] = g["themes"][1:]
        pred[did] = rec
    return pred


@pytest.mark.parametrize("name", ["corp_dev.jsonl", "gov_metrics_dev.jsonl", "cluener_dev.jsonl"])
def test_agrees_with_reference_scorer(shared_dir: Path, tmp_path: Path, name: str) -> None:
    from baogao.evaluate import load_jsonl

    gold_path = shared_dir / "eval" / name
    gold = load_jsonl(gold_path)
    pred = _perturbed(gold, random.Random(7))
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in pred.values()), encoding="utf-8")
    for task in ("paragraphs", "metrics", "slogans", "themes", "sensitive", "entities"):
        ref = subprocess.run([sys.executable, str(shared_dir / "eval" / "score.py"), task, str(gold_path),
                              str(pred_path)], capture_output=True, text=True, check=True)
        theirs = json.loads(ref.stdout.splitlines()[0])
        ours = SCORERS[task](gold, pred)
        for k, v in theirs.items():
            if isinstance(v, float):
                assert ours[k] == pytest.approx(v, abs=1e-4), (task, k)


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        ('{"id": "d1", "paragraphs": []}\n', "d.jsonl:1: record has no 'text': not a gold file"),
        ('{"id": "d1", "text": "x"}\n{"id": \n', "d.jsonl:2: not JSON"),
        ('{"id": "d1", "text": "x"}\n[1, 2]\n', "d.jsonl:2: not a JSON object"),
        (None, "d.jsonl: cannot read"),
    ],
)
def test_eval_of_a_file_that_is_not_gold_is_one_line_naming_file_line_and_cause(
    tmp_path: Path, content: str | None, cause: str
) -> None:
    path = tmp_path / "d.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "baogao", "eval", str(path), "--task", "paragraphs"],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "40"},
                          check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr  # one line, however narrow the terminal
    assert lines[0].startswith(f"baogao: error: {tmp_path}/") and cause in lines[0], lines[0]
    assert "Traceback" not in proc.stderr
