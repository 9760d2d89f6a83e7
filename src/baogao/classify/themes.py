"""Which themes a document substantially discusses: a trained decision over the lexicon's evidence.

``baogao.extract.themes`` measures, per theme, how much a report talks about it (spread,
share, headings; its ``doc_scores``). Whether that is "substantially" is a judgement that
annotators make differently from one set of reports to the next, and a threshold per theme
on one score reads it poorly (0.77 micro-F1 on unseen corporate reports). This model decides
instead, one logistic regression per theme over

- the lexicon's features of that theme (spread, share, headings, density, mentioning
  paragraphs, score), and
- the document's words (TF-IDF of the segmenter's words of two characters or more with a
  Han character, sublinear counts, L2-normalised, scaled by ``alpha``),

trained with scikit-learn on labelled reports (``scripts/train_themes.py``, ``baogao train
themes``) and saved with skops as plain arrays, so that reading it imports neither skops nor
scikit-learn (:mod:`baogao.modelio`). It reads the shipped theme lexicon, and a user's
``--themes`` file that only adds terms or themes to it (the rule decides the added themes); a
file that replaces or drops shipped terms keeps the per-theme thresholds of the lexicon rule, and
so does a checkout without ``models/themes.skops``.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from baogao.errors import ModelTrustError
from baogao.resources import model_path

MODEL_NAME = "themes.skops"
#: The lexicon features of one theme, in this order (see :func:`lexicon_features`).
LEXICON_FEATURES = ("spread", "share", "heading", "log_density", "log_paragraphs", "score")
#: Hyper-parameters chosen by cross-validation over the corporate sets (scripts/train_themes.py).
DEFAULTS = {"C": 10.0, "alpha": 3.0, "min_df": 3, "max_features": 20000, "dev_weight": 10.0}
TRAIN_HINT = "train it with `baogao train themes` or scripts/train_themes.py"


@dataclass(frozen=True, eq=False)
class ThemeModel:
    """The arrays of a trained model (see the module docstring); compared by identity."""

    keys: tuple[str, ...]
    vocab: dict[str, int]
    idf: np.ndarray  # (V,)
    text_coef: np.ndarray  # (K, V)
    lexicon_coef: np.ndarray  # (K, len(LEXICON_FEATURES))
    intercept: np.ndarray  # (K,)
    alpha: float
    lexicon_sha256: str  # the lexicon the model was trained with

    def probabilities(self, counts: Mapping[str, int], lexicon_rows: np.ndarray) -> np.ndarray:
        """(K,) probability of each theme, from the document's word counts and its lexicon features."""
        z = self.intercept + (self.lexicon_coef * lexicon_rows).sum(axis=1)
        ids, values = self.text_vector(counts)
        if len(ids):
            z = z + self.text_coef[:, ids] @ values
        return 1.0 / (1.0 + np.exp(-z))

    def choose(self, counts: Mapping[str, int], lexicon_rows: np.ndarray) -> list[str]:
        """The themes at least even odds, most likely first."""
        probs = self.probabilities(counts, lexicon_rows).tolist()
        return [k for p, k in sorted(zip(probs, self.keys), key=lambda pk: -pk[0]) if p >= 0.5]

    def text_vector(self, counts: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray]:
        """The document's TF-IDF vector as (vocabulary ids, values), as scikit-learn's
        ``TfidfVectorizer(sublinear_tf=True)`` computes it, times ``alpha``.

        ``counts``: how often each of the segmenter's words occurs, all of them: the vocabulary
        holds only :func:`words`, so the others count for nothing without being filtered out first."""
        get = self.vocab.get
        hits = [(i, n) for t, n in counts.items() if (i := get(t)) is not None]
        if not hits:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        ids = np.fromiter((i for i, _ in hits), dtype=np.int64, count=len(hits))
        tf = 1.0 + np.log(np.fromiter((n for _, n in hits), dtype=np.float64, count=len(hits)))
        values = tf * self.idf[ids]
        return ids, values * (self.alpha / np.sqrt((values * values).sum()))


def words(tokens: Sequence[str]) -> list[str]:
    """The tokens the model counts: two characters or more, at least one of them Han, no blank."""
    return [t for t in tokens if len(t) >= 2 and any("\u4e00" <= c <= "\u9fff" for c in t) and t.isprintable()
            and not any(c.isspace() for c in t)]


def lexicon_features(result: Any, keys: Sequence[str]) -> np.ndarray:
    """(K, len(LEXICON_FEATURES)) rows of an ``extract.themes.ThemeResult``'s features."""
    rows = []
    for k in keys:
        f = result.features[k]
        rows.append(
            [
                f["spread"],
                f["share"],
                min(f["heading"], 3.0),
                math.log1p(f["density"]),
                math.log1p(f["paragraphs"]),
                result.doc_scores[k],
            ]
        )
    return np.array(rows, dtype=np.float64)


def lexicon_digest(lexicon: Any) -> str:
    """A stable digest of a theme lexicon's themes, terms, weights and thresholds."""
    return hashlib.sha256(repr(lexicon).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- loading


def load_model(path: Path | None = None) -> ThemeModel | None:
    """The model at ``path`` (default: the shipped one), None when there is no such file.

    Raises:
        ModelTrustError: the file holds anything but plain data, or not this model's arrays.
    """
    path = Path(path) if path is not None else model_path(MODEL_NAME)
    if not path.is_file():
        return None
    return _load_cached(str(path.resolve()), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_cached(path_str: str, mtime: int) -> ThemeModel:
    from baogao.modelio import UntrustedModelError, load_skops

    try:
        data = load_skops(path_str)  # plain data only: no type is trusted
    except UntrustedModelError as exc:
        raise ModelTrustError(path_str, f"theme model holds untrusted types {exc.types}; {TRAIN_HINT}") from exc
    except Exception as exc:
        raise ModelTrustError(path_str, f"cannot load theme model: {exc}") from exc
    try:
        model = as_model(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ModelTrustError(path_str, f"not a baogao theme model ({exc!r}); {TRAIN_HINT}") from exc
    k, v = len(model.keys), len(model.vocab)
    shapes = {
        "idf": (model.idf.shape, (v,)),
        "text_coef": (model.text_coef.shape, (k, v)),
        "lexicon_coef": (model.lexicon_coef.shape, (k, len(LEXICON_FEATURES))),
        "intercept": (model.intercept.shape, (k,)),
    }
    wrong = [f"{name} {got} (expected {want})" for name, (got, want) in shapes.items() if got != want]
    if wrong:
        raise ModelTrustError(path_str, f"theme model arrays do not fit: {', '.join(wrong)}; {TRAIN_HINT}")
    return model


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class LabelledText:
    """A training report: its text, its gold themes and its weight."""

    text: str
    themes: frozenset[str]
    weight: float = 1.0


def _segmented(text: str) -> list[str]:
    from baogao.segment import get_segmenter

    return get_segmenter().cut(text)


def word_counts(text: str) -> Counter[str]:
    """How often each of the segmenter's words occurs in ``text`` (what the model reads)."""
    return Counter(_segmented(text))


def _tokens(text: str) -> list[str]:
    """What the vocabulary is built from: the :func:`words` of the segmenter's words."""
    return words(_segmented(text))


def fit(
    docs: Sequence[LabelledText],
    *,
    lexicon: Any = None,
    C: float = DEFAULTS["C"],
    alpha: float = DEFAULTS["alpha"],
    min_df: int = int(DEFAULTS["min_df"]),
    max_features: int = int(DEFAULTS["max_features"]),
) -> dict[str, Any]:
    """Fit one logistic regression per theme; return the model as plain data (see :func:`save`)."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from baogao.extract import themes

    lex = lexicon or themes.default_lexicon()
    keys = tuple(lex.keys())
    vec = TfidfVectorizer(analyzer=_tokens, sublinear_tf=True, min_df=min_df, max_features=max_features)
    text = vec.fit_transform([d.text for d in docs]) * alpha
    lexical = np.stack([lexicon_features(themes.score(d.text, lexicon=lex, decide=False), keys) for d in docs])
    weights = np.array([d.weight for d in docs])
    n_lex = len(LEXICON_FEATURES)
    text_coef = np.zeros((len(keys), text.shape[1]))
    lexicon_coef = np.zeros((len(keys), n_lex))
    intercept = np.zeros(len(keys))
    for k, key in enumerate(keys):
        gold = np.array([key in d.themes for d in docs])
        x = sparse.hstack([text, sparse.csr_matrix(lexical[:, k, :])]).tocsr()
        if gold.all() or not gold.any():  # one class only: a constant decision
            intercept[k] = 20.0 if gold.all() else -20.0
            continue
        clf = LogisticRegression(C=C, max_iter=5000)
        clf.fit(x, gold, sample_weight=weights)
        text_coef[k] = clf.coef_[0, : text.shape[1]]
        lexicon_coef[k] = clf.coef_[0, text.shape[1] :]
        intercept[k] = clf.intercept_[0]
    vocab = [w for w, _ in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])]
    return {
        "keys": list(keys),
        "vocab": "\n".join(vocab),  # one string, not thousands of nodes: read in a millisecond
        "idf": vec.idf_.astype(np.float64),
        "text_coef": text_coef,
        "lexicon_coef": lexicon_coef,
        "intercept": intercept,
        "alpha": float(alpha),
        "lexicon_sha256": lexicon_digest(lex),
        "config": {"C": C, "alpha": alpha, "min_df": min_df, "max_features": max_features},
    }


def as_model(data: dict[str, Any]) -> ThemeModel:
    """A model's plain data (fitted, or read from its file) as a :class:`ThemeModel`."""
    return ThemeModel(
        keys=tuple(data["keys"]),
        vocab={w: i for i, w in enumerate(data["vocab"].split("\n"))},
        idf=np.asarray(data["idf"], dtype=np.float64),
        text_coef=np.asarray(data["text_coef"], dtype=np.float64),
        lexicon_coef=np.asarray(data["lexicon_coef"], dtype=np.float64),
        intercept=np.asarray(data["intercept"], dtype=np.float64),
        alpha=float(data["alpha"]),
        lexicon_sha256=str(data["lexicon_sha256"]),
    )


def predict(model: ThemeModel, text: str, *, lexicon: Any = None) -> list[str]:
    """The themes ``model`` gives ``text``, most likely first (scored with ``lexicon``, default
    the shipped one)."""
    from baogao.extract import themes

    result = themes.score(text, lexicon=lexicon or themes.default_lexicon(), decide=False)
    return model.choose(word_counts(text), lexicon_features(result, model.keys))


def save(data: dict[str, Any], out: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """Write the model (skops, plain data) and ``<out stem>.meta.json``; return the metadata."""
    import zipfile

    import sklearn
    import skops
    import skops.io as sio

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    plain = {k: v for k, v in data.items() if k != "config"}
    sio.dump(plain, out, compression=zipfile.ZIP_DEFLATED)
    meta = {
        "model": out.name,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "size_bytes": out.stat().st_size,
        "themes": data["keys"],
        "vocabulary": data["vocab"].count("\n") + 1,
        "config": data["config"],
        "lexicon_sha256": data["lexicon_sha256"],
        "scikit_learn": sklearn.__version__,
        "skops": skops.__version__,
        "trained_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **meta,
    }
    out.with_suffix(".meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    _load_cached.cache_clear()
    return meta
