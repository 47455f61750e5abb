"""Entry point for `python -m kb` (the `hipaa-guide` command runs the same `kb.cli.main`)."""
from kb.cli import main

raise SystemExit(main(prog="python -m kb"))
