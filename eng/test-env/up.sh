#!/usr/bin/env bash
# Starts the local test environment, without any container engine:
#   - a plain-http CNCF distribution registry (Debian's docker-registry) on 127.0.0.1:5000;
#   - busybox base images assembled with umoci from Debian's busybox-static and pushed with skopeo.
# Then exports MODELCAR_TEST_* (and writes them to $MODELCAR_TEST_ENV_DIR/env.sh for other shells).
#
#   source eng/test-env/up.sh     # start (or reuse) and export the variables into this shell
#   bash eng/test-env/up.sh       # start (or reuse); then `source /tmp/modelcar-test-env/env.sh`
#   bash eng/test-env/down.sh     # stop the registry that this script started
#
# Idempotent and cheap when warm: a registry that already answers on the port is reused, and images the
# registry already has are not rebuilt. Knobs: MODELCAR_TEST_ENV_DIR (state: config, storage, log, pid;
# default /tmp/modelcar-test-env), MODELCAR_TEST_REGISTRY_PORT (default 5000; use another state dir too).
# Tools come from eng/test-env/install.sh.

if (return 0 2>/dev/null); then
  # Sourced: do the work in a child bash, so that its strict mode and variables stay out of the caller's
  # shell, then load the variables it wrote.
  if bash "${BASH_SOURCE[0]}"; then
    . "${MODELCAR_TEST_ENV_DIR:-/tmp/modelcar-test-env}/env.sh"
    return 0
  else
    return $?
  fi
fi

set -euo pipefail

state="${MODELCAR_TEST_ENV_DIR:-/tmp/modelcar-test-env}"
port="${MODELCAR_TEST_REGISTRY_PORT:-5000}"
registry="127.0.0.1:${port}"
tag="1.36"
repo_base="modelcar-test/busybox"
repo_entrypoint="modelcar-test/busybox-entrypoint"
repo_multiarch="modelcar-test/busybox-multiarch"
repo_nosleep="modelcar-test/busybox-nosleep"
# A fixed date for configs, history and file mtimes: the same busybox gives the same digests.
fixed_date="2024-01-01T00:00:00Z"
path_env="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

mkdir -p "$state"
state="$(cd "$state" && pwd)"
# One up.sh at a time per state dir (two shells, or parallel test runs, may start it together).
exec 9>"$state/up.lock"
if ! flock -n 9; then
  echo "up.sh: waiting for another up.sh on $state ($state/up.lock)"
  flock -w 300 9 || { echo "up.sh: error: $state/up.lock still held after 300 s" >&2; exit 1; }
fi

log() { echo "up.sh: $*"; }
die() { echo "up.sh: error: $*" >&2; exit 1; }

for tool in docker-registry skopeo umoci curl jq flock; do
  command -v "$tool" >/dev/null || die "$tool not found: run 'bash eng/test-env/install.sh' first"
done
[ -x /bin/busybox ] || die "/bin/busybox not found: run 'bash eng/test-env/install.sh' first"

answers() { curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; }
registry_answers() { answers "http://${registry}/v2/"; }
# shellcheck source=start-detached.sh
. "$(dirname "${BASH_SOURCE[0]}")/start-detached.sh"

# --- 1. the registry ------------------------------------------------------------------------------
start_registry() {
  local config="$state/registry/config.yml"
  mkdir -p "$state/registry/data"
  # No blob descriptor cache: with one, a deleted blob can still be reported as present (delete tests).
  write_registry_config "$config" "$state/registry/data" "$registry" "  headers:
    X-Content-Type-Options: [nosniff]"
  start_detached docker-registry "http://${registry}/v2/" "$state/registry.pid" "$state/registry.log" docker-registry serve "$config"
}

if registry_answers; then
  log "reusing the registry already answering on http://${registry}"
else
  start_registry
fi

# --- 2. the base images -----------------------------------------------------------------------------
manifest_exists() { # repo
  curl -fsS -o /dev/null --max-time 5 -I \
    -H 'Accept: application/vnd.oci.image.index.v1+json' \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    -H 'Accept: application/vnd.docker.distribution.manifest.list.v2+json' \
    -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://${registry}/v2/$1/manifests/${tag}" 2>/dev/null
}

# Layout tag -> registry repository.
declare -A image_repo=(
  [base]="$repo_base"
  [entrypoint]="$repo_entrypoint"
  [multiarch]="$repo_multiarch"
  [nosleep]="$repo_nosleep"
)
missing=()
for name in base entrypoint multiarch nosleep; do
  manifest_exists "${image_repo[$name]}" || missing+=("$name")
done

rootless=()
if [ "$(id -u)" != 0 ]; then rootless=(--rootless); fi

# A busybox root file system: /bin/busybox with a link per applet (less those named in $2), /tmp 1777,
# /etc/passwd and /etc/group with root, empty /dev /proc /sys for the runtime to mount on.
populate_rootfs() { # rootfs skip-applets...
  local rootfs="$1"; shift
  local skip=" $* " applet
  install -d -m 0755 "$rootfs/bin" "$rootfs/etc" "$rootfs/dev" "$rootfs/proc" "$rootfs/sys"
  install -d -m 0700 "$rootfs/root"
  install -d -m 1777 "$rootfs/tmp"
  install -m 0755 /bin/busybox "$rootfs/bin/busybox"
  for applet in $(/bin/busybox --list); do
    case "$applet" in busybox) continue ;; esac
    case "$skip" in *" $applet "*) continue ;; esac
    ln -s busybox "$rootfs/bin/$applet"
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$rootfs/etc/group"
  chmod 0644 "$rootfs/etc/passwd" "$rootfs/etc/group"
  find "$rootfs" -exec touch -h -d "$fixed_date" {} +
}

build_images() { # layout
  local layout="$1" build; build="$(dirname "$layout")"
  umoci init --layout "$layout"
  umoci new --image "$layout:empty"
  local variant skip
  for variant in full nosleep; do
    skip=""; [ "$variant" = nosleep ] && skip="sleep"
    umoci unpack "${rootless[@]}" --image "$layout:empty" "$build/bundle-$variant" >/dev/null
    # shellcheck disable=SC2086
    populate_rootfs "$build/bundle-$variant/rootfs" $skip
    umoci repack "${rootless[@]}" --image "$layout:$variant" \
      --history.created "$fixed_date" --history.created_by "eng/test-env/up.sh: busybox-static${skip:+ without $skip}" \
      "$build/bundle-$variant"
  done
  local common=(--os linux --created "$fixed_date" --no-history --config.cmd sh --config.env "$path_env")
  umoci config --image "$layout:full" --tag base "${common[@]}" --architecture amd64
  umoci config --image "$layout:full" --tag arm64 "${common[@]}" --architecture arm64
  umoci config --image "$layout:nosleep" --tag nosleep "${common[@]}" --architecture amd64
  umoci config --image "$layout:base" --tag entrypoint --no-history \
    --config.entrypoint /bin/sh --config.entrypoint -c --config.entrypoint "echo base-entrypoint"

  # The multi-platform image: an OCI index of the amd64 and arm64 manifests (the arm64 one reuses the amd64
  # busybox layer: it exists only for manifest-selection tests), written into the layout by hand.
  local index_json blob digest size
  index_json="$(jq -c '
    def desc($ref; $platform): .manifests[] | select(.annotations["org.opencontainers.image.ref.name"] == $ref)
      | {mediaType, digest, size, platform: $platform};
    {schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
     manifests: [desc("base"; {architecture: "amd64", os: "linux"}),
                 desc("arm64"; {architecture: "arm64", os: "linux"})]}' "$layout/index.json")"
  blob="$build/index.blob"
  printf '%s' "$index_json" >"$blob"
  digest="$(sha256sum "$blob" | cut -d' ' -f1)"
  size="$(stat -c %s "$blob")"
  mv "$blob" "$layout/blobs/sha256/$digest"
  jq --arg d "sha256:$digest" --argjson s "$size" \
    '.manifests += [{mediaType: "application/vnd.oci.image.index.v1+json", digest: $d, size: $s,
                     annotations: {"org.opencontainers.image.ref.name": "multiarch"}}]' \
    "$layout/index.json" >"$layout/index.json.new"
  mv "$layout/index.json.new" "$layout/index.json"
}

if [ "${#missing[@]}" -eq 0 ]; then
  log "base images already in the registry"
else
  log "building base images (missing: ${missing[*]})"
  build="$state/build"
  rm -rf "$build"; mkdir -p "$build"
  build_images "$build/oci"
  for name in "${missing[@]}"; do
    all=(); [ "$name" = multiarch ] && all=(--all)
    skopeo --insecure-policy copy --quiet "${all[@]}" --dest-tls-verify=false \
      "oci:$build/oci:$name" "docker://${registry}/${image_repo[$name]}:${tag}"
    log "pushed ${registry}/${image_repo[$name]}:${tag}"
  done
  rm -rf "$build"
fi

# --- 3. the variables -------------------------------------------------------------------------------
cat >"$state/env.sh.new" <<ENV
# Written by eng/test-env/up.sh; source it to reach the test environment from another shell.
export MODELCAR_TEST_ENV_DIR='$state'
export MODELCAR_TEST_REGISTRY='$registry'
export MODELCAR_TEST_BASE_IMAGE='$registry/$repo_base:$tag'
export MODELCAR_TEST_BASE_IMAGE_ENTRYPOINT='$registry/$repo_entrypoint:$tag'
export MODELCAR_TEST_BASE_IMAGE_MULTIARCH='$registry/$repo_multiarch:$tag'
export MODELCAR_TEST_BASE_IMAGE_NOSLEEP='$registry/$repo_nosleep:$tag'
ENV
mv "$state/env.sh.new" "$state/env.sh"
bash "$(dirname "${BASH_SOURCE[0]}")/auth-registries-up.sh" "$state"  # registries with credentials (issue 5)
MODELCAR_TEST_ENV_DIR="$state" bash "$(dirname "${BASH_SOURCE[0]}")/storage-up.sh"  # Azurite and s3rver for the cloud ModelSource tests
bash "$(dirname "${BASH_SOURCE[0]}")/intermediate-ca-registry-up.sh" "$state"  # a registry whose certificate an intermediate CA issued (issue 13)
log "test environment ready; variables in $state/env.sh"
