"""The fast 繁→简 conversion gives exactly OpenCC's output, phrase by phrase and character by
character."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from reportcorpus import CORPUS, corpus_names, require_corpus

from gongkai.reports.ingest.normalize import _t2s, to_simplified

DICTIONARIES = Path(opencc.__file__).parent / "dictionary"


def test_fast_path_is_taken_for_t2s() -> None:
    assert _t2s()._fast


@pytest.mark.parametrize("name", ["TSPhrases.txt", "TSCharacters.txt"])
def test_every_dictionary_entry_converts_as_opencc(name: str) -> None:
    # Every phrase, every character with one or several candidates, and their separators.
    text = (DICTIONARIES / name).read_text(encoding="utf-8")
    reference = opencc.OpenCC("t2s")
    assert _t2s().convert(text) == reference.convert(text)
    by_character = "".join(reference.convert(ch) or ch for ch in text)
    assert _t2s().convert_chars(text) == by_character


def test_corpus_converts_as_opencc() -> None:
    require_corpus()
    reference = opencc.OpenCC("t2s")
    for name in corpus_names():
        for path in (CORPUS / name).glob("source.*"):
            if path.suffix == ".pdf":
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            assert _t2s().convert(text) == reference.convert(text), name
            assert _t2s().convert_chars(text) == "".join(reference.convert(c) or c for c in text)
            assert len(to_simplified(text)) == len(text)
