import unicodedata

from assistant.text import normalize


def test_nfc_and_old_new_tone_placement_share_one_key():
    decomposed = unicodedata.normalize("NFD", "công nghiệp hoá")
    assert normalize.key(decomposed) == normalize.key("công nghiệp hóa")
    assert normalize.key("uỷ ban") == normalize.key("ủy ban")
    assert normalize.key("Thuỷ lợi") == normalize.key("thủy lợi")
    assert normalize.key("khoẻ") == normalize.key("khỏe")
    # the tone stays where it belongs when the vowel pair does not close the syllable
    assert normalize.key("hoàn thiện") == "hoàn thiện"
    assert normalize.key("toán") == "toán"


def test_folded_form_matches_text_typed_without_diacritics():
    assert normalize.folded_key("Đo lường, chất lượng") == "do luong, chat luong"
    assert normalize.folded_key("ĐẢNG ỦY XÃ") == "dang uy xa"
    assert not normalize.has_diacritics("chi thi 38 noi gi")
    assert normalize.has_diacritics("chỉ thị")


def test_tokens_have_syllables_and_bigrams_and_percent_reads_as_words():
    toks = normalize.tokens("Tiêu chuẩn 10%")
    assert "tiêu" in toks and "tiêu_chuẩn" in toks
    assert "phần_trăm" in toks
    assert normalize.tokens("tieu chuan", folded=True) == normalize.tokens("Tiêu chuẩn", folded=True)


def test_contains_ignores_case_spacing_and_tone_placement():
    assert normalize.contains("công nghiệp hoá,  hiện đại hoá", "Công nghiệp hóa, hiện đại hóa")
    assert not normalize.contains("công nghiệp hóa", "nông nghiệp")


def test_a_tone_under_a_circumflex_or_breve_stays_where_it_is():
    # "luật", "hoặc", "thuật": the dot belongs to â/ă; only hoá/thuỷ-style placement is moved
    for word in ("luật", "hoặc", "kỹ thuật", "quặng"):
        assert normalize.key(word) == word
    assert normalize.key("hoá thuỷ") == normalize.key("hóa thủy") == "hóa thủy"


def test_fold_is_the_same_for_composed_and_decomposed_text():
    text = "Tiêu chuẩn, đo lường, chất lượng — “Đảng ủy” hoặc Luật; naïve ﬁ"
    decomposed = unicodedata.normalize("NFD", text)
    assert (
        normalize.fold(text)
        == normalize.fold(decomposed)
        == "Tieu chuan, do luong, chat luong — “Dang uy” hoac Luat; naive ﬁ"
    )
