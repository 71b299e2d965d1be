#!/usr/bin/env bash
# Creates (once) the virtual environment with schemathesis pinned, for `npm run fuzz:api`.
# Debian's Python is externally managed, so pip only installs into a venv of the project's own.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
VENV=.cache/venv-schemathesis

if [ ! -x "$VENV/bin/schemathesis" ] || ! "$VENV/bin/python" -m pip show schemathesis 2>/dev/null | grep -qx "Version: $SCHEMATHESIS_VERSION"; then
  echo "[schemathesis] creating $VENV with schemathesis==$SCHEMATHESIS_VERSION"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
"$VENV/bin/schemathesis" --version
