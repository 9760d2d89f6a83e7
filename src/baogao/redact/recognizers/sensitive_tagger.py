"""The report-trained sensitive-span tagger: a second character CRF, read with the NER features.

The NER model (:mod:`.ner`) learnt *entities* from CLUENER news text, and on work
reports its spans are masked only where the rules confirm them. What a report must
not publish is a different notion: the reporting company's mines, stations, tank
farms and camps, a bureau named with its county, a team leader called 才让卓玛. This
CRF is trained on reports annotated for exactly that (the ``sensitive`` PERSON / ORG /
LOCATION spans of ``corp_dev`` and of the corporate sets in ``corpora/``; see
:mod:`.sensitive_train`), over the very same feature keys as the NER model, so the
features are computed once and both models decode them.

Its spans are masking-only: they never enter ``entities`` (CLUENER's notion), and a
span the allow-list or the policy exempts stays exempt. When the model file is absent,
redaction runs as before (rules and the NER model); ``baogao check`` says nothing
about it, since the tagger only adds findings.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import numpy as np

from baogao.resources import model_path

#: The weights (``scripts/train_sensitive.py`` writes them, with their record beside them in
#: ``sensitive_tagger.meta.json``: training data hashes, cross-validation and test figures).
WEIGHTS_FILE = "sensitive_tagger.npz"
SOURCE = "tagger"

#: Mean marginal of its tags (or, for a run, mean name probability) a span needs to be masked.
#: Below RUN_MIN a span is a faint guess (see GUESSES) and needs a name's shape and clean edges too
#: (``recognizers._faint_guess_ok``).
MIN_SCORE = 0.03

#: Besides its Viterbi spans, the tagger reports every run of characters each at least this
#: likely to be inside a name (``ner._add_runs``): a one-off mine or an unusual given name often
#: loses to ``O`` in the single best labelling while most of the probability says "name".
#: Chosen with MIN_SCORE by the grouped CV with fold taggers (330 reports), everything else as
#: shipped (``python scripts/cv_redact_rules.py --set RUN_MIN=… MIN_SCORE=…``), leak / over-masking:
#: Viterbi spans only, scored 0.3 or more (before) 0.0330 / 0.0095; runs at 0.3: 0.0285 / 0.0104;
#: at 0.2: 0.0272 / 0.0110; at 0.1: 0.0251 / 0.0119; at 0.05: 0.0228 / 0.0133. Lower settings go
#: on trading, but add more common words on prose far from reports (on the 50 government reports
#: masked characters rise from 23,986 with Viterbi spans only to 30,800 at 0.1).
RUN_MIN = 0.1

#: Also the fainter runs, each character at least this likely to be inside a name while none
#: reaches RUN_MIN, that stand apart from every other span (so the edges of the spans above never
#: move). Masked only with a name's shape and clean edges (``recognizers._faint_guess_ok``).
#: Thirty-first session, grouped CV with fold taggers (``cv_redact_rules.py --register``): leak
#: 0.0154 -> 0.0148, with a register 0.0097 -> 0.0092, over-masking 0.0113 -> 0.0116 (GUESSES 0.02:
#: 0.0145 / 0.0091 / 0.0120; 0.05: 0.0149 / 0.0094 / 0.0115). No corporate blind group leaks more
#: (38-41 0.0188 -> 0.0173, with a register 0.0128 -> 0.0113; 54-57 0.0264 -> 0.0242, 0.0147 ->
#: 0.0132). On the 50 government reports, 36 more spans (1,034 -> 1,070). Without its kind ending a
#: place's or unit's guess gave 0.0144 / 0.0090, but 110 more spans there, kinds of thing rather than
#: names (轻纺工业, 云计算); without persons' guesses blind 38-41 leaked 0.0181. Lowering RUN_MIN
#: itself to 0.03 moves the spans' edges instead, and the tagger's test sets leaked more.
GUESSES = 0.03

#: Below this score a tagger span is an unsure guess: it is masked where it stands but not
#: looked for elsewhere in the document (the rules' and sure spans' names are), and not when
#: it is a dictionary word (换热站, 马拉松). On the same CV: 0.0251 / 0.0119, against 0.0245 /
#: 0.0123 with every guess trusted (``--set SURE=0``): a common word guessed once is not masked
#: all through a report.
SURE = 0.3

#: From this score the tagger's span needs less of a name's shape to be masked (see
#: ``recognizers._tagger_shape_ok``): given names that are words (向红军), names without a listed
#: surname (岩温), units whose head is an ordinary word (桃源社区, 石门支行, 大塘磷矿). On the same
#: CV: 0.0251 / 0.0119 against 0.0278 / 0.0119 without it (``--set CERTAIN=1.1``); on the 50
#: government reports it adds five names of projects (南水北调工程, 新洋港水闸), on 4,000 CLUENER
#: sentences nine spans. Thirty-first session, with the faint guesses (``--set CERTAIN=…``, leak /
#: with a register / over-masking): 0.95 0.0148 / 0.0092 / 0.0116, 0.9 0.0145 / 0.0090 / 0.0116,
#: 0.8 0.0141 / 0.0086 / 0.0117, 0.7 0.0138 / 0.0085 / 0.0118. At 0.8 no corporate blind group leaks
#: more (54-57 0.0242 -> 0.0235, the tagger's test sets 0.0292 -> 0.0262) and the government reports
#: get 18 more spans (1,070 -> 1,088: public works such as 南水北调工程, and a few phrases,
#: 严肃查处国有企业); at 0.7 the blind groups leak the same as at 0.8 and the government reports get
#: 25. Only the persons at 0.8 (units and places at 0.95): the test sets stay at 0.0292.
CERTAIN = 0.8


def available() -> bool:
    """Whether the tagger's weights are shipped (cheap; does not load them)."""
    return model_path(WEIGHTS_FILE).is_file()


@lru_cache(maxsize=1)
def weights() -> Any:
    """The tagger's weights, loaded once per process; None when absent or unreadable."""
    from baogao.redact.recognizers import ner

    path = model_path(WEIGHTS_FILE)
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {name: z[name] for name in z.files}
        if str(arrays.get("templates", "")) != json.dumps(ner._config().templates()):
            return None  # trained over another feature set than the shipped NER model: unusable
        return ner.weights_from_arrays(arrays)
    except (OSError, ValueError, KeyError):
        return None  # absent, damaged or incomplete: redaction runs without the tagger
