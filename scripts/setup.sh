#!/usr/bin/env bash
# Idempotent setup: Debian packages, the .venv and the project with its dependencies.
# Usage: scripts/setup.sh [run|test]   (test adds PostgreSQL, Redis, Chromium and the test extras)
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-run}"
packages=(tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk)
if [ "$profile" = test ]; then
  # redis-server: the tests start a throwaway one (tests/conftest.py); `make run` needs none
  packages+=(postgresql redis-server chromium)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python="${PYTHON:-python3.11}"
command -v "$python" >/dev/null || python=python3
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $python"
  "$python" -m venv .venv
fi

extras=""
[ "$profile" = test ] && extras="[test]"
stamp=".venv/.setup-$profile"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "setup: installing the project and its Python dependencies ($profile)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".$extras"
  touch "$stamp"
fi
echo "setup: ready ($profile)"
