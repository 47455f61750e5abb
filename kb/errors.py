"""Error hierarchy whose messages tell the user what to do next."""
from __future__ import annotations


class KBError(Exception):
    """Base class for every error HIPAA Guide reports to a user (exit code 2 on the CLI)."""

    exit_code = 2


class ConfigError(KBError):
    """A setting has a value that cannot work."""


class IndexMissingError(KBError):
    """No index folder exists where the settings point."""

    def __init__(self, path: object) -> None:
        super().__init__(
            f"No index found at {path}. Build it with `python -m kb ingest` "
            "(or set HIPAA_GUIDE_INDEX_DIR to an existing index)."
        )


class IndexMismatchError(KBError):
    """The saved index was built with another embedder or chunking setting."""


class IndexCorruptError(KBError):
    """The index folder exists but its files are unreadable or inconsistent."""


class IndexBusyError(KBError):
    """Another process is writing the index (and the caller chose not to wait for it)."""


class LoadError(KBError):
    """A source document could not be read; the message names the file."""


class QueryError(KBError):
    """A question or search query that cannot be answered as given (empty, too long)."""


class CatalogError(KBError):
    """The service catalog file is missing or malformed, or a service name is unknown."""


class ReviewInputError(KBError):
    """A file given to `kb review` cannot be read or parsed; the message names the file and line."""


class DataFileError(ConfigError):
    """A data file (data/*.yaml, the requirement records, or a HIPAA_GUIDE_DATA_DIR's own) is missing or breaks
    its schema: one line, "<file>:<line>: <field>: <what is wrong>; <how to fix>" (kb/datafile.py). The data
    folder is configuration, so it is a ConfigError (what the review's loaders raised before)."""


class CatalogFileError(DataFileError, CatalogError):
    """The service catalog (services.yaml) is missing or breaks its schema: a DataFileError that callers of
    Catalog.load catching CatalogError still catch."""
