#!/usr/bin/env bash
# The test command (README quick start; .ci/run runs exactly this): set up the app (scripts/setup.sh), add what
# the tests need (the `test` extra: requirements-llm.txt and requirements-dev.txt; Debian's chromium and CJK
# fonts for the browser test, when missing),
# then run pytest. Arguments go to pytest: `bash scripts/test.sh -m "not slow" -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

# chromium drives the browser test (Playwright uses this system build: `playwright install` cannot download
# its own here); fonts-noto-cjk renders Korean and Chinese in its pages and screenshots.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: install ${missing[*]} with your package manager (the browser test needs them)" >&2
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

# The end-to-end test of generated answers needs a llama.cpp server built from source (about 13 minutes the
# first time; pip caches the wheel): CI installs it, a developer opts in with HIPAA_GUIDE_SETUP_LLM_TEST=1.
llm_test=""
if [ -n "${CI:-}" ] || [ "${HIPAA_GUIDE_SETUP_LLM_TEST:-}" = "1" ]; then
  llm_test=1
fi
stamp=.venv/.requirements-dev.sha256
want=$( (cat requirements*.txt pyproject.toml; echo "llm-test=${llm_test}") | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]"
  if [ -n "$llm_test" ]; then
    .venv/bin/python -m pip install --quiet -r requirements-llm-test.txt
  fi
  echo "$want" > "$stamp"
fi
exec .venv/bin/python -m pytest "$@"
