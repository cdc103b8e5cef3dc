#!/usr/bin/env bash
# Stops the registry and storage emulators that eng/test-env/up.sh started (ones it merely reused are left alone).
#   bash eng/test-env/down.sh           # stop; keep the state dir (storage, log) for the next up.sh
#   bash eng/test-env/down.sh --purge   # stop and delete the state dir
set -euo pipefail

state="${MODELCAR_TEST_ENV_DIR:-/tmp/modelcar-test-env}"
pidfile="$state/registry.pid"

if [ -f "$pidfile" ]; then
  pid="$(cat "$pidfile")"
  # Only a docker-registry serving this state dir's config: the pid may have been reused since.
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "docker-registry serve $state/registry/config.yml"; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    echo "down.sh: stopped docker-registry (pid $pid)"
  else
    echo "down.sh: docker-registry (pid $pid) was not running"
  fi
  rm -f "$pidfile"
else
  echo "down.sh: no registry started by up.sh in $state"
fi

# The registries with credentials that auth-registries-up.sh started.
for pidfile in "$state"/auth/*.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "docker-registry serve $state/auth/"; then
    kill "$pid" && echo "down.sh: stopped docker-registry (pid $pid) from $pidfile"
  fi
  rm -f "$pidfile"
done

# The intermediate-CA registry that intermediate-ca-registry-up.sh started.
pidfile="$state/intermediate-ca/registry.pid"
if [ -f "$pidfile" ]; then
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "docker-registry serve $state/intermediate-ca/"; then
    kill "$pid" && echo "down.sh: stopped docker-registry (pid $pid) from $pidfile"
  fi
  rm -f "$pidfile"
fi

# The storage emulators eng/test-env/storage-up.sh started (node processes whose command line names this state dir).
for emulator in azurite s3rver; do
  pidfile="$state/$emulator.pid"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$state/$emulator"; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    echo "down.sh: stopped $emulator (pid $pid)"
  fi
  rm -f "$pidfile"
done

if [ "${1:-}" = "--purge" ]; then
  rm -rf "$state"
  echo "down.sh: removed $state"
fi
