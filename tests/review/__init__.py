"""Design review tests."""
