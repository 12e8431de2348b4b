#!/usr/bin/env bash
# Runs before `npm test`: makes sure the browser and PostgreSQL the tests use are there, installing or
# starting them on a Debian machine where we are root, and explaining what to do anywhere else.
set -uo pipefail

chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "tests: installing Debian's chromium for the browser tests" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -x "$chromium_bin" ]; then
    echo "tests: no Chromium at $chromium_bin. Install it (apt-get install chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi

case "${DIALECTS:-sqlite,postgres}" in
  *postgres*)
    if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
      if command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
        for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
      fi
    fi
    if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
      echo "tests: PostgreSQL is not answering on 127.0.0.1:5432 (set TEST_DATABASE_URL, or DIALECTS=sqlite to skip it)." >&2
      exit 1
    fi
    ;;
esac
exit 0
