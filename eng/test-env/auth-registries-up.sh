#!/usr/bin/env bash
# Starts the two registries that need credentials, for the credential/TLS tests (issue 5), and appends their
# coordinates to $state/env.sh. Called by eng/test-env/up.sh; stopped by eng/test-env/down.sh.
#
#   - a docker-registry with htpasswd Basic auth over TLS, on https://127.0.0.1:$basic_port. Its certificate is
#     issued by a CA made here with openssl and is valid for 127.0.0.1, localhost and modelcar-registry.test.
#     The CA is NOT installed in the system store: tests trust it through the CA-bundle setting
#     (MODELCAR_REGISTRY_CA_BUNDLE / ModelcarRegistryCaBundle). Loopback is always allowed unverified TLS, so the
#     tests that check verification address it as modelcar-registry.test (a non-loopback name) and connect
#     that name to 127.0.0.1 in their HTTP handler.
#   - a docker-registry with `auth: token` on http://127.0.0.1:$token_port. It trusts JWTs signed by the key made
#     here (rootcertbundle). No token service ships as a Debian package, so the tests host their own small one
#     (Kestrel) on 127.0.0.1:$token_service_port, the realm configured here.
#
# Knobs: MODELCAR_TEST_AUTH_BASIC_PORT (5443), MODELCAR_TEST_AUTH_TOKEN_PORT (5444),
# MODELCAR_TEST_TOKEN_SERVICE_PORT (5445). Idempotent: a registry already answering on its port is reused, and the
# CA and keys are made once per state dir.
set -euo pipefail

state="${1:-${MODELCAR_TEST_ENV_DIR:-/tmp/modelcar-test-env}}"
basic_port="${MODELCAR_TEST_AUTH_BASIC_PORT:-5443}"
token_port="${MODELCAR_TEST_AUTH_TOKEN_PORT:-5444}"
token_service_port="${MODELCAR_TEST_TOKEN_SERVICE_PORT:-5445}"
auth="$state/auth"
user="modelcar"
# A fixed test password: these registries hold only test images and listen on loopback only.
password="modelcar-test-password-0d6c1f"
service="modelcar-test-registry"
issuer="modelcar-test-token-service"

log() { echo "auth-registries-up.sh: $*"; }
die() { echo "auth-registries-up.sh: error: $*" >&2; exit 1; }
for tool in docker-registry openssl htpasswd curl; do
  command -v "$tool" >/dev/null || die "$tool not found: run 'bash eng/test-env/install.sh' first"
done
mkdir -p "$auth"

# --- keys and certificates (once per state dir) -----------------------------------------------------
if [ ! -f "$auth/ca.crt" ] || [ ! -f "$auth/server.crt" ] || [ ! -f "$auth/token-signing.crt" ] || [ ! -f "$auth/htpasswd" ]; then
  log "making a test CA, the registry's server certificate and the token signing key"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -subj "/CN=Modelcar test CA" \
    -keyout "$auth/ca.key" -out "$auth/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=modelcar-registry.test" \
    -keyout "$auth/server.key" -out "$auth/server.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=DNS:modelcar-registry.test,DNS:localhost,IP:127.0.0.1" \
    "basicConstraints=CA:FALSE" "keyUsage=digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >"$auth/server.ext"
  openssl x509 -req -in "$auth/server.csr" -CA "$auth/ca.crt" -CAkey "$auth/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$auth/server.ext" -out "$auth/server.crt" 2>/dev/null
  # The token signing key: RS256. Its self-signed certificate is the registry's rootcertbundle and goes in the
  # tokens' x5c header.
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 -subj "/CN=$issuer" \
    -keyout "$auth/token-signing.key" -out "$auth/token-signing.crt" 2>/dev/null
  htpasswd -Bbn "$user" "$password" >"$auth/htpasswd"
fi

# --- the registries ---------------------------------------------------------------------------------
answers() { # url
  local code
  code="$(curl -sS -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$auth/ca.crt" "$1" 2>/dev/null || true)"
  [ "$code" = 401 ] || [ "$code" = 200 ]
}

# shellcheck source=start-detached.sh
. "$(dirname "${BASH_SOURCE[0]}")/start-detached.sh"

start() { # name port url-to-probe config-extra
  local name="$1" port="$2" url="$3" extra="$4"
  local config="$auth/$name.yml" logfile="$auth/$name.log" pidfile="$auth/$name.pid"
  if answers "$url"; then log "reusing the $name registry on $url"; return; fi
  mkdir -p "$auth/$name-data"
  write_registry_config "$config" "$auth/$name-data" "127.0.0.1:$port" "$extra"
  start_detached "the $name registry" "$url" "$pidfile" "$logfile" docker-registry serve "$config"
}

start basic "$basic_port" "https://127.0.0.1:$basic_port/v2/" "  tls:
    certificate: $auth/server.crt
    key: $auth/server.key
auth:
  htpasswd:
    realm: modelcar-basic
    path: $auth/htpasswd"

start token "$token_port" "http://127.0.0.1:$token_port/v2/" "auth:
  token:
    realm: http://127.0.0.1:$token_service_port/token
    service: $service
    issuer: $issuer
    rootcertbundle: $auth/token-signing.crt"

# Replace this script's block in env.sh (it may run again without up.sh rewriting the file).
touch "$state/env.sh"
sed -i '/^# >>> auth-registries-up.sh/,/^# <<< auth-registries-up.sh/d' "$state/env.sh"
cat >>"$state/env.sh" <<ENV
# >>> auth-registries-up.sh: the registries that need credentials.
export MODELCAR_TEST_AUTH_CA_BUNDLE='$auth/ca.crt'
export MODELCAR_TEST_AUTH_BASIC_REGISTRY='127.0.0.1:$basic_port'
export MODELCAR_TEST_AUTH_BASIC_TLS_NAME='modelcar-registry.test:$basic_port'
export MODELCAR_TEST_AUTH_USER='$user'
export MODELCAR_TEST_AUTH_PASSWORD='$password'
export MODELCAR_TEST_AUTH_TOKEN_REGISTRY='127.0.0.1:$token_port'
export MODELCAR_TEST_TOKEN_SERVICE_URL='http://127.0.0.1:$token_service_port/token'
export MODELCAR_TEST_TOKEN_SERVICE_NAME='$service'
export MODELCAR_TEST_TOKEN_ISSUER='$issuer'
export MODELCAR_TEST_TOKEN_SIGNING_KEY='$auth/token-signing.key'
export MODELCAR_TEST_TOKEN_SIGNING_CERT='$auth/token-signing.crt'
# <<< auth-registries-up.sh
ENV
