#!/usr/bin/env bash
# Starts the cloud storage emulators the S3 and Azure Blob ModelSource tests read from, on 127.0.0.1:
#   - Azurite (Microsoft's Azure Storage emulator, npm), blob service only, on MODELCAR_TEST_AZURITE_PORT (10000);
#   - s3rver (an S3-compatible server, npm), on MODELCAR_TEST_S3_PORT (4568).
# Then appends their endpoints (and the well-known Azurite development account, a public constant, not a
# secret) to $MODELCAR_TEST_ENV_DIR/env.sh. eng/test-env/up.sh calls this after writing env.sh; down.sh stops
# what it started. Idempotent: an emulator already answering on its port is reused. Tools come from install.sh.
# A machine without them (a developer who has not run install.sh) still gets the registry: the cloud tests then
# report Inconclusive with the reason.
set -euo pipefail

state="${MODELCAR_TEST_ENV_DIR:-/tmp/modelcar-test-env}"
azurite_port="${MODELCAR_TEST_AZURITE_PORT:-10000}"
s3_port="${MODELCAR_TEST_S3_PORT:-4568}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"

log() { echo "storage-up.sh: $*"; }
die() { echo "storage-up.sh: error: $*" >&2; exit 1; }

# Any HTTP answer counts (both answer an anonymous request with 4xx): only a refused connection means "not up".
answers() { curl -sS -o /dev/null --max-time 2 "$1" 2>/dev/null; }

# shellcheck source=start-detached.sh
. "$(dirname "${BASH_SOURCE[0]}")/start-detached.sh"

azurite_url="http://127.0.0.1:${azurite_port}/devstoreaccount1"
s3_url="http://127.0.0.1:${s3_port}"
ready=()

if answers "$azurite_url"; then
  log "reusing Azurite already answering on $azurite_url"; ready+=(azurite)
elif command -v azurite-blob >/dev/null; then
  mkdir -p "$state/azurite"
  # --skipApiVersionCheck: the Azure SDK may speak a newer service version than this Azurite knows; --loose
  # ignores headers it does not implement. No telemetry: the tests run offline.
  start_detached Azurite "$azurite_url" "$state/azurite.pid" "$state/azurite.log" \
    azurite-blob --blobHost 127.0.0.1 --blobPort "$azurite_port" --location "$state/azurite" \
      --skipApiVersionCheck --loose --disableTelemetry
  ready+=(azurite)
else
  log "azurite-blob not found (run 'bash eng/test-env/install.sh'); Azure Blob tests will be inconclusive"
fi

if answers "$s3_url"; then
  log "reusing the S3 server already answering on $s3_url"; ready+=(s3)
elif command -v s3rver >/dev/null; then
  mkdir -p "$state/s3rver"
  # Path-style only (--no-vhost-buckets): the tests address buckets as http://127.0.0.1:port/bucket/key, as
  # with MinIO or Ceph behind a plain endpoint. s3rver makes ListObjectsV2 continuation tokens with DES, which
  # OpenSSL 3 keeps in its legacy provider: without it every paged listing fails with InternalError.
  start_detached s3rver "$s3_url" "$state/s3rver.pid" "$state/s3rver.log" \
    env NODE_OPTIONS=--openssl-legacy-provider s3rver -d "$state/s3rver" -a 127.0.0.1 -p "$s3_port" --no-vhost-buckets --silent
  ready+=(s3)
else
  log "s3rver not found (run 'bash eng/test-env/install.sh'); S3 tests will be inconclusive"
fi

env_file="$state/env.sh"
[ -f "$env_file" ] || die "$env_file not found: run eng/test-env/up.sh, which calls this script"
# Drop what an earlier run appended, then append the current values.
sed -i -e '/^# storage-up.sh/d' -e '/^export MODELCAR_TEST_\(AZURITE\|S3\)_/d' "$env_file"
{
  echo "# storage-up.sh: the cloud storage emulators"
  for name in "${ready[@]}"; do
    case "$name" in
      azurite)
        echo "export MODELCAR_TEST_AZURITE_BLOB_ENDPOINT='$azurite_url'"
        # Azurite's fixed development account and key, published in its documentation: not a secret.
        echo "export MODELCAR_TEST_AZURITE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$azurite_url;'"
        ;;
      s3)
        echo "export MODELCAR_TEST_S3_ENDPOINT='$s3_url'"
        # s3rver's fixed access key pair: the only one it accepts; not a secret.
        echo "export MODELCAR_TEST_S3_ACCESS_KEY_ID='S3RVER'"
        echo "export MODELCAR_TEST_S3_SECRET_ACCESS_KEY='S3RVER'"
        ;;
    esac
  done
} >>"$env_file"
