"""spaCy component ``baogao_themes``: theme scores into ``doc.cats``.

``doc.cats`` is spaCy's slot for document categories, so each theme's score
goes there. The document-level list and the per-theme evidence (term, count)
have no built-in slot: they go to ``Doc._.baogao_themes``, registered once here.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from baogao.extract import themes as themes_extractor
from baogao.extract.themes import ThemeLexicon

__all__ = ["ThemesComponent", "make_themes"]

VERSION = "baogao.themes.v1"
EXTENSION = "baogao_themes"

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


class ThemesComponent:
    """Scores the nine themes; ``doc.cats[theme]`` = score, ``doc._.baogao_themes`` = details.

    The extension holds ``{"themes": [...], "evidence": {theme: [(term, count), ...]}}``.
    """

    version = VERSION

    def __init__(self, nlp: Language, name: str, *, lexicon: ThemeLexicon) -> None:
        self.name = name
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        result = themes_extractor.score(doc.text, lexicon=self.lexicon)
        doc.cats.update(result.doc_scores)
        doc._.set(EXTENSION, {"themes": list(result.themes), "evidence": dict(result.evidence)})
        return doc


@Language.factory(
    "baogao_themes",
    assigns=["doc.cats", f"doc._.{EXTENSION}"],
    default_config={"lexicon_path": None},
)
def make_themes(nlp: Language, name: str, lexicon_path: str | None) -> ThemesComponent:
    """Factory registered as ``baogao_themes``; ``lexicon_path`` is a user TOML (add/replace)."""
    lexicon = themes_extractor.load_lexicon(Path(lexicon_path) if lexicon_path else None)
    return ThemesComponent(nlp, name, lexicon=lexicon)
