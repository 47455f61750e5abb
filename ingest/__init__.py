"""Ingestion: load source documents, clean page furniture and split them into service-keyed chunks."""
