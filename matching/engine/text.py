"""The text channel: character n-grams and stemmed words in one sparse TF-IDF space.

Documents are folded text (`normalize.fold`). Two blocks, each l2-normalised, are put side by
side and the row normalised again, so the cosine of two documents is a weighted mean of the
character-n-gram cosine (robust to inflection, typos and compounds: "programiranja" still
meets "programiranje") and the word cosine (a rare shared word — "viljuskar", "python" —
counts as the one strong piece of evidence it is, which character n-grams dilute):

* characters: `char_wb` 3..5-grams (`CharNgramTfidf`, scikit-learn's features, built fast);
* words: scikit-learn's `TfidfVectorizer` over words after a light Serbian and English stemmer
  (`stem`) and stop words of both languages.

The idf is learned from whatever corpus the caller fits on — the engine fits on both sides,
placements and candidates. Pruning of very common features applies only where the corpus is
large: a feature is dropped when it is in more than `max_df` of the documents **and** in more
than `min_posting` of them (an absolute posting length), so a small corpus keeps everything.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

__all__ = [
    "MIN_POSTING",
    "STOP_WORDS",
    "CharNgramTfidf",
    "HybridTfidf",
    "stem",
    "word_features",
]

FloatArray = npt.NDArray[np.float64]

_SERIALS: Final = itertools.count(1)
# A feature is pruned only when more documents than this contain it (and more than max_df).
MIN_POSTING: Final = 1000
# Share of the character block in the combined space (the word block gets the rest).

CHAR_SHARE: Final = 0.5

# Folded (diacritic-free, lower case) Serbian function words, then scikit-learn's English list.
SERBIAN_STOP_WORDS: Final[frozenset[str]] = frozenset(
    [
        "a",
        "ako",
        "ali",
        "bi",
        "bih",
        "bila",
        "bile",
        "bili",
        "bilo",
        "bio",
        "biti",
        "bude",
        "budem",
        "da",
        "do",
        "dok",
        "ga",
        "gde",
        "i",
        "ih",
        "ili",
        "im",
        "ima",
        "imam",
        "imao",
        "imala",
        "iz",
        "izmedju",
        "je",
        "jer",
        "jesam",
        "jos",
        "ju",
        "kada",
        "kako",
        "kao",
        "ko",
        "koja",
        "koje",
        "koji",
        "kojih",
        "kojim",
        "kojoj",
        "kod",
        "koju",
        "li",
        "me",
        "medju",
        "mene",
        "meni",
        "mi",
        "mnogo",
        "moj",
        "moja",
        "moje",
        "moji",
        "mozda",
        "na",
        "nad",
        "nam",
        "nas",
        "ne",
        "nego",
        "neki",
        "nema",
        "nije",
        "niti",
        "no",
        "o",
        "od",
        "oko",
        "on",
        "ona",
        "one",
        "oni",
        "ono",
        "ova",
        "ove",
        "ovaj",
        "ovde",
        "ovo",
        "pa",
        "po",
        "pod",
        "posle",
        "pre",
        "pri",
        "prema",
        "preko",
        "sa",
        "sam",
        "samo",
        "se",
        "si",
        "sve",
        "svi",
        "svoj",
        "svoja",
        "svoje",
        "smo",
        "su",
        "ta",
        "tada",
        "tako",
        "takodje",
        "te",
        "ti",
        "to",
        "tu",
        "u",
        "uz",
        "vam",
        "vas",
        "vec",
        "vi",
        "za",
        "zbog",
        "zato",
        "sto",
        "cu",
        "ce",
        "ces",
        "cemo",
        "cete",
    ]
)
STOP_WORDS: Final[frozenset[str]] = SERBIAN_STOP_WORDS | frozenset(ENGLISH_STOP_WORDS)

# Inflectional and derivational endings, longest first; a stem keeps at least 3 letters.
# Serbian: verbal nouns (-ovanje, -iranje, -anje, -enje and their cases), noun and adjective
# cases; English: -ation(s), -ing(s), -ers, -ies, -ed, -es, -s.
_SUFFIXES: Final[tuple[str, ...]] = tuple(
    sorted(
        {
            "ovanjem",
            "ovanja",
            "ovanje",
            "ivanje",
            "ivanja",
            "iranje",
            "iranja",
            "iranjem",
            "anjem",
            "enjem",
            "anja",
            "enja",
            "anje",
            "enje",
            "anju",
            "enju",
            "ovima",
            "evima",
            "skog",
            "skom",
            "skih",
            "skim",
            "ska",
            "ske",
            "ski",
            "sko",
            "ama",
            "ima",
            "ovi",
            "ova",
            "ove",
            "evi",
            "om",
            "em",
            "og",
            "ih",
            "im",
            "oj",
            "ations",
            "ation",
            "ings",
            "ing",
            "ers",
            "ies",
            "ed",
            "es",
            "a",
            "e",
            "i",
            "o",
            "u",
            "s",
        },  # fmt: skip
        key=lambda suffix: (-len(suffix), suffix),
    )
)
_MIN_STEM: Final = 3


def stem(word: str) -> str:
    """A light stem of a folded word: the longest known ending removed, keeping 3 letters."""
    if len(word) <= _MIN_STEM + 1 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


_STEMS: dict[str, str | None] = {}


def word_features(document: str) -> list[str]:
    """The word features of a folded document: stems of the words that are not stop words
    and have at least 2 letters (memoised per word)."""
    features: list[str] = []
    for word in document.split():
        feature = _STEMS.get(word, "")
        if feature == "":
            feature = None if (len(word) < 2 or word in STOP_WORDS) else stem(word)
            if len(_STEMS) < 500_000:
                _STEMS[word] = feature
        if feature is not None:
            features.append(feature)
    return features


def _pruning_limit(n_documents: int, max_df: float, min_posting: int) -> int:
    """Largest document frequency a feature may have and be kept."""
    return max(math.floor(max_df * n_documents), min_posting)


def _char_wb_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """scikit-learn's `char_wb` n-grams of one word (padded with a space on each side)."""
    padded = f" {word} "
    grams: list[str] = []
    length = len(padded)
    for n in range(min_n, max_n + 1):
        if length <= n:
            grams.append(padded)  # a short word is one n-gram, once, as scikit-learn does
            break
        grams.extend(padded[i : i + n] for i in range(length - n + 1))
    return grams


def _normalise_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    squares = np.bincount(
        np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr)),
        weights=matrix.data**2,
        minlength=matrix.shape[0],
    )
    norms = np.sqrt(squares)
    norms[norms == 0.0] = 1.0
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
    return matrix


class CharNgramTfidf:
    """TF-IDF of `char_wb` n-grams (3..5) with sublinear tf, smooth idf and l2-normalised rows.

    The features and weights of scikit-learn's ``TfidfVectorizer(analyzer="char_wb",
    ngram_range=(3, 5), sublinear_tf=True)``, but n-grams are made once per distinct word and
    documents are assembled by a sparse product (documents × words) · (words × n-grams): on the
    benchmark's 12,000 documents scikit-learn's per-document Python analyzer took seconds.

    N-grams found in more than `max_df` of the fitted documents and in more than
    `max_df_min_docs` of them are dropped: on a large corpus boilerplate ("iskustvo", "rad u
    timu") says little and makes the candidate × placement product slower; a small corpus
    (fewer documents than `max_df_min_docs`) keeps every n-gram.
    """

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (3, 5),
        max_df: float = 0.1,
        max_df_min_docs: int = MIN_POSTING,
    ) -> None:
        self.min_n, self.max_n = ngram_range
        self.max_df = max_df
        self.max_df_min_docs = max_df_min_docs
        self.vocabulary: dict[str, int] = {}
        self.idf: FloatArray = np.zeros(0)
        self._word_features: dict[str, list[int]] = {}
        self.fitted = False
        self.serial = 0  # changes on every fit: the key of text rows cached elsewhere

    def fit(self, documents: Sequence[str]) -> CharNgramTfidf:
        """Learn the vocabulary and idf from folded documents."""
        grams: dict[str, int] = {}
        counts = self._counts(documents, grams, grow=True)
        document_frequency = np.bincount(counts.indices, minlength=len(grams))
        limit = _pruning_limit(len(documents), self.max_df, self.max_df_min_docs)
        keep = (document_frequency > 0) & (document_frequency <= limit)
        if not keep.any():
            keep = document_frequency > 0
        new_id = np.cumsum(keep) - 1
        self.vocabulary = {gram: int(new_id[i]) for gram, i in grams.items() if keep[i]}
        self.idf = np.log((1.0 + len(documents)) / (1.0 + document_frequency[keep])) + 1.0
        self._word_features = {}
        self.fitted = True
        self.serial = next(_SERIALS)
        return self

    def transform(self, documents: Sequence[str]) -> sparse.csr_matrix:
        """l2-normalised TF-IDF rows of folded documents (unknown n-grams are ignored)."""
        counts = self._counts(documents, self.vocabulary, grow=False)
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        return _normalise_rows(counts)

    def _features(self, word: str, vocabulary: dict[str, int], grow: bool) -> list[int]:
        if grow:
            return [vocabulary.setdefault(g, len(vocabulary)) for g in self._grams(word)]
        cached = self._word_features.get(word)
        if cached is None:
            cached = [vocabulary[g] for g in self._grams(word) if g in vocabulary]
            self._word_features[word] = cached
        return cached

    def _grams(self, word: str) -> list[str]:
        return _char_wb_ngrams(word, self.min_n, self.max_n)

    def _counts(
        self, documents: Sequence[str], vocabulary: dict[str, int], *, grow: bool
    ) -> sparse.csr_matrix:
        words: dict[str, int] = {}
        columns: list[int] = []
        lengths: list[int] = []
        for document in documents:
            split = document.split()
            lengths.append(len(split))
            for word in split:
                column = words.get(word)
                if column is None:
                    column = words[word] = len(words)
                columns.append(column)
        doc_words = sparse.csr_matrix(
            (
                np.ones(len(columns)),
                np.array(columns, dtype=np.int64),
                np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]),
            ),
            shape=(len(documents), len(words)),
        )
        indptr = [0]
        indices: list[int] = []
        for word in words:
            indices.extend(self._features(word, vocabulary, grow))
            indptr.append(len(indices))
        word_grams = sparse.csr_matrix(
            (np.ones(len(indices)), np.array(indices, dtype=np.int64), np.array(indptr)),
            shape=(len(words), len(vocabulary)),
        )
        counts: sparse.csr_matrix = (doc_words @ word_grams).tocsr()
        counts.sum_duplicates()
        counts.eliminate_zeros()
        counts.sort_indices()
        return counts


class HybridTfidf:
    """Character n-grams and stemmed words in one sparse space (see the module docstring).

    The same interface as `CharNgramTfidf`: `fit`, `transform` (l2-normalised rows),
    `fitted`, `serial`.
    """

    def __init__(
        self,
        *,
        char_share: float = CHAR_SHARE,
        max_df: float = 0.1,
        min_posting: int = MIN_POSTING,
    ) -> None:
        if not 0.0 <= char_share <= 1.0:
            raise ValueError("char_share must be within [0, 1]")
        self.char_share = char_share
        self.max_df = max_df
        self.min_posting = min_posting
        self.chars = CharNgramTfidf(max_df=max_df, max_df_min_docs=min_posting)
        self.words: TfidfVectorizer | None = None
        self.fitted = False
        self.serial = 0

    def fit(self, documents: Sequence[str]) -> HybridTfidf:
        """Learn both vocabularies and idfs from folded documents."""
        self.chars.fit(documents)
        limit = _pruning_limit(len(documents), self.max_df, self.min_posting)
        words = TfidfVectorizer(
            analyzer=word_features,
            sublinear_tf=True,
            max_df=max(limit, 1),
            dtype=np.float64,
        )
        try:
            words.fit(documents)
        except ValueError:  # no word features at all (empty or stop-word-only corpus)
            words = None
        self.words = words
        self.fitted = True
        self.serial = next(_SERIALS)
        return self

    def transform(self, documents: Sequence[str]) -> sparse.csr_matrix:
        """l2-normalised rows: [√share · characters | √(1 − share) · words]."""
        chars = self.chars.transform(documents)
        blocks = [chars * math.sqrt(self.char_share)]
        if self.words is not None:
            words = (
                sparse.csr_matrix(self.words.transform(documents), dtype=np.float64)
                if len(documents)
                else sparse.csr_matrix((0, len(self.words.vocabulary_)), dtype=np.float64)
            )
            blocks.append(words * math.sqrt(1.0 - self.char_share))
        combined = sparse.hstack(blocks, format="csr")
        combined.sort_indices()
        return _normalise_rows(combined)
