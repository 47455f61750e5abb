#!/usr/bin/env bash
# Quick start: set up, build the index if it is missing, and show the knowledge base answering.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -f "${HIPAA_GUIDE_INDEX_DIR:-var/index}/manifest.json" ]; then
  .venv/bin/python -m kb ingest
fi
.venv/bin/python -m kb search "S3 버킷 암호화" --k 3
