#!/usr/bin/env bash
# Install what HIPAA Guide needs: Debian's chromium and CJK fonts (when missing), then .venv with the
# pinned requirements (skipped when they have not changed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

# chromium drives the browser test (Playwright uses this system build: `playwright install` cannot
# download its own here); fonts-noto-cjk renders Korean and Chinese in the page and its screenshots.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: install ${missing[*]} with your package manager (needed by the browser test and for CJK text)" >&2
  elif [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  else
    echo "warning: run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# The end-to-end test of generated answers needs a llama.cpp server built from source (about 13
# minutes): CI installs it, a developer opts in with HIPAA_GUIDE_SETUP_LLM_TEST=1; the app never needs it.
llm_test=""
if [ -n "${CI:-}" ] || [ "${HIPAA_GUIDE_SETUP_LLM_TEST:-}" = "1" ]; then
  llm_test=1
fi
stamp=.venv/.requirements.sha256
want=$( (cat requirements*.txt; echo "llm-test=${llm_test}") | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  # torch first and pinned, so nothing pulls a multi-GB CUDA build instead.
  .venv/bin/python -m pip install --quiet torch==2.13.0
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  if [ -n "$llm_test" ]; then
    .venv/bin/python -m pip install --quiet -r requirements-llm-test.txt
  fi
  echo "$want" > "$stamp"
fi
