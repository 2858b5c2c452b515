"""Normalising, correcting and expanding the words of a search (search/text.py)."""

from search import text


def test_accents_and_case_never_matter():
    assert text.words("Café CRÈME, Moulin-à-café") == ["cafe", "creme", "moulin", "a", "cafe"]


def test_typos_follow_meilisearch_s_rule():
    assert [text.typos_allowed(word) for word in ("case", "casqe", "headphnes")] == [0, 1, 2]


def test_a_misspelt_word_is_corrected_to_the_closest_words_of_the_vocabulary():
    vocabulary = ["espresso", "express", "headphones", "casque", "case"]
    assert text.corrections("espreso", vocabulary) == ["espresso"]  # "express" is two away
    assert text.corrections("headphnes", vocabulary) == ["headphones"]
    assert text.corrections("casqe", vocabulary) == ["case", "casque"]  # one edit each
    assert text.corrections("cse", vocabulary) == []  # too short to correct


def test_query_terms_keep_known_words_correct_the_others_and_add_synonyms():
    vocabulary = {"espresso", "machine", "phone", "grinder"}
    terms = text.query_terms(
        text="Espreso mobile", vocabulary=vocabulary, synonyms={"mobile": ["phone", "cell phone"]}
    )
    assert [term.typed for term in terms] == ["espreso", "mobile"]
    assert terms[0].corrected == "espresso" and ("espresso",) in terms[0].alternatives
    assert terms[1].corrected is None
    assert terms[1].alternatives == (("mobile",), ("phone",), ("cell", "phone"))
    assert [term.prefix for term in terms] == [False, True]
    assert text.corrected_text(terms) == "espresso mobile"


def test_a_word_the_vocabulary_holds_is_never_corrected():
    terms = text.query_terms(text="express", vocabulary={"express", "espresso"}, synonyms={})
    assert terms[0].alternatives == (("express",),) and terms[0].corrected is None
    assert text.corrected_text(terms) is None
