#!/usr/bin/env bash
# Install what the HIPAA Guide app needs to run: .venv with this checkout installed editable (`pip install -e .`:
# the pinned runtime requirements of requirements.txt, the packages kb, ingest, app and evals importable from
# any folder, and the `hipaa-guide` command), skipped when neither file has changed. Nothing for the tests:
# scripts/test.sh adds those.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
want=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  # torch first and pinned, so nothing pulls a multi-GB CUDA build instead.
  .venv/bin/python -m pip install --quiet torch==2.13.0
  .venv/bin/python -m pip install --quiet -e .
  echo "$want" > "$stamp"
fi
