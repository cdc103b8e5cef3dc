#!/usr/bin/env bash
# Starts a docker-registry whose TLS certificate is issued by an INTERMEDIATE CA, as Harbor, Artifactory and Nexus
# are usually set up behind a company PKI: the server sends its leaf and the intermediate, while the CA bundle users
# are given holds only the root. curl and skopeo accept that; the SDK must too (issue 13, point 4). Appends its
# coordinates to $state/env.sh. Called by eng/test-env/up.sh; stopped by eng/test-env/down.sh.
#
#   root CA (self-signed)  ->  intermediate CA  ->  leaf for modelcar-intermediate.test, localhost, 127.0.0.1
#
# The registry listens on https://127.0.0.1:$port (no auth). Loopback is always allowed unverified TLS, so tests that
# check verification address it as modelcar-intermediate.test and connect that name to 127.0.0.1 themselves.
# Knob: MODELCAR_TEST_INTERMEDIATE_PORT (5600). Idempotent: a registry already answering is reused, and the
# certificates are made once per state dir.
set -euo pipefail

state="${1:-${MODELCAR_TEST_ENV_DIR:-/tmp/modelcar-test-env}}"
port="${MODELCAR_TEST_INTERMEDIATE_PORT:-5600}"
dir="$state/intermediate-ca"
name="modelcar-intermediate.test"

log() { echo "intermediate-ca-registry-up.sh: $*"; }
die() { echo "intermediate-ca-registry-up.sh: error: $*" >&2; exit 1; }
for tool in docker-registry openssl curl; do
  command -v "$tool" >/dev/null || die "$tool not found: run 'bash eng/test-env/install.sh' first"
done
mkdir -p "$dir"

# --- the chain (once per state dir) ----------------------------------------------------------------
if [ ! -f "$dir/root.crt" ] || [ ! -f "$dir/server-chain.crt" ]; then
  log "making a root CA, an intermediate CA and a leaf certificate issued by the intermediate"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -subj "/CN=Modelcar test root CA" \
    -keyout "$dir/root.key" -out "$dir/root.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=Modelcar test intermediate CA" \
    -keyout "$dir/intermediate.key" -out "$dir/intermediate.csr" 2>/dev/null
  printf '%s\n' "basicConstraints=critical,CA:TRUE,pathlen:0" "keyUsage=critical,keyCertSign,cRLSign" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" >"$dir/intermediate.ext"
  openssl x509 -req -in "$dir/intermediate.csr" -CA "$dir/root.crt" -CAkey "$dir/root.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$dir/intermediate.ext" -out "$dir/intermediate.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=$name" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1" "basicConstraints=CA:FALSE" \
    "keyUsage=digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/intermediate.crt" -CAkey "$dir/intermediate.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$dir/server.ext" -out "$dir/server.crt" 2>/dev/null
  # What the server sends: the leaf, then the intermediate (never the root).
  cat "$dir/server.crt" "$dir/intermediate.crt" >"$dir/server-chain.crt"
fi

# --- the registry -----------------------------------------------------------------------------------
url="https://127.0.0.1:$port/v2/"
# Verified with the root alone: the same check curl makes, so "answers" also proves the chain is served.
answers() { curl -fsS -o /dev/null --max-time 2 --cacert "$dir/root.crt" "$1" 2>/dev/null; }

# shellcheck source=start-detached.sh
. "$(dirname "${BASH_SOURCE[0]}")/start-detached.sh"

if answers "$url"; then
  log "reusing the intermediate-CA registry on $url"
else
  mkdir -p "$dir/data"
  write_registry_config "$dir/registry.yml" "$dir/data" "127.0.0.1:$port" "  tls:
    certificate: $dir/server-chain.crt
    key: $dir/server.key"
  start_detached "the intermediate-CA registry" "$url" "$dir/registry.pid" "$dir/registry.log" docker-registry serve "$dir/registry.yml"
fi

# Replace this script's block in env.sh (it may run again without up.sh rewriting the file).
touch "$state/env.sh"
sed -i '/^# >>> intermediate-ca-registry-up.sh/,/^# <<< intermediate-ca-registry-up.sh/d' "$state/env.sh"
cat >>"$state/env.sh" <<ENV
# >>> intermediate-ca-registry-up.sh: the registry whose certificate an intermediate CA issued.
export MODELCAR_TEST_INTERMEDIATE_REGISTRY='127.0.0.1:$port'
export MODELCAR_TEST_INTERMEDIATE_TLS_NAME='$name:$port'
export MODELCAR_TEST_INTERMEDIATE_ROOT_CA='$dir/root.crt'
# <<< intermediate-ca-registry-up.sh
ENV
