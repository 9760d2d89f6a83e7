"""Train the PERSON / ORG / LOCATION character CRF and score it on CLUENER dev.

``baogao train ner`` and ``scripts/train_ner.py`` both run :func:`main`.

Usage:
    python scripts/train_ner.py                      # train on all of train, write models/, score dev
    python scripts/train_ner.py --held-out --grid 0.05/0.01,0.1/0.01   # c1/c2 on a held-out 10% of TRAIN
    python scripts/train_ner.py --no-words --scheme BIO --out /tmp/x.crfsuite   # ablations
    python scripts/train_ner.py --held-out --no-lexwin --tag x --dump /tmp/x.jsonl  # one variant on held-out train
    python scripts/train_ner.py --bench              # NER-only speed of the shipped model

Tuning never looks at dev: it splits TRAIN (seeded) into fit / held-out parts.
The final model, trained on all of TRAIN, is then scored once on dev (exact
span match, as ``shared/eval/score.py entities`` does) and the figures go into
``models/ner.meta.json`` with the training-data hash, feature set and versions.

Measured and not shipped: the tags of Baidu's LAC (a BiGRU-CRF whose PER/LOC/ORG
weights come inside its PyPI package) as extra features, its entity class at
each character and its neighbours: dev F1 0.7359 -> 0.7641 (held-out train, two
seeds: 0.7299 -> 0.7497), but it needs paddlepaddle (456 MB) behind a shim for the
unmaintained package and makes the tagger 6.5x slower (3.95 -> 25.6 ms per 1,000
characters). Alone, LAC scores 0.536 on dev; jiagu, thulac, snownlp and two
torch-based packages 0.05-0.43. The others on PyPI download their weights at run time.
Also not kept: jieba's own dictionary words tagged nr/nrfg/nrt, ns and nt as a second
lexicon (held-out train, seeds 13 / 7: 0.7299 / 0.7255 against 0.7330 / 0.7267).
More data helps little: fitting on 89 % of the fit part (``--held-out --subsample 0.889``,
the shipped configuration) scored 0.7318 / 0.7394 against 0.7384 / 0.7379 with all of it,
so adding CLUENER dev (12 % more sentences) to the training data would be worth about
0.003 and was not done: dev stays an unseen test.

Decoding and ensembles (held-out train, seeds 13 / 7, baseline 0.7330 / 0.7267; measured
with a scratch harness around this script's functions, only the kept variant is an option here):
- a constant taken off the O score at Viterbi time, chosen on one half of the held-out
  part and scored on the other: 0.7290 / 0.7198 (F1 peaks at 0; P > R is mostly
  boundary errors, which cost both);
- one extra copy of train with every entity replaced by a training name of the same
  label and CLUENER class: 0.7338 / 0.7245, and twice the training time;
- averaging per-character BIOES marginals of two CRFs and decoding the best consistent
  sequence: with a BIO CRF 0.7277 / 0.7308, with a word-free CRF 0.7391 / 0.7364 (dev
  0.7390), at twice the tagging time;
- ``--poe-nowords``: the sum of the CRF's and a word-free CRF's scores, shipped as one
  weights table: 0.7384 / 0.7379, dev 0.7359 -> 0.7415, same tagging cost, about 3
  more minutes of training. Adding the augmented CRF as a third expert: 0.7429 / 0.7355,
  for another 6-7 minutes of training: not kept.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.metadata
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pycrfsuite

from baogao.redact.recognizers import ner, ner_spans
from baogao.redact.recognizers.ner_features import (
    CLUSTER_FILE,
    LEXICON_FILE,
    VOCAB_FILE,
    FeatureConfig,
    Lexicon,
    Vocab,
    as_strings,
    encode,
    fold_width,
    grade,
)
from baogao.resources import file_sha256, model_path

#: The source checkout (src/baogao/redact/recognizers/ → repo): training data defaults to ../shared beside it.
REPO = Path(__file__).resolve().parents[4]
SHARED = REPO.parent / "shared"
TRAIN = SHARED / "data" / "cluener" / "train.jsonl"
DEV = SHARED / "eval" / "cluener_dev.jsonl"
LABELS = ner.LABELS


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def tags_for(record: dict, *, scheme: str, fine: bool = False) -> list[str]:
    """Gold character tags (BIO or BIOES) from the record's spans.

    ``fine``: ORG is split by CLUENER's class (``ORG.company``, ``ORG.government``,
    ``ORG.organization``); the decoder folds them back into ORG.
    """
    tags = ["O"] * len(record["text"])
    for span in record.get("sensitive", []):
        label, s, e = span["label"], span["start"], span["end"]
        if label not in LABELS or e <= s:
            continue
        if fine and label == "ORG" and span.get("cluener_label"):
            label = f"ORG.{span['cluener_label']}"
        if scheme == "BIOES" and e - s == 1:
            tags[s] = f"S-{label}"
            continue
        tags[s] = f"B-{label}"
        for i in range(s + 1, e):
            tags[i] = f"I-{label}"
        if scheme == "BIOES":
            tags[e - 1] = f"E-{label}"
    return tags


def gold_spans(record: dict) -> set[tuple[int, int, str]]:
    return {(s["start"], s["end"], s["label"]) for s in record.get("sensitive", []) if s["label"] in LABELS}


def entity_names(records: Sequence[dict]) -> dict[str, set[str]]:
    """Names (≥ 2 chars) seen as gold entities, per label: the lexicon's content."""
    names: dict[str, set[str]] = {}
    for r in records:
        for s in r.get("sensitive", []):
            if s["label"] in LABELS and len(s["text"].strip()) >= 2:
                names.setdefault(s["label"], set()).add(s["text"])
    return names


def entity_grades(records: Sequence[dict], names: dict[str, set[str]]) -> dict[str, dict[str, int]]:
    """Per label and name, :func:`grade` of how often its matches in ``records`` were gold spans of that label.

    Matches are found as at tagging time (leftmost-longest over that label's names).
    """
    import ahocorasick_rs

    out: dict[str, dict[str, int]] = {}
    for label, words in names.items():
        ordered = sorted(words)
        ac = ahocorasick_rs.AhoCorasick(ordered, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
        seen = Counter()
        hits = Counter()
        for r in records:
            gold = {(sp["start"], sp["end"]) for sp in r.get("sensitive", []) if sp["label"] == label}
            for i, st, en in ac.find_matches_as_indexes(r["text"]):
                seen[i] += 1
                hits[i] += (st, en) in gold
        out[label] = {w: grade(hits[i], seen[i]) for i, w in enumerate(ordered)}
    return out


def make_lexicon(records: Sequence[dict], *, graded: bool) -> Lexicon:
    """The lexicon (with grades when ``graded``) built from ``records``."""
    names = entity_names(records)
    return Lexicon.from_names(names, entity_grades(records, names) if graded else None)


def crossfit_lexicons(
    records: Sequence[dict], *, folds: int, seed: int, graded: bool = False
) -> tuple[list[int], list[Lexicon]]:
    """Fold of each record, and per fold a lexicon built from the OTHER folds.

    Why: with a lexicon from all of train every training entity would be in it,
    the CRF would learn "lexicon hit = entity" and miss unseen names at test time.
    Cross-fitting makes the hit rate in training match what the model will meet.
    """
    fold_of = [i % folds for i in range(len(records))]
    random.Random(seed).shuffle(fold_of)
    lexicons = [
        make_lexicon([r for r, f in zip(records, fold_of) if f != k], graded=graded) for k in range(folds)
    ]
    return fold_of, lexicons


def training_features(
    records: Sequence[dict], *, config: FeatureConfig, vocab: Vocab, seed: int
) -> list[list[list[str]]]:
    """crfsuite items for every record, built in batches with the one :func:`encode`."""
    if config.lexicon:
        fold_of, lexicons = crossfit_lexicons(records, folds=5, seed=seed, graded=config.lexgrade)
    else:
        fold_of, lexicons = [0] * len(records), [None]
    out: list[list[list[str]]] = [[] for _ in records]
    names = config.templates()
    for k, lexicon in enumerate(lexicons):
        idx = [i for i, f in enumerate(fold_of) if f == k]
        keys, starts = encode([records[i]["text"] for i in idx], config=config, lexicon=lexicon, vocab=vocab)
        rows = as_strings(keys, names)
        for j, i in enumerate(idx):
            out[i] = rows[starts[j] : starts[j + 1]]
    # the lexicon-free order of ids must not depend on fold order: it only names features
    return out


def write_lexicon(
    names: dict[str, set[str]], path: Path, grades: dict[str, dict[str, int]] | None = None
) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for label in sorted(names):
            if grades is None:
                f.writelines(f"{label}\t{name}\n" for name in sorted(names[label]))
            else:
                f.writelines(f"{label}\t{name}\t{grades[label][name]}\n" for name in sorted(names[label]))


def train(
    records: Sequence[dict],
    out: Path,
    *,
    config: FeatureConfig,
    scheme: str,
    c1: float,
    c2: float,
    max_iter: int,
    minfreq: int,
    seed: int,
    algorithm: str = "lbfgs",
    verbose: bool = False,
    fine: bool = False,
) -> tuple[float, Vocab]:
    """Fit a CRF and write it to ``out``; returns seconds taken and the (closed) word vocabulary."""
    t0 = time.time()
    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=verbose)
    vocab = Vocab(open=True)
    items = training_features(records, config=config, vocab=vocab, seed=seed)
    for r, xseq in zip(records, items, strict=True):
        trainer.append(xseq, tags_for(r, scheme=scheme, fine=fine))
    params: dict = {
        "max_iterations": max_iter,
        "feature.possible_transitions": True,
        "feature.minfreq": minfreq,
    }
    if algorithm == "lbfgs":
        params |= {"c1": c1, "c2": c2}
    trainer.set_params(params)
    trainer.train(str(out))
    vocab.open = False
    return time.time() - t0, vocab


def export_weights(model: Path, config: FeatureConfig, out: Path) -> int:
    """Write the CRF's weights as JSON for the numpy tagger; returns the number of state features.

    Why: crfsuite wants ~60 feature strings per character; the numpy tagger in
    ``ner.py`` scores the integer keys directly, from these tables.
    """
    data = ner.weights_from_crfsuite(model, config.templates())
    out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return sum(len(v) for v in data["state"].values())


def merge_weights(parts: Sequence[tuple[dict, float]], templates: Sequence[str]) -> dict:
    """One weights table (as :func:`ner.weights_from_crfsuite` gives) = the weighted sum of several CRFs'.

    A product of experts: the summed scores of linear CRFs are again a linear CRF over the
    union of their features, so the numpy tagger runs it at the cost of one model. Every
    part's templates must be among ``templates`` (the feature set the tagger encodes) and
    all parts must have the same labels (same scheme).
    """
    labels = list(parts[0][0]["labels"])
    trans = np.zeros((len(labels), len(labels)))
    state: dict[str, dict[tuple[int, int], float]] = {t: {} for t in templates}
    for data, weight in parts:
        if sorted(data["labels"]) != sorted(labels):
            raise ValueError("models to merge have different labels")
        to = [labels.index(lab) for lab in data["labels"]]
        t = np.asarray(data["transitions"], dtype=np.float64)
        trans[np.ix_(to, to)] += weight * t
        for tpl, entries in data["state"].items():
            if tpl not in state:
                raise ValueError(f"template {tpl} is not in the tagger's feature set")
            table = state[tpl]
            for key, lab, w in entries:
                k = (int(key), to[int(lab)])
                table[k] = table.get(k, 0.0) + weight * w
    return {
        "labels": labels,
        "templates": list(templates),
        "transitions": trans.tolist(),
        "state": {
            tpl: [[k, lab, w] for (k, lab), w in sorted(table.items())] for tpl, table in state.items()
        },
    }


def numpy_tags(
    data: dict, pieces: Sequence[str], *, config: FeatureConfig, lexicon, vocab
) -> list[list[str]]:
    """Viterbi tags of every piece under the weights table ``data``, with ner.py's numpy decoder."""
    w = ner._Weights.from_json(data, config.templates())
    keys, starts = encode(pieces, config=config, lexicon=lexicon, vocab=vocab)
    emit_all = w.emissions(keys)
    out: list[list[str]] = [[] for _ in pieces]
    for group, glens, emit in ner.padded_batches(emit_all, starts):
        path = ner._viterbi(w.trans, emit, glens)
        for j, i in enumerate(group.tolist()):
            out[i] = [w.labels[k] for k in path[: glens[j], j].tolist()]
    return out


def train_poe_partner(
    records: Sequence[dict], base: Path, *, config: FeatureConfig, c1: float, c2: float, **kw
) -> tuple[dict, float]:
    """Train the word-free partner model and return the merged (0.5 / 0.5) weights table and its seconds.

    Held-out train (seeds 13 / 7): base 0.7330 / 0.7267, base + partner 0.7384 / 0.7379;
    CLUENER dev 0.7359 -> 0.7415. Averaging the two models' label marginals instead
    scored 0.7391 / 0.7364 (dev 0.7390) at twice the tagging cost.
    """
    partner_cfg = dataclasses.replace(config, words=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nowords.crfsuite"
        secs, _ = train(records, path, config=partner_cfg, c1=c1, c2=c2, **kw)
        data = merge_weights(
            [
                (ner.weights_from_crfsuite(base, config.templates()), 0.5),
                (ner.weights_from_crfsuite(path, partner_cfg.templates()), 0.5),
            ],
            config.templates(),
        )
    return data, secs


def evaluate(
    records: Sequence[dict],
    model: Path,
    *,
    config: FeatureConfig,
    lexicon: Lexicon | None,
    vocab: Vocab,
    dump: Path | None = None,
    weights: dict | None = None,
) -> dict:
    """Exact-span P/R/F1 per label and overall (micro), the ``score.py entities`` rule.

    Tags with crfsuite, or with the numpy decoder when a ``weights`` table is given
    (a merged model exists only as such a table).
    """
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    chars = 0
    t0 = time.time()
    names = config.templates()
    pieces = [(i, offset, piece) for i, r in enumerate(records) for offset, piece in ner.chunks(r["text"])]
    if weights is not None:
        all_tags = numpy_tags(weights, [p for _, _, p in pieces], config=config, lexicon=lexicon, vocab=vocab)
    else:
        keys, starts = encode([p for _, _, p in pieces], config=config, lexicon=lexicon, vocab=vocab)
        rows = as_strings(keys, names)
        all_tags = [tagger.tag(rows[starts[k] : starts[k + 1]]) for k in range(len(pieces))]
    pred: list[set] = [set() for _ in records]
    for (i, offset, _piece), tags in zip(pieces, all_tags, strict=True):
        pred[i] |= {(s + offset, e + offset, lab) for s, e, lab in ner.spans_from_tags(tags)}
    if dump is not None:
        with open(dump, "w", encoding="utf-8") as f:
            for r, found in zip(records, pred, strict=True):
                row = {"text": r["text"], "gold": sorted(gold_spans(r)), "pred": sorted(found)}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    for r, found in zip(records, pred, strict=True):
        chars += len(r["text"])
        gold = gold_spans(r)
        merged = set(ner.merge_adjacent(sorted(found)))
        for s in found & gold:
            tp[s[2]] += 1
        for s in found - gold:
            fp[s[2]] += 1
        for s in gold - found:
            fn[s[2]] += 1
        for s in merged & gold:
            tp["M" + s[2]] += 1
        for s in merged - gold:
            fp["M" + s[2]] += 1
        for s in gold - merged:
            fn["M" + s[2]] += 1
    elapsed = time.time() - t0
    result: dict = {"ms_per_1000_chars": round(elapsed / max(chars, 1) * 1e6, 3)}
    for label in (*LABELS, "ALL", "MLOCATION", "MALL"):
        if label in ("ALL", "MALL"):
            keep = [f"{'M' if label == 'MALL' else ''}{lab}" for lab in LABELS]
            a, b, c = (sum(cnt[k] for k in keep) for cnt in (tp, fp, fn))
        else:
            a, b, c = tp[label], fp[label], fn[label]
        p = a / (a + b) if a + b else 0.0
        rr = a / (a + c) if a + c else 0.0
        f = 2 * p * rr / (p + rr) if p + rr else 0.0
        result[label] = {"p": round(p, 4), "r": round(rr, 4), "f1": round(f, 4), "gold": a + c}
    return result


def show(title: str, res: dict) -> None:
    print(f"== {title}  ({res['ms_per_1000_chars']} ms/1000 chars incl. features)")
    for label in (*LABELS, "ALL", "MLOCATION", "MALL"):
        m = res[label]
        print(f"  {label:9s} P={m['p']:.4f} R={m['r']:.4f} F1={m['f1']:.4f} (gold {m['gold']})")
    sys.stdout.flush()


def split(records: list[dict], *, seed: int, held_out: float) -> tuple[list[dict], list[dict]]:
    idx = list(range(len(records)))
    random.Random(seed).shuffle(idx)
    k = int(len(idx) * held_out)
    return [records[i] for i in idx[k:]], [records[i] for i in idx[:k]]


def bench(*, chars: int = 200_000) -> None:
    """Time ``ner.find`` on work-report text (one call per report, single process, CPU time)."""
    raw_dir = SHARED / "data" / "gov_reports_raw"
    texts, total = [], 0
    for p in sorted(raw_dir.glob("*.txt")):
        t = p.read_bytes().decode("gb18030", "replace")
        texts.append(t[: chars - total])
        total += len(texts[-1])
        if total >= chars:
            break
    ner.find("预热一次，加载模型。", spans=True)
    best = {False: float("inf"), True: float("inf")}
    found = {}
    for _ in range(3):
        for spans in (False, True):  # alternating: the machine's load falls on both alike
            t0 = time.process_time()
            found[spans] = sum(len(ner.find(t, spans=spans)) for t in texts)
            best[spans] = min(best[spans], time.process_time() - t0)
    dev_texts = [r["text"] for r in load(DEV)] if DEV.is_file() else []
    t0 = time.process_time()
    for t in dev_texts:
        ner.find(t)
    t_dev = time.process_time() - t0
    dev_chars = max(sum(map(len, dev_texts)), 1)
    print(
        f"gov reports: {total} chars in {len(texts)} texts, {found[False]} entities; "
        f"ner.find {best[False] / total * 1e6:.2f} ms/1000 chars [CPU, best of 3]; "
        f"dev one call per sentence {t_dev / dev_chars * 1e6:.2f} ms/1000 chars"
    )
    if ner.span_model() is not None:
        print(
            f"with the span model's names too (spans=True, what extract's entity list runs): "
            f"{best[True] / total * 1e6:.2f} ms/1000 chars [CPU, best of 3]"
        )


def build_clusters(out: Path, *, contexts: int = 1500, dims: int = 60, seed: int = 0) -> None:
    """Character clusters from unlabelled text: PPMI of left/right neighbours, SVD, k-means.

    Why: a rare character in a name borrows the weights of the common characters
    it behaves like. Text: the work reports plus CLUENER train sentences (~6M chars).
    Measured on held-out train it did not help this CRF (see the ablation), so the
    shipped model has ``clusters=0``; the file stays for ``--clusters N`` experiments.
    """
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    texts = [
        p.read_bytes().decode("gb18030", "replace")
        for p in sorted((SHARED / "data" / "gov_reports_raw").glob("*.txt"))
    ]
    texts += [r["text"] for r in load(TRAIN)]
    text = fold_width("\n".join(texts))
    vocab = [c for c, n in Counter(text).most_common() if n >= 3 and not c.isspace()]
    index = {c: i for i, c in enumerate(vocab)}
    ids = np.array([index.get(c, -1) for c in text], dtype=np.int64)
    blocks = []
    for d in (-2, -1, 1, 2):
        a, b = (ids[-d:], ids[:d]) if d < 0 else (ids[:-d], ids[d:])
        keep = (a >= 0) & (b >= 0) & (b < contexts)
        counts = np.bincount(a[keep] * contexts + b[keep], minlength=len(vocab) * contexts)
        blocks.append(counts.reshape(len(vocab), contexts).astype(np.float32))
    m = np.hstack(blocks)
    total = m.sum()
    col = m.sum(0, keepdims=True) ** 0.75
    with np.errstate(divide="ignore"):
        pmi = np.log(m * total / ((m.sum(1, keepdims=True) + 1e-9) * (col / col.sum() * total + 1e-9)))
    pmi = np.maximum(np.nan_to_num(pmi, neginf=0.0), 0)
    emb = TruncatedSVD(dims, random_state=seed).fit_transform(pmi)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    labels = [
        MiniBatchKMeans(k, random_state=seed, n_init=3, batch_size=4096).fit(emb).labels_
        for k in (64, 256, 1024)
    ]
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            "# char\tcluster64\tcluster256\tcluster1024 (PMI-SVD of left/right char contexts, k-means; train_ner.py --build-clusters)\n"
        )
        f.writelines(f"{c}\t{labels[0][i]}\t{labels[1][i]}\t{labels[2][i]}\n" for i, c in enumerate(vocab))


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=TRAIN)
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--out", type=Path, default=None, help="model path (default models/ner.crfsuite)")
    ap.add_argument("--scheme", choices=["BIO", "BIOES"], default="BIOES")
    ap.add_argument("--algorithm", choices=["lbfgs", "ap", "pa", "l2sgd"], default="lbfgs")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--grid", default="", help="c1/c2 pairs for --held-out, e.g. '0.05/0.01,0.1/0.01'")
    ap.add_argument("--max-iter", type=int, default=100)
    ap.add_argument("--window", type=int, default=3)
    ap.add_argument("--clusters", type=int, default=0, help="char-cluster window (0 = off)")
    ap.add_argument(
        "--build-clusters", action="store_true", help="rebuild models/ner_charclusters.txt, then stop"
    )
    ap.add_argument("--no-words", action="store_true")
    ap.add_argument("--pos", action=argparse.BooleanOptionalAction, default=True, help="POS-tag templates")
    ap.add_argument("--no-gazetteer", action="store_true")
    ap.add_argument("--no-trigrams", action="store_true")
    ap.add_argument("--no-bigrams", action="store_true")
    ap.add_argument("--no-hmm", action="store_true")
    ap.add_argument("--no-lexicon", action="store_true")
    ap.add_argument(
        "--seg2", action=argparse.BooleanOptionalAction, default=False, help="second segmentation"
    )
    ap.add_argument(
        "--lexgrade", action=argparse.BooleanOptionalAction, default=False, help="graded lexicon hits"
    )
    ap.add_argument(
        "--lexwin", action=argparse.BooleanOptionalAction, default=False, help="neighbours' lexicon codes"
    )
    ap.add_argument(
        "--fine", action="store_true", help="tag ORG by CLUENER class (company/government/organization)"
    )
    ap.add_argument(
        "--poe-nowords",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also train a word-free partner CRF and ship the 0.5/0.5 sum of both (one weights table);"
        " the shipped model is trained so",
    )
    ap.add_argument("--minfreq", type=int, default=1)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--subsample", type=float, default=1.0, help="fit on this fraction of the fit part (ablations)"
    )
    ap.add_argument("--verbose", action="store_true", help="print crfsuite's per-iteration log")
    ap.add_argument("--bench", action="store_true", help="time ner.find with the shipped model, then stop")
    ap.add_argument(
        "--held-out", action="store_true", help="only fit on 90%% of TRAIN and score the held-out 10%%"
    )
    ap.add_argument("--tag", default="", help="name printed with --held-out results")
    ap.add_argument("--dump", type=Path, default=None, help="write --held-out predictions (JSON lines) here")
    return ap.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.bench:
        bench()
        return 0
    if args.build_clusters:
        build_clusters(model_path(CLUSTER_FILE))
        return 0
    config = FeatureConfig(
        window=args.window,
        bigrams=not args.no_bigrams,
        words=not args.no_words,
        gazetteer=not args.no_gazetteer,
        trigrams=not args.no_trigrams,
        hmm=not args.no_hmm,
        lexicon=not args.no_lexicon,
        clusters=args.clusters,
        pos=args.pos,
        seg2=args.seg2,
        lexgrade=args.lexgrade,
        lexwin=args.lexwin,
    )
    records = load(args.train)
    print(f"config={config.to_dict()} scheme={args.scheme} train={len(records)}", flush=True)
    trainer_kw = {
        "scheme": args.scheme,
        "max_iter": args.max_iter,
        "minfreq": args.minfreq,
        "seed": args.seed,
        "algorithm": args.algorithm,
        "fine": args.fine,
    }
    if args.held_out:
        fit, held = split(records, seed=args.seed, held_out=0.1)
        if args.subsample < 1.0:
            fit = fit[: int(len(fit) * args.subsample)]  # already shuffled by split()
        grid = (
            [tuple(map(float, g.split("/"))) for g in args.grid.split(",")]
            if args.grid
            else [(args.c1, args.c2)]
        )
        with tempfile.TemporaryDirectory() as tmp:
            for c1, c2 in grid:
                path = Path(tmp) / "m.crfsuite"
                secs, vocab = train(fit, path, config=config, c1=c1, c2=c2, **trainer_kw)
                merged = None
                if args.poe_nowords:
                    merged, secs2 = train_poe_partner(fit, path, config=config, c1=c1, c2=c2, **trainer_kw)
                    secs += secs2
                lexicon = make_lexicon(fit, graded=config.lexgrade)
                res = evaluate(
                    held, path, config=config, lexicon=lexicon, vocab=vocab, dump=args.dump, weights=merged
                )
                show(f"held-out {args.tag} c1={c1} c2={c2} fit={len(fit)} ({secs:.0f}s)", res)
                print(
                    "RESULT",
                    json.dumps(
                        {
                            "tag": args.tag,
                            "c1": c1,
                            "c2": c2,
                            "iter": args.max_iter,
                            "algorithm": args.algorithm,
                            "fit": len(fit),
                            "secs": round(secs),
                            **{k: res[k]["f1"] for k in (*LABELS, "ALL", "MLOCATION", "MALL")},
                        }
                    ),
                    flush=True,
                )
        return 0
    out = args.out or model_path(ner.MODEL_FILE)
    out.parent.mkdir(parents=True, exist_ok=True)  # crfsuite does not say when it cannot write
    secs, vocab = train(
        records, out, config=config, c1=args.c1, c2=args.c2, verbose=args.verbose, **trainer_kw
    )
    merged = None
    if args.poe_nowords:
        merged, secs2 = train_poe_partner(records, out, config=config, c1=args.c1, c2=args.c2, **trainer_kw)
        print(f"partner (no word features) trained in {secs2:.0f}s", flush=True)
        secs += secs2
    print(f"trained in {secs:.0f}s -> {out} ({out.stat().st_size / 1e6:.1f} MB)", flush=True)
    names = entity_names(records)
    grades = entity_grades(records, names) if config.lexgrade else None
    lexicon = Lexicon.from_names(names, grades)
    dev = (
        evaluate(load(args.dev), out, config=config, lexicon=lexicon, vocab=vocab, weights=merged)
        if args.dev.is_file()
        else {}
    )
    if dev:
        show(f"dev (exact span, {'numpy tagger, merged weights' if merged else 'crfsuite tagger'})", dev)
    if args.out is not None and merged is not None:  # the merge is the model: keep it beside the CRF
        table = args.out.with_name(args.out.stem + "_weights.json")
        table.write_text(json.dumps(merged, separators=(",", ":")), encoding="utf-8")
        print(f"merged weights -> {table}", flush=True)
    if args.out is None:
        if config.lexicon:
            write_lexicon(names, model_path(LEXICON_FILE), grades)
        vocab.write(model_path(VOCAB_FILE))
        if merged is not None:
            model_path(ner.WEIGHTS_FILE).write_text(
                json.dumps(merged, separators=(",", ":")), encoding="utf-8"
            )
            n_feats = sum(len(v) for v in merged["state"].values())
        else:
            n_feats = export_weights(out, config, model_path(ner.WEIGHTS_FILE))
        meta = {
            "model": ner.MODEL_FILE,
            "weights": ner.WEIGHTS_FILE,
            "state_features": n_feats,
            "train_data": {
                "path": str(args.train.name),
                "sha256": file_sha256(args.train),
                "records": len(records),
            },
            "dev_data": {"path": str(args.dev.name), "sha256": file_sha256(args.dev)} if dev else None,
            "feature_config": config.to_dict(),
            "gazetteer_sha256": file_sha256(model_path("ner_gazetteer.toml")),
            "charclusters_sha256": file_sha256(model_path("ner_charclusters.txt")) if config.clusters else None,
            "lexicon": {
                "file": LEXICON_FILE,
                "names": sum(map(len, names.values())),
                "crossfit_folds": 5,
                "graded": config.lexgrade,
            }
            if config.lexicon
            else None,
            "vocab": {"file": VOCAB_FILE, "tokens": len(vocab.ids)},
            "scheme": args.scheme,
            "trainer": {
                "algorithm": args.algorithm,
                "c1": args.c1,
                "c2": args.c2,
                "max_iterations": args.max_iter,
                "feature.minfreq": args.minfreq,
                "fine_org_labels": args.fine,
                "poe_nowords": args.poe_nowords,
            },
            "dev_scores": dev,
            "versions": {
                p: importlib.metadata.version(p)
                for p in ("python-crfsuite", "rjieba", "ahocorasick_rs", "numpy")
            },
            "python": sys.version.split()[0],
            "train_seconds": round(secs),
        }
        model_path(ner.META_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        ner._config.cache_clear()  # the arrays are built for the feature set just written
        print(f"arrays for a fast first load -> {ner.write_shipped_arrays()}", flush=True)
        ner_spans._load.cache_clear()
        if model_path(ner_spans.SPANS_FILE).is_file() and ner.span_model() is None:
            print(
                f"note: {ner_spans.SPANS_FILE} was fitted for the previous weights and is not used with these;"
                " refit it: python scripts/train_ner_spans.py",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
