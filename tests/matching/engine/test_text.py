"""Tests for the hybrid text channel (matching.engine.text)."""

from __future__ import annotations

import numpy as np

from matching.engine.normalize import fold
from matching.engine.text import CharNgramTfidf, HybridTfidf, stem, word_features


def test_light_stemming_joins_serbian_and_english_inflections() -> None:
    assert stem("programiranje") == stem("programiranja")
    assert stem("viljuskarom") == stem("viljuskar")
    assert stem("welding") == stem("welded")
    assert stem("sql") == "sql"  # short words stay as they are


def test_stop_words_of_both_languages_are_not_word_features() -> None:
    features = word_features(fold("Radio sam u magacinu and I was in the warehouse"))
    assert "u" not in features and "sam" not in features
    assert "the" not in features and "and" not in features
    assert stem("magacinu") in features and stem("warehouse") in features


def test_a_small_corpus_is_not_pruned() -> None:
    # Every document shares "rad": max_df alone would drop it; under MIN_POSTING documents
    # nothing is pruned.
    documents = [f"rad {word}" for word in ("kasa", "magacin", "zavarivanje", "kuhinja")] * 10
    model = CharNgramTfidf().fit(documents)
    assert " rad " in model.vocabulary
    pruned = CharNgramTfidf(max_df_min_docs=12).fit(documents)
    assert " rad " not in pruned.vocabulary


def test_hybrid_rows_are_normalised_and_a_shared_rare_word_counts() -> None:
    documents = [
        fold(text)
        for text in (
            "vozac viljuskara u magacinu",
            "upravljanje viljuskarom, utovar robe",
            "konobar u restoranu, sluzenje gostiju",
            "prodavac u prodavnici, rad na kasi",
        )
    ]
    model = HybridTfidf().fit(documents)
    rows = model.transform(documents)
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0)
    similarity = (rows @ rows.T).toarray()
    assert similarity[0, 1] > similarity[0, 2]
    assert similarity[0, 1] > similarity[0, 3]


def test_the_idf_is_learned_from_what_it_is_fitted_on() -> None:
    placements = [fold("python programer"), fold("magacioner")]
    candidates = [fold("python python razvoj"), fold("python skripte"), fold("python web")]
    only_placements = HybridTfidf().fit(placements)
    both_sides = HybridTfidf().fit(placements + candidates)
    # "python" is in 1 of 2 placement documents, but in 4 of 5 documents of both sides: the
    # word carries less weight once the candidates' side is known.
    query = [fold("python")]
    target = [placements[0]]
    alone = float((only_placements.transform(query) @ only_placements.transform(target).T)[0, 0])
    both = float((both_sides.transform(query) @ both_sides.transform(target).T)[0, 0])
    assert both < alone


def test_no_documents_and_empty_documents_are_fine() -> None:
    model = HybridTfidf().fit([fold("rad na kasi"), ""])
    assert model.transform([]).shape[0] == 0
    empty = model.transform([""])
    assert empty.nnz == 0
    assert HybridTfidf().fit([]).transform(["kasa"]).nnz == 0
