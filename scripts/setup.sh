#!/bin/sh
# Makes a fresh clone ready for one command: `sh scripts/setup.sh start|stack|test`.
# npm scripts call it first, so `npm start` and `npm test` work on a fresh machine with
# nothing but Node and npm: it installs the npm packages when they are missing or out of
# date, and the Debian packages that command needs (as root, or with passwordless sudo);
# otherwise it prints the one command to run and stops.
set -eu
cd "$(dirname "$0")/.."
what="${1:-start}"

# npm packages: `npm ci` when node_modules was installed from another package-lock.json.
stamp=node_modules/.lockstep-installed
want=$(cksum < package-lock.json)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Lockstep setup: installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

# Debian packages, by the binary each brings (LOCKSTEP_BIN_DIR only for this script's test).
bin=${LOCKSTEP_BIN_DIR:-/usr/bin}
case "$what" in
  test)  need="chromium:chromium xvfb:xvfb-run prometheus:prometheus prometheus-alertmanager:prometheus-alertmanager victoria-metrics:victoria-metrics victoria-metrics:vmalert openssl:openssl" ;;
  stack) need="prometheus:prometheus prometheus-alertmanager:prometheus-alertmanager" ;;
  *)     need="" ;;
esac
missing=""
for pair in $need; do
  pkg=${pair%%:*}
  [ -x "$bin/${pair#*:}" ] || case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done
missing=${missing# }
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
  as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo"
else
  echo "Lockstep needs these Debian packages for 'npm $what': $missing"
  echo "Install them, then run the command again:"
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing"
  exit 1
fi
echo "Lockstep setup: installing Debian packages: $missing"
export DEBIAN_FRONTEND=noninteractive
if ! { $as_root apt-get update -q >/dev/null && $as_root apt-get install -y -q --no-install-recommends $missing >/dev/null; }; then
  echo "apt-get could not install: $missing"
  echo "Install them by hand, then run the command again:"
  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing"
  exit 1
fi
