"""A file read the way an upload is (extract_text, guess_meta, parse_clauses), with no index: for the tests of
the parser and the reader on small invented documents."""

from __future__ import annotations

from pathlib import Path

from assistant.clauses import parse_clauses
from assistant.config import Settings
from assistant.schema import Clause, DocMeta, SourceDoc
from assistant.sources.extract import extract_text
from assistant.sources.meta import guess_meta


def read_upload(path: Path) -> tuple[DocMeta, str, list[Clause]]:
    """The catalog entry the upload path guesses, the extracted text and the clauses."""
    text = extract_text(path, Settings.from_env()).text
    meta = guess_meta(text, path.name, set())
    return meta, text, parse_clauses(SourceDoc(meta, text))
