#!/usr/bin/env bash
# Quick start: set up what the app needs (scripts/setup.sh), build the index if it is missing, and run the
# chat app on http://127.0.0.1:8501. Installs nothing for the tests (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8501}"
URL="http://127.0.0.1:${PORT}"
bash scripts/setup.sh
if [ ! -f "${HIPAA_GUIDE_INDEX_DIR:-var/index}/manifest.json" ]; then
  echo "Building the index (first run only, about four minutes on 2 cores)..."
  .venv/bin/python -m kb ingest
elif ! .venv/bin/python -m kb status >/dev/null 2>&1; then
  # an index built by an older version (another splitter or tokenizer) is refused: rebuild it once
  echo "The index was built by an older version of HIPAA Guide; rebuilding it (about four minutes on 2 cores)..."
  .venv/bin/python -m kb ingest --rebuild
else
  # the same documents: only record statements added or changed since the index was built get their vectors
  .venv/bin/python -m kb ingest
fi
echo "Starting HIPAA Guide on ${URL} ..."
# Loopback only, no usage statistics (also in app/.streamlit/config.toml, read whatever the working folder).
.venv/bin/python -m streamlit run app/streamlit_app.py --server.address 127.0.0.1 --server.port "$PORT" \
  --server.headless true --browser.gatherUsageStats false &
server=$!
trap 'kill "$server" 2>/dev/null || true' INT TERM EXIT
if .venv/bin/python - "$URL" <<'PY'; then
import sys
import time
import urllib.request

deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(sys.argv[1] + "/_stcore/health", timeout=2) as resp:
            if resp.read() == b"ok":
                sys.exit(0)
    except OSError:
        time.sleep(0.5)
sys.exit(1)
PY
  echo
  echo "HIPAA Guide is running: open ${URL} in your browser (Ctrl+C stops it)."
  echo
else
  echo "HIPAA Guide did not come up on ${URL}; see the messages above." >&2
fi
wait "$server"
