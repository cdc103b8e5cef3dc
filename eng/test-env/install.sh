#!/usr/bin/env bash
# Installs what the test environment (eng/test-env/up.sh) and the samples need, from Debian's packages.
# Idempotent. On a developer machine where every tool is already there it returns at once; with CI=true
# (or --force) it always runs apt-get, because CI must prove that a fresh machine gets everything from here.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# Debian packages, and a probe (a command, or a python module) that tells whether each is installed.
apt_packages=(
  docker-registry   # the CNCF distribution registry 2.8: the registry the tests push to
  skopeo            # copies images between OCI layouts and registries
  umoci             # assembles the busybox base images without a container engine
  zstd              # lets GNU tar read zstd layers (ModelcarSmallFileCompression=zstd; umoci 0.4.7 cannot)
  busybox-static    # the base images' only binary (/bin/busybox, statically linked)
  python3-sklearn   # samples/sklearn-iris: train.py and predict.py
  python3-joblib
  openssl           # the CA and certificate of the TLS test registry (auth-registries-up.sh)
  apache2-utils     # htpasswd for the Basic-auth test registry (auth-registries-up.sh)
  curl
  jq
  ca-certificates
)
probe_commands=(docker-registry skopeo umoci zstd busybox openssl htpasswd curl jq)

all_present() {
  local c
  for c in "${probe_commands[@]}"; do
    command -v "$c" >/dev/null 2>&1 || return 1
  done
  # busybox must be the static one: it is copied into images that have no libc.
  [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || return 1
  # Debian's python3 (not a pyenv or venv one) must have scikit-learn and joblib.
  /usr/bin/python3 -c 'import sklearn, joblib' >/dev/null 2>&1 || return 1
  [ -f /etc/ssl/certs/ca-certificates.crt ] || return 1
}

# A fresh machine often runs an apt job at boot (unattended-upgrades, cloud-init) that holds dpkg's lock for minutes.
# Wait for it (DPkg::Lock::Timeout) instead of failing after one second; `update` is retried too, since its list lock
# is not covered by that option on every apt version.
apt_lock_timeout=600
apt_get() { # apt-get arguments...
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout="$apt_lock_timeout" "$@"
}
apt_update() {
  local deadline=$((SECONDS + apt_lock_timeout))
  until apt_get update -qq; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "install.sh: apt-get update still failing after ${apt_lock_timeout} s" >&2; return 1; }
    echo "install.sh: apt-get update failed (another apt job holding its lock?); retrying in 10 s"
    sleep 10
  done
}

force=0
if [ "${CI:-}" = "true" ] || [ "${1:-}" = "--force" ]; then force=1; fi

if [ "$force" = 0 ] && all_present; then
  echo "install.sh: all test tools present; skipping apt-get (use --force or CI=true to run it)"
else
  sudo=()
  if [ "$(id -u)" != 0 ]; then sudo=(sudo -E); fi
  echo "install.sh: apt-get install ${apt_packages[*]}"
  apt_update
  apt_get install -y -qq --no-install-recommends "${apt_packages[@]}"
  all_present || { echo "install.sh: tools still missing after apt-get install" >&2; exit 1; }
fi

# --- npm packages: the storage emulators for the S3 and Azure Blob ModelSource tests -------------------
# Azurite (Microsoft's Azure Storage emulator) and s3rver (an S3-compatible server), pinned, installed globally.
# Node.js and npm come from Debian only when there is no node at all: a machine whose node comes from elsewhere
# (NodeSource's nodejs bundles npm) must not have it replaced by Debian's, whose npm package conflicts with it.
npm_packages=(azurite@3.35.0 s3rver@3.7.1)

npm_present() {
  command -v azurite-blob >/dev/null 2>&1 && command -v s3rver >/dev/null 2>&1 || return 1
  [ "$(azurite --version 2>/dev/null)" = 3.35.0 ] && [ "$(s3rver --version 2>/dev/null)" = 3.7.1 ]
}

if npm_present; then
  echo "install.sh: azurite and s3rver present"
else
  sudo=()
  if [ "$(id -u)" != 0 ]; then sudo=(sudo -E); fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "install.sh: apt-get install nodejs npm"
    apt_update
    apt_get install -y -qq --no-install-recommends nodejs npm
  fi
  echo "install.sh: npm install -g ${npm_packages[*]}"
  "${sudo[@]}" npm install -g --no-fund --no-audit --loglevel=error "${npm_packages[@]}"
  npm_present || { echo "install.sh: azurite or s3rver still missing after npm install" >&2; exit 1; }
fi

# --- npm packages of the signing tests' independent verifier: sigstore-js in tests/sigstore-verify -----------
# Pinned by its package-lock.json, installed into that folder (not globally): the tests run its verify.js.
sigstore_verify="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/tests/sigstore-verify"
if [ "$force" = 0 ] && [ -f "$sigstore_verify/node_modules/@sigstore/verify/package.json" ]; then
  echo "install.sh: sigstore-js (tests/sigstore-verify) present"
else
  echo "install.sh: npm ci in tests/sigstore-verify (sigstore-js, the signing tests' independent verifier)"
  npm ci --prefix "$sigstore_verify" --no-fund --no-audit --loglevel=error
fi
