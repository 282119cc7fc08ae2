#!/bin/sh
# Browser-test set-up, safe to run again: Debian's Chromium (with Noto CJK so Korean renders)
# when missing, then the pinned, integrity-checked axe-core script. Never a browser download.
set -eu
PYTHON=${1:-python3}

missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" \
  || missing="$missing fonts-noto-cjk"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser tests: installing$missing from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086  # word splitting of the package list is wanted
    apt-get install -y -qq $missing >/dev/null
  else
    echo "browser tests: run 'apt-get install$missing' as root; without /usr/bin/chromium" \
         "they are skipped (and fail under CI)" >&2
  fi
fi
"$PYTHON" -m tests.browser.fetch_axe
