#!/usr/bin/env bash
# Cold start on the node: what a Kubernetes node pays to get the model. containerd (the kubelet's runtime) pulls and
# unpacks, through its CRI plugin as the kubelet asks it to (and, for comparison, with ctr), with a cold content store
# every time, (a) the modelcar this SDK publishes and (b) the same model built the Containerfile way (buildah: FROM
# busybox + COPY, default push = gzip layers). Same registry, same base, same files. --weights bf16: see common.sh.
#
#   bash eng/bench/coldstart.sh [--size-gib 2] [--runs 3] [--weights random|bf16]
#
# Also measured: where a pull's time goes (fetch vs unpack), the image-volume path of oci+native (`ctr images mount`
# of the pulled image), and what a node that already holds the model fetches for a re-tagged and a re-based image.
# Work directory as run.sh (${MODELCAR_BENCH_DIR:-/tmp/modelcar-bench}; the model is shared). Its own registry on
# 127.0.0.1:5078 (MODELCAR_COLDSTART_PORT) and its own containerd (socket under the work directory); both are stopped on exit.
set -euo pipefail

SIZE_GIB=2 RUNS=3
while (( $# )); do
  case "$1" in
    --size-gib) SIZE_GIB="$2"; shift 2 ;;
    --size-gib=*) SIZE_GIB="${1#*=}"; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    --runs=*) RUNS="${1#*=}"; shift ;;
    --weights) WEIGHTS="$2"; shift 2 ;;     # random (default) or bf16: see common.sh
    --weights=*) WEIGHTS="${1#*=}"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--runs must be a positive integer" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${MODELCAR_BENCH_DIR:-/tmp/modelcar-bench}"
PORT="${MODELCAR_COLDSTART_PORT:-5078}"   # another port when two benches share a machine
REG="127.0.0.1:$PORT"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
log() { printf '[coldstart %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# ---------------------------------------------------------------- tools (Debian's packages)
[[ "$(id -u)" == 0 ]] || { echo "coldstart.sh runs containerd and mounts snapshots: run it as root" >&2; exit 1; }
need=()
for pair in containerd:containerd ctr:containerd buildah:buildah skopeo:skopeo umoci:umoci; do
  command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
done
[[ -x /usr/bin/time ]] || need+=(time)
[[ -x /bin/busybox ]] || need+=(busybox-static)
/usr/bin/python3 -c 'import grpc' 2>/dev/null || need+=(python3-grpcio)   # cri_pull.py: the kubelet's CRI call
if (( ${#need[@]} > 0 )); then
  log "installing ${need[*]} from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1
MSB_FLAGS=(-nodeReuse:false -v:m -nologo)

# shellcheck source=common.sh
source "$ROOT/eng/bench/common.sh"

CTR_DIR="$DIR/containerd"
CTR_SOCK="$CTR_DIR/containerd.sock"
CTR_PID=""
CTR=(ctr --address "$CTR_SOCK" --namespace bench)
# The kubelet's path: one CRI PullImage; containerd's CRI plugin fetches and unpacks in the daemon (namespace k8s.io).
CRI_PULL=(/usr/bin/python3 "$ROOT/eng/bench/cri_pull.py" "$CTR_SOCK")
CRI_CTR=(ctr --address "$CTR_SOCK" --namespace k8s.io)
stop_containerd() {
  if [[ -n "$CTR_PID" ]] && kill -0 "$CTR_PID" 2>/dev/null; then
    kill "$CTR_PID" 2>/dev/null || true
    wait "$CTR_PID" 2>/dev/null || true
  fi
  CTR_PID=""
  # Snapshots are overlay mounts only while mounted; a failed run may leave the mount point of `images mount`.
  umount "$DIR/mnt" 2>/dev/null || true
}
start_containerd() {   # always from an empty root: a cold content store and no snapshots
  stop_containerd
  rm -rf "$CTR_DIR"; mkdir -p "$CTR_DIR/certs.d/$REG"
  # Our own config (not /etc/containerd's): the CRI plugin's defaults, plus the bench registry as a plain-http
  # host, the way a node is told about an insecure registry (hosts.toml under the CRI's config_path).
  printf 'server = "http://%s"\n[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n' "$REG" "$REG" \
    > "$CTR_DIR/certs.d/$REG/hosts.toml"
  printf 'version = 2\n[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "%s"\n' "$CTR_DIR/certs.d" \
    > "$CTR_DIR/config.toml"
  containerd --config "$CTR_DIR/config.toml" --root "$CTR_DIR/root" --state "$CTR_DIR/state" --address "$CTR_SOCK" \
    >"$CTR_DIR/containerd.log" 2>&1 &
  CTR_PID=$!
  for _ in $(seq 1 100); do
    ctr --address "$CTR_SOCK" version >/dev/null 2>&1 && return 0
    kill -0 "$CTR_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "containerd did not start; see $CTR_DIR/containerd.log" >&2; exit 1
}
trap 'stop_containerd; stop_registry' EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the two bases (busybox, from Debian's busybox-static)
# base:a is what both images are built on; base:b adds one small layer, for the re-base case.
make_bases() {
  local build="$DIR/coldstart-base" rootfs
  rm -rf "$build"; mkdir -p "$build"
  rootfs="$build/rootfs"; mkdir -p "$rootfs/bin" "$rootfs/tmp"
  install -m 0755 /bin/busybox "$rootfs/bin/busybox"
  for applet in sh ln sleep ls mkdir cat; do ln -s busybox "$rootfs/bin/$applet"; done
  (cd "$build" && tar --sort=name --mtime=@0 --owner=0 --group=0 -cf base.tar -C rootfs .)
  umoci init --layout "$build/layout"
  umoci new --image "$build/layout:a"
  umoci raw add-layer --image "$build/layout:a" "$build/base.tar"
  umoci config --image "$build/layout:a" --config.env "PATH=/bin" --architecture amd64 --os linux
  mkdir -p "$build/extra/etc"; echo "rebased" > "$build/extra/etc/rebased"
  (cd "$build" && tar --sort=name --mtime=@0 --owner=0 --group=0 -cf extra.tar -C extra .)
  umoci raw add-layer --image "$build/layout:a" --tag b "$build/extra.tar"
  for t in a b; do
    skopeo copy --quiet --dest-tls-verify=false "oci:$build/layout:$t" "docker://$REG/base/busybox:$t"
  done
}

# ---------------------------------------------------------------- measuring a pull
RES="$DIR/coldstart-results"; rm -rf "$RES"; mkdir -p "$RES"
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
content_bytes() {   # an empty store has no blobs folder yet
  local blobs="$CTR_DIR/root/io.containerd.content.v1.content/blobs"
  if [[ -d "$blobs" ]]; then find "$blobs" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }'; else echo 0; fi
}
# What containerd wrote: content store and snapshots (the unpack runs in the daemon). Page cache dirtied, not disk I/O.
written_of() { awk '$1 == "write_bytes:" { print $2 }' "/proc/$1/io"; }
# scenario command... : appends "seconds cpu_s bytes written" (wall, CPU of the client + containerd, bytes added to the
# content store, bytes containerd wrote)
measure() {
  local name="$1"; shift
  local before_cpu before_bytes before_written
  before_cpu="$(cpu_of "$CTR_PID")"; before_bytes="$(content_bytes)"; before_written="$(written_of "$CTR_PID")"
  /usr/bin/time -o "$RES/$name.time" -f "%e %U %S" "$@" >>"$RES/$name.log" 2>&1 \
    || { cat "$RES/$name.log" >&2; echo "coldstart: $name failed" >&2; exit 1; }
  read -r secs user sys < "$RES/$name.time"
  local cpu bytes
  cpu="$(python3 -c "import sys; print(f'{float(sys.argv[1]) + float(sys.argv[2]) + float(sys.argv[3]) - float(sys.argv[4]):.2f}')" \
        "$user" "$sys" "$(cpu_of "$CTR_PID")" "$before_cpu")"
  bytes=$(( $(content_bytes) - before_bytes ))
  written=$(( $(written_of "$CTR_PID") - before_written ))
  echo "$secs $cpu $bytes $written" >> "$RES/$name"
  log "  $name: ${secs}s, CPU ${cpu}s, $bytes bytes fetched, $written bytes written"
}

# ---------------------------------------------------------------- 1. the images
start_registry
log "bases: busybox a and b"
make_bases

PROJ="$DIR/proj/coldstart"
rm -rf "$PROJ"
write_project "$PROJ" "$MODEL/*" "$REG" "$REG/base/busybox:a" "oci"
log "publishing the modelcar (classic mode, on base:a)"
dotnet publish "$PROJ/bench.modelproj" "${MSB_FLAGS[@]}" >"$RES/publish.log" 2>&1 \
  || { cat "$RES/publish.log" >&2; exit 1; }
MODELCAR="$REG/bench/coldstart:1.0.0"
# A re-tag (a new version of the same model: only the manifest's version annotation changes) and a re-base.
dotnet publish "$PROJ/bench.modelproj" "${MSB_FLAGS[@]}" -p:Version=1.0.1 >"$RES/publish-retag.log" 2>&1 \
  || { cat "$RES/publish-retag.log" >&2; exit 1; }
dotnet publish "$PROJ/bench.modelproj" "${MSB_FLAGS[@]}" -p:Version=1.0.2 -p:ContainerBaseImage="$REG/base/busybox:b" >"$RES/publish-rebase.log" 2>&1 \
  || { cat "$RES/publish-rebase.log" >&2; exit 1; }
RETAG_UPLOAD="$(grep -h -o 'Published sha256:[0-9a-f]\{12\}.*' "$RES/publish-retag.log" | tail -1 || true)"
REBASE_UPLOAD="$(grep -h -o 'Published sha256:[0-9a-f]\{12\}.*' "$RES/publish-rebase.log" | tail -1 || true)"

log "building the Containerfile image with buildah (FROM base:a, COPY, default gzip push)"
BCTX="$DIR/coldstart-buildah"; BSTORE="$DIR/coldstart-buildah-storage"
rm -rf "$BCTX" "$BSTORE"; mkdir -p "$BCTX"
cp -al "$MODEL" "$BCTX/data" 2>/dev/null || cp -a "$MODEL" "$BCTX/data"
printf 'FROM %s\nCOPY data/ /models/\n' "$REG/base/busybox:a" > "$BCTX/Containerfile"
BAH=(buildah --storage-driver vfs --root "$BSTORE/root" --runroot "$BSTORE/run")
"${BAH[@]}" bud -q --tls-verify=false -f "$BCTX/Containerfile" -t bench-coldstart "$BCTX" >"$RES/buildah.log" 2>&1 \
  || { cat "$RES/buildah.log" >&2; exit 1; }
"${BAH[@]}" push -q --tls-verify=false bench-coldstart "docker://$REG/bench/buildah:1" >>"$RES/buildah.log" 2>&1 \
  || { cat "$RES/buildah.log" >&2; exit 1; }
rm -rf "$BSTORE"   # its vfs copy of the model is not needed any more
BUILDAH="$REG/bench/buildah:1"

# ---------------------------------------------------------------- 2. cold pulls
mkdir -p "$DIR/mnt"
for run in $(seq 1 "$RUNS"); do
  log "run $run/$RUNS"
  for image in modelcar buildah; do
    ref="$MODELCAR"; [[ "$image" == buildah ]] && ref="$BUILDAH"
    # The kubelet's path: CRI PullImage, fetched and unpacked by containerd itself; then the image-volume mount.
    sync
    start_containerd
    measure "$image-cri-pull" "${CRI_PULL[@]}" "$ref"
    measure "$image-mount" "${CRI_CTR[@]}" images mount "$ref" "$DIR/mnt"
    "${CRI_CTR[@]}" images unmount "$DIR/mnt" >/dev/null
    # The same pull with ctr, which fetches in its own process and streams every byte to containerd over gRPC.
    sync
    start_containerd
    measure "$image-ctr-pull" "${CTR[@]}" images pull --plain-http "$ref"
    # Where the time goes: fetch alone into a cold store, then the same pull unpacks what is already there.
    sync
    start_containerd
    measure "$image-fetch" "${CTR[@]}" content fetch --plain-http "$ref"
    measure "$image-unpack" "${CTR[@]}" images pull --plain-http "$ref"
  done
done

# What a node that already runs 1.0.0 fetches for the re-tagged and the re-based image (not timed: bytes).
sync
start_containerd
measure held-pull "${CRI_PULL[@]}" "$MODELCAR"
measure retag-pull "${CRI_PULL[@]}" "$REG/bench/coldstart:1.0.1"
measure rebase-pull "${CRI_PULL[@]}" "$REG/bench/coldstart:1.0.2"
stop_containerd

# ---------------------------------------------------------------- 3. report
python3 - "$RES" "$MODEL_BYTES" "$RUNS" "$RETAG_UPLOAD" "$REBASE_UPLOAD" "$(nproc)" "$(containerd --version | awk '{print $3}')" "$WEIGHTS" <<'PY'
import os, statistics, sys
res, model_bytes, runs, retag_up, rebase_up, cores, version, weights = sys.argv[1:9]
def rows(name):
    path = os.path.join(res, name)
    return [list(map(float, line.split())) for line in open(path)] if os.path.exists(path) else []
def med(name, i):
    r = rows(name)
    return statistics.median(x[i] for x in r) if r else float("nan")
print(f"\nCold start on the node: containerd {version} (overlayfs), {cores} cores, model {int(model_bytes)/2**30:.2f} GiB "
      f"of {weights} weights, medians of {runs} run(s), cold content store each time\n")
print(f"{'scenario':<19}{'wall s':>9}{'CPU s':>9}{'fetched MB':>12}{'written MB':>12}{'vs buildah':>12}")
for kind in ("cri-pull", "ctr-pull", "fetch", "unpack", "mount"):
    for image in ("modelcar", "buildah"):
        name = f"{image}-{kind}"
        ratio = med(name, 0) / med(f"buildah-{kind}", 0)
        print(f"{name:<19}{med(name, 0):>9.2f}{med(name, 1):>9.2f}{med(name, 2) / 1e6:>12.1f}{med(name, 3) / 1e6:>12.1f}{ratio:>11.2f}x")
cri = med("modelcar-cri-pull", 0) / med("buildah-cri-pull", 0)
ctr = med("modelcar-ctr-pull", 0) / med("buildah-ctr-pull", 0)
print(f"\nmodelcar / buildah cold pull+unpack, CRI (the kubelet's path) = {cri:.2f}x   (target <= 0.5x); with ctr = {ctr:.2f}x")
print(f"node already holding 1.0.0: re-tagged 1.0.1 fetches {int(med('retag-pull', 2))} bytes, "
      f"re-based 1.0.2 fetches {int(med('rebase-pull', 2))} bytes and writes {int(med('rebase-pull', 3))} "
      f"(the model is {int(model_bytes)} bytes)")
print(f"registry side, re-tag publish:  {retag_up or '(no summary line)'}")
print(f"registry side, re-base publish: {rebase_up or '(no summary line)'}")
PY
