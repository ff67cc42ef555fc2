"""natasha's models, loaded once per process and only when asked for."""

from __future__ import annotations

import functools
import os
import threading

from vestnik.enrichment.entities.records import NerModels

__all__ = ["load_ner_models"]

_load_lock = threading.Lock()


@functools.cache
def _load_once() -> NerModels:
    # One BLAS thread: the taggers run on short batches, where more threads only contend
    # with the web workers. (No effect if numpy's BLAS is already loaded.)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

    import pymorphy2_dicts_ru  # type: ignore[import-untyped]
    from natasha import (  # type: ignore[import-untyped]
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        Segmenter,
    )

    dictionary = pymorphy2_dicts_ru.get_path()

    class PinnedMorphVocab(MorphVocab):  # type: ignore[misc]
        """natasha's MorphVocab on pymorphy2's dictionary, named by path.

        The usual recipe, PYMORPHY2_DICT_PATH in the environment, cannot be used here:
        the project's pymorphy3 (vestnik.language.analysis) reads the same variable, and
        a pymorphy3 analyser built after it is set loads pymorphy2's dictionary and
        crashes on its first guess (``struct.error`` in dawg).
        """

        @classmethod
        def choose_dictionary_path(cls, path: str | None = None, lang: str | None = None) -> str:
            return path or dictionary

    embedding = NewsEmbedding()
    return NerModels(
        segmenter=Segmenter(),
        morph_vocab=PinnedMorphVocab(),
        ner_tagger=NewsNERTagger(embedding),
        morph_tagger=NewsMorphTagger(embedding),
        make_doc=Doc,
    )


def load_ner_models() -> NerModels:
    """Load natasha's news models (some 250 MB, under a second), once per process.

    The only place natasha is imported. Later calls return the same models; the lock
    keeps two threads from loading them twice.
    """
    with _load_lock:
        return _load_once()
