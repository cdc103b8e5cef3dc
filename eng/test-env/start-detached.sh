# Shared by the eng/test-env/*-up.sh scripts (source it). The caller defines log, die and answers (its own probe:
# what counts as "up" differs between servers).

# Writes a docker-registry config: filesystem storage with deletes on and upload purging off (tests look at
# what they left), listening on addr; extra is YAML appended as is (two-space indent continues the http section).
write_registry_config() { # config rootdirectory addr [extra]
  cat >"$1" <<YAML
version: 0.1
log:
  level: warn
  formatter: text
storage:
  filesystem:
    rootdirectory: $2
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $3
  secret: modelcar-test-env
${4:-}
YAML
}

# Starts "$@" detached (own session, no inherited stdio or up.lock fd 9), so it outlives this script and never
# holds a CI log pipe open, then waits until $url answers.
start_detached() { # name url pidfile logfile command...
  local name="$1" url="$2" pidfile="$3" logfile="$4"; shift 4
  setsid "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  local pid=$!
  echo "$pid" >"$pidfile"
  local deadline=$((SECONDS + 30))
  until answers "$url"; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "--- $logfile ---" >&2; tail -n 30 "$logfile" >&2 || true
      die "$name did not answer on $url (port taken? see $logfile)"
    fi
    sleep 0.2
  done
  log "started $name (pid $pid) on $url, log $logfile"
}
