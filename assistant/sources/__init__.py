"""Documents in and out: the knowledge catalog, user uploads (PDF, DOCX, TXT, MD) and their clean text.

catalog (TOML catalogs, atomic writes) · extract (per format) · decode (bytes -> text) · reflow (hard-wrapped
lines -> paragraphs) · meta (guessing a catalog entry) · library (load, add, remove). Problems the user can fix
are raised as DocumentError with a Vietnamese message naming the file.
"""

from assistant.sources.catalog import read_catalog, write_catalog
from assistant.sources.errors import DocumentError
from assistant.sources.extract import SUPPORTED_EXTENSIONS, extract_text
from assistant.sources.library import add_document, load_documents, remove_document, text_hash
from assistant.sources.meta import guess_meta, parse_date, slugify
from assistant.sources.reflow import reflow

__all__ = [
    "DocumentError",
    "SUPPORTED_EXTENSIONS",
    "add_document",
    "extract_text",
    "guess_meta",
    "load_documents",
    "parse_date",
    "read_catalog",
    "reflow",
    "remove_document",
    "slugify",
    "text_hash",
    "write_catalog",
]
