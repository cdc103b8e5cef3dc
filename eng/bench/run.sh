#!/usr/bin/env bash
# Modelcar.Sdk benchmark: publish a synthetic model and compare with the floor (plain blob uploads with curl).
#
#   bash eng/bench/run.sh [--size-gib 2] [--runs 3] [--baseline-runs 1] [--weights random|bf16]
#
# --baseline-runs: runs of the slow baselines (dotnet-sdk, buildah: minutes each); 0 skips them.
# Everything lives under ${MODELCAR_BENCH_DIR:-/tmp/modelcar-bench} (the generated model is cached there).
# Starts its own registry on 127.0.0.1:5077 (never touches :5000) and stops it on exit.
# See eng/bench/README.md for what each scenario is and how to read the table.
set -euo pipefail

SIZE_GIB=2
RUNS=3
BASELINE_RUNS=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-gib) SIZE_GIB="$2"; shift 2 ;;
    --size-gib=*) SIZE_GIB="${1#*=}"; shift ;;
    --runs) RUNS="$2"; shift 2 ;;
    --runs=*) RUNS="${1#*=}"; shift ;;
    --weights) WEIGHTS="$2"; shift 2 ;;     # random (default) or bf16: see common.sh
    --weights=*) WEIGHTS="${1#*=}"; shift ;;
    --baseline-runs) BASELINE_RUNS="$2"; shift 2 ;;
    --baseline-runs=*) BASELINE_RUNS="${1#*=}"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "--runs must be a positive integer" >&2; exit 2; }
[[ "$BASELINE_RUNS" =~ ^[0-9]+$ ]] || { echo "--baseline-runs must be 0 or a positive integer" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${MODELCAR_BENCH_DIR:-/tmp/modelcar-bench}"
PORT="${MODELCAR_BENCH_PORT:-5077}"   # another port when two benches share a machine
REG="127.0.0.1:$PORT"
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }


# ---------------------------------------------------------------- tools
# GNU time measures every scenario; buildah is the container-engine baseline. Both from Debian's packages.
need=()
[[ -x /usr/bin/time ]] || need+=(time)
if (( BASELINE_RUNS > 0 )) && ! command -v buildah >/dev/null; then need+=(buildah); fi
if (( ${#need[@]} > 0 )); then
  sudo=(); [[ "$(id -u)" == 0 ]] || sudo=(sudo -E)
  log "installing ${need[*]} from Debian"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
    || { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; } \
    || log "could not install ${need[*]}; the scenarios that need them report 'not measured'"
fi
[[ -x /usr/bin/time ]] || { echo "GNU time (/usr/bin/time) is required: apt-get install time" >&2; exit 1; }
for t in dotnet curl python3 docker-registry sha256sum; do
  command -v "$t" >/dev/null || { echo "missing tool: $t" >&2; exit 1; }
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Keep the MSBuild work in the dotnet process itself, so /usr/bin/time's %M (the largest single process) covers it.
unset MSBUILDNOINPROCNODE || true
export MSBUILDDISABLENODEREUSE=1
MSB_FLAGS=(-nodeReuse:false -maxcpucount:1 -p:UseSharedCompilation=false -v:m -nologo)

# Model, registry, pack and write_project: shared with coldstart.sh.
# shellcheck source=common.sh
source "$ROOT/eng/bench/common.sh"

trap 'stop_registry' EXIT
trap 'exit 130' INT TERM

PROJ="$DIR/proj/modelcar"
EMPTY="$DIR/proj/empty"
rm -rf "$DIR/proj"
write_project "$PROJ" "$MODEL/*" "$REG"
write_project "$EMPTY" "$EMPTY/model/*" "$REG"
mkdir -p "$EMPTY/model"; printf 'x' > "$EMPTY/model/one.bin"
# One shard changed: the same model, but the last shard is a copy of its own that each run edits in place.
CHANGED="$DIR/proj/changed"
LAST_SHARD="model-00004-of-00004.safetensors"
write_project "$CHANGED" "$MODEL/*" "$REG"
mkdir -p "$CHANGED/model"; cp "$MODEL/$LAST_SHARD" "$CHANGED/model/$LAST_SHARD"
sed -i "s|<ModelFile Include=\"$MODEL/\*\" />|<ModelFile Include=\"$MODEL/*\" Exclude=\"$MODEL/$LAST_SHARD\" />\n    <ModelFile Include=\"model/$LAST_SHARD\" />|" \
  "$CHANGED/bench.modelproj"
grep -q "Exclude=" "$CHANGED/bench.modelproj" || { echo "could not write $CHANGED/bench.modelproj" >&2; exit 1; }
# Signed: the same model, published with keyed signing and both attestations (a key made here, offline signing),
# to compare with modelcar-first (target: within 2 % + 0.5 s).
SIGNED="$DIR/proj/signed"
write_project "$SIGNED" "$MODEL/*" "$REG"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$SIGNED/signing.key" 2>/dev/null
sed -i "s|<KServeModelFormat>huggingface</KServeModelFormat>|<KServeModelFormat>huggingface</KServeModelFormat>\n    <ModelcarSigningKey>signing.key</ModelcarSigningKey>\n    <ModelcarAttestations>true</ModelcarAttestations>|" \
  "$SIGNED/bench.modelproj"
grep -q "ModelcarSigningKey" "$SIGNED/bench.modelproj" || { echo "could not write $SIGNED/bench.modelproj" >&2; exit 1; }
# Archive scenario: the same model, no registry (the Condition above is bypassed by a global property).
ARCHIVE_PROPS=(-p:ContainerRegistry=)

publish() {  # project-dir [extra msbuild args]
  local d="$1"; shift
  dotnet publish "$d/bench.modelproj" "${MSB_FLAGS[@]}" "$@"
}

# Warm-up (not measured): restores the SDK package into NUGET_PACKAGES and JITs/loads everything once.
log "warm-up (restore + build, not measured)"
start_registry
dotnet build "$EMPTY/bench.modelproj" "${MSB_FLAGS[@]}" >"$DIR/warmup.log" 2>&1 \
  || { cat "$DIR/warmup.log" >&2; exit 1; }
publish "$EMPTY" >>"$DIR/warmup.log" 2>&1 || { cat "$DIR/warmup.log" >&2; exit 1; }
dotnet build "$PROJ/bench.modelproj" "${MSB_FLAGS[@]}" >>"$DIR/warmup.log" 2>&1 \
  || { cat "$DIR/warmup.log" >&2; exit 1; }
dotnet build "$CHANGED/bench.modelproj" "${MSB_FLAGS[@]}" >>"$DIR/warmup.log" 2>&1 \
  || { cat "$DIR/warmup.log" >&2; exit 1; }
dotnet build "$SIGNED/bench.modelproj" "${MSB_FLAGS[@]}" >>"$DIR/warmup.log" 2>&1 \
  || { cat "$DIR/warmup.log" >&2; exit 1; }

# Raw floor: one POST + one monolithic PUT per shard with curl, all four in parallel; digests precomputed.
cat > "$DIR/raw-upload.sh" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
reg="$1" model="$2" shafile="$3"
up() {
  local f="$1" sum="$2" loc
  loc="$(curl -s -f -D - -o /dev/null -X POST "http://$reg/v2/bench/raw/blobs/uploads/" \
        | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')"
  [[ "$loc" == http* ]] || loc="http://$reg$loc"
  curl -s -f -o /dev/null -H 'Content-Type: application/octet-stream' -T "$model/$f" "$loc&digest=sha256:$sum"
}
pids=()
while read -r sum f; do up "$f" "$sum" & pids+=($!); done < "$shafile"
for p in "${pids[@]}"; do wait "$p"; done
EOF

# ---------------------------------------------------------------- disk (before)
du_b() { if [[ -e "$1" ]]; then du -sb "$1" | cut -f1; else echo 0; fi; }
ARCHIVE_FILE="$PROJ/bin/Release/publish/bench.oci.tar"
disk_report() {  # label -> prints "label proj registry nuget tmp" (bytes)
  local proj_other arch
  arch=$(du_b "$ARCHIVE_FILE")
  proj_other=$(( $(du_b "$DIR/proj") - arch ))
  echo "$1 $proj_other $arch $(du_b "$REGDIR/storage") $(du_b "$NUGET_PACKAGES")"
}
DISK_BEFORE="$(disk_report before)"
TMP_BEFORE="$(df -B1 --output=used "${TMPDIR:-/tmp}" | tail -1 | tr -d ' ')"

# ---------------------------------------------------------------- 4. measure
RES="$DIR/results"; rm -rf "$RES"; mkdir -p "$RES"
measure() {  # scenario command... ; appends "seconds maxrss_kb user_s sys_s" to $RES/scenario
  local name="$1"; shift
  local out="$RES/$name.log"
  if /usr/bin/time -o "$RES/$name.time" -f "%e %M %U %S" "$@" >>"$out" 2>&1; then
    cat "$RES/$name.time" >> "$RES/$name"
    log "  $name: $(cat "$RES/$name.time")  (seconds, peak RSS KB, user s, sys s)"
  else
    cat "$out" >&2; echo "scenario $name failed; log: $out" >&2; exit 1
  fi
}

for run in $(seq 1 "$RUNS"); do
  log "run $run/$RUNS"
  start_registry
  measure raw bash "$DIR/raw-upload.sh" "$REG" "$MODEL" "$SHAFILE"

  start_registry
  # A fresh clone: no bin/, no obj/ (obj/<cfg>/<name>.digests.json caches layer digests, which is what makes noop fast).
  rm -rf "$PROJ/bin" "$PROJ/obj"
  measure modelcar-first dotnet publish "$PROJ/bench.modelproj" "${MSB_FLAGS[@]}"
  measure modelcar-noop  dotnet publish "$PROJ/bench.modelproj" "${MSB_FLAGS[@]}"
  measure empty-project  dotnet publish "$EMPTY/bench.modelproj" "${MSB_FLAGS[@]}"

  # The same first publish, signed with a key and with both attestations (signed DSSE bundles) attached.
  start_registry
  rm -rf "$SIGNED/bin" "$SIGNED/obj"
  measure modelcar-signed dotnet publish "$SIGNED/bench.modelproj" "${MSB_FLAGS[@]}"

  rm -rf "$PROJ/bin" "$PROJ/obj"   # cold: no digest cache, every byte read, hashed and written
  sync   # the earlier scenarios' dirty pages are written back now, not on the archive's clock
  measure modelcar-archive dotnet publish "$PROJ/bench.modelproj" "${MSB_FLAGS[@]}" "${ARCHIVE_PROPS[@]}"
  measure sha256 sh -c 'cat "$@" | sha256sum >/dev/null' sh "$MODEL"/model-0000*-of-00004.safetensors

  # One shard changed since the last publish: only its layer, the config and the manifest should move.
  start_registry
  rm -rf "$CHANGED/bin" "$CHANGED/obj"
  publish "$CHANGED" >"$RES/changed-setup.log" 2>&1 || { cat "$RES/changed-setup.log" >&2; exit 1; }
  dd if=/dev/urandom of="$CHANGED/model/$LAST_SHARD" bs=4096 count=1 seek=$((RANDOM % 1024)) conv=notrunc status=none
  measure modelcar-one-changed dotnet publish "$CHANGED/bench.modelproj" "${MSB_FLAGS[@]}" -v:n
  (cd "$CHANGED/model" && sha256sum "$LAST_SHARD") > "$DIR/changed.sha256"   # not timed: the floor is given the digest
  measure raw-one-shard bash "$DIR/raw-upload.sh" "$REG" "$CHANGED/model" "$DIR/changed.sha256"
done
# What the last one-changed publish moved, from its own summary line ("… N written, M reused").
CHANGED_SUMMARY="$(grep -h -o 'Published sha256:[0-9a-f]\{12\}.*' "$RES/modelcar-one-changed.log" | tail -1 || true)"
[[ -s "$ARCHIVE_FILE" ]] || { echo "archive scenario wrote no $ARCHIVE_FILE" >&2; exit 1; }
DISK_AFTER="$(disk_report after)"
TMP_AFTER="$(df -B1 --output=used "${TMPDIR:-/tmp}" | tail -1 | tr -d ' ')"

# ---------------------------------------------------------------- the pushed image reads back (not timed)
# The last one-changed publish is still in the registry: skopeo pulls it, umoci unpacks it, and every file under
# /models must be byte-identical to its source (three shared shards, the edited one, the small files).
READBACK="not checked (skopeo or umoci missing)"
if command -v skopeo >/dev/null && command -v umoci >/dev/null; then
  VERIFY="$DIR/verify"; rm -rf "$VERIFY"; mkdir -p "$VERIFY"
  rm -f "$ARCHIVE_FILE"   # measured above; the read-back needs twice the model's size of disk for a moment
  rootless=(); [[ "$(id -u)" == 0 ]] || rootless=(--rootless)
  skopeo copy --quiet --src-tls-verify=false "docker://$REG/bench/changed:1.0.0" "oci:$VERIFY/layout:x"
  umoci unpack "${rootless[@]}" --image "$VERIFY/layout:x" "$VERIFY/bundle" >/dev/null
  checked=0
  for f in "$MODEL"/*; do
    name="$(basename "$f")"; src="$f"
    [[ "$name" == "$LAST_SHARD" ]] && src="$CHANGED/model/$LAST_SHARD"
    cmp -s "$src" "$VERIFY/bundle/rootfs/models/$name" || { echo "read-back: /models/$name differs from $src" >&2; exit 1; }
    checked=$((checked + 1))
  done
  extra="$(find "$VERIFY/bundle/rootfs/models" -type f | wc -l)"
  (( extra == checked )) || { echo "read-back: /models holds $extra files, expected $checked" >&2; exit 1; }
  READBACK="skopeo copy + umoci unpack of bench/changed:1.0.0: $checked files under /models byte-identical to their sources"
  rm -rf "$VERIFY"
fi

# ---------------------------------------------------------------- optional baselines
NOTES=("read-back: $READBACK")
if (( BASELINE_RUNS == 0 )); then
  NOTES+=("buildah: not measured (--baseline-runs 0)")
elif command -v buildah >/dev/null; then
  BCTX="$DIR/buildah-ctx"; BSTORE="$DIR/buildah-storage"
  rm -rf "$BCTX" "$BSTORE"; mkdir -p "$BCTX/data"
  for f in "$MODEL"/*; do ln "$f" "$BCTX/data/" 2>/dev/null || cp "$f" "$BCTX/data/"; done
  printf 'FROM scratch\nCOPY data/ /models/\n' > "$BCTX/Containerfile"
  BAH=(buildah --storage-driver vfs --root "$BSTORE/root" --runroot "$BSTORE/run")
  export BUILDAH_ISOLATION=chroot
  PROBE="$DIR/buildah-probe"; rm -rf "$PROBE"; mkdir -p "$PROBE/data"; printf x > "$PROBE/data/x"
  cp "$BCTX/Containerfile" "$PROBE/"
  if "${BAH[@]}" bud -f "$PROBE/Containerfile" -t bench-buildah-probe "$PROBE" >"$DIR/buildah-probe.log" 2>&1; then
    for run in $(seq 1 "$BASELINE_RUNS"); do
      start_registry
      "${BAH[@]}" rmi -a -f >/dev/null 2>&1 || true
      measure buildah sh -c '"$@" bud -q -f "$0/Containerfile" -t bench-buildah "$0" >/dev/null && "$@" push -q --tls-verify=false bench-buildah docker://'"$REG"'/bench/buildah:1' \
        "$BCTX" "${BAH[@]}"
    done
    NOTES+=("buildah: vfs storage driver, chroot isolation, default push (layers gzip-compressed); time = bud + push, peak RSS = largest single buildah process")
  else
    NOTES+=("buildah: not measured ($(grep -m1 -i 'error' "$DIR/buildah-probe.log" | cut -c1-160 || echo 'bud failed'))")
  fi
  rm -rf "$BSTORE" "$BCTX" "$PROBE"
else
  NOTES+=("buildah: not measured (not installed; apt-get install -y buildah)")
fi
# The .NET SDK's in-box container publishing (Microsoft.NET.Build.Containers): a console project whose publish
# output, the model files included as Content, goes to ContainerWorkingDirectory=/models, on the 1-byte image the
# empty project pushes (the SDK has no 'scratch'). Timed: dotnet publish -t:PublishContainer (an incremental build,
# the copy into the publish folder, one gzip layer, the push).
SDKPROJ="$DIR/proj/dotnet-sdk"
mkdir -p "$SDKPROJ"
echo 'System.Console.WriteLine("modelcar bench");' > "$SDKPROJ/Program.cs"
cat > "$SDKPROJ/dotnet-sdk.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <UseAppHost>false</UseAppHost>
    <EnableSdkContainerSupport>true</EnableSdkContainerSupport>
    <ContainerRegistry>$REG</ContainerRegistry>
    <ContainerRepository>bench/dotnet-sdk</ContainerRepository>
    <ContainerImageTag>1</ContainerImageTag>
    <ContainerBaseImage>$REG/bench/empty:1.0.0</ContainerBaseImage>
    <ContainerRuntimeIdentifier>linux-x64</ContainerRuntimeIdentifier>
    <ContainerWorkingDirectory>/models</ContainerWorkingDirectory>
  </PropertyGroup>
  <ItemGroup>
    <Content Include="$MODEL/*" Link="%(Filename)%(Extension)" CopyToPublishDirectory="PreserveNewest" />
  </ItemGroup>
</Project>
EOF
if (( BASELINE_RUNS > 0 )); then
  for run in $(seq 1 "$BASELINE_RUNS"); do
    start_registry
    publish "$EMPTY" >"$RES/dotnet-sdk-base.log" 2>&1 || { cat "$RES/dotnet-sdk-base.log" >&2; exit 1; }
    rm -rf "$SDKPROJ/bin" "$SDKPROJ/obj"
    dotnet build "$SDKPROJ/dotnet-sdk.csproj" "${MSB_FLAGS[@]}" >"$RES/dotnet-sdk-build.log" 2>&1 \
      || { cat "$RES/dotnet-sdk-build.log" >&2; exit 1; }
    DOTNET_CONTAINER_INSECURE_REGISTRIES="$REG" \
      measure dotnet-sdk dotnet publish "$SDKPROJ/dotnet-sdk.csproj" -t:PublishContainer "${MSB_FLAGS[@]}"
  done
  NOTES+=("dotnet-sdk: dotnet publish -t:PublishContainer of a console project with the model as Content under ContainerWorkingDirectory=/models (copy to the publish folder + one gzip layer + push), $BASELINE_RUNS run(s)")
else
  NOTES+=("dotnet-sdk: not measured (--baseline-runs 0)")
fi
stop_registry

# ---------------------------------------------------------------- 5. report
python3 - "$RES" "$MODEL_BYTES" "$SHARD_BYTES" "$SIZE_GIB" "$RUNS" "$DISK_BEFORE" "$DISK_AFTER" \
  "$TMP_BEFORE" "$TMP_AFTER" "$(dotnet --version)" "$(nproc)" "$CHANGED_SUMMARY" "${NOTES[@]}" <<'PY'
import os, statistics, sys
res, model_bytes, shard_bytes, size, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
before, after = sys.argv[6].split()[1:], sys.argv[7].split()[1:]
tmp_before, tmp_after, sdk, cores = int(sys.argv[8]), int(sys.argv[9]), sys.argv[10], sys.argv[11]
changed_summary = sys.argv[12]
notes = sys.argv[13:]
def load(name):
    p = os.path.join(res, name)
    if not os.path.exists(p): return None
    rows = [tuple(map(float, l.split())) for l in open(p) if l.strip()]
    cpu = statistics.median(r[2] + r[3] for r in rows) if all(len(r) >= 4 for r in rows) else None
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows), cpu, len(rows)
one_shard = shard_bytes // 4
order = [("raw", shard_bytes), ("modelcar-first", model_bytes), ("modelcar-signed", model_bytes), ("modelcar-noop", None),
         ("empty-project", None), ("raw-one-shard", one_shard), ("modelcar-one-changed", one_shard),
         ("modelcar-archive", model_bytes), ("sha256", shard_bytes), ("dotnet-sdk", model_bytes), ("buildah", model_bytes)]
data = {n: load(n) for n, _ in order}
raw = data["raw"][0]
print(f"\nModelcar.Sdk bench: model {model_bytes/2**30:.2f} GiB ({model_bytes} B: 4 shards + 4 small JSON), "
      f"runs={runs} (median), dotnet {sdk}, {cores} cores, load average before the report {os.getloadavg()[0]:.1f}")
print("dotnet publish runs with -nodeReuse:false -maxcpucount:1 (MSBUILDNOINPROCNODE unset): the build is in-process,")
print("so peak RSS (/usr/bin/time %M = the largest single process of the tree) is the dotnet/MSBuild process.")
print("CPU s = user + system seconds of the measured command's own process tree (not the registry's).\n")
hdr = f"{'scenario':<21} {'runs':>4} {'median s':>9} {'MB/s':>8} {'CPU s':>7} {'peak RSS MB':>12} {'vs raw':>8}"
print(hdr); print("-" * len(hdr))
for n, b in order:
    d = data[n]
    if d is None: continue
    s, rss, cpu, k = d
    mbs = f"{b/1e6/s:.1f}" if b and s > 0 else "-"
    cpus = f"{cpu:.2f}" if cpu is not None else "-"
    print(f"{n:<21} {k:>4} {s:>9.2f} {mbs:>8} {cpus:>7} {rss/1024:>12.1f} {s/raw if raw else 0:>7.2f}x")
print()
first, noop, empty, arch, sha = (data[k][0] for k in ("modelcar-first", "modelcar-noop", "empty-project", "modelcar-archive", "sha256"))
print(f"first/raw = {first/raw:.2f}   (target <= 1.3)")
print(f"noop - empty-project = {noop-empty:.2f} s   (target <= 1 s)")
if data["modelcar-signed"]:
    signed = data["modelcar-signed"][0]
    print(f"signed - first = {signed-first:+.2f} s ({(signed/first-1)*100:+.1f} %)   (target: signed <= 1.02 x first + 0.5 s = {1.02*first+0.5:.2f} s; signed {signed:.2f} s)")
if data["modelcar-one-changed"] and data["raw-one-shard"]:
    # The target: one shard changed takes <= 1.3 x the raw upload of that shard, plus the no-op publish's fixed cost.
    changed, shard = data["modelcar-one-changed"][0], data["raw-one-shard"][0]
    print(f"(one-changed - noop)/raw-one-shard = {(changed-noop)/shard:.2f}   (target <= 1.3: one-changed {changed:.2f} s "
          f"<= 1.3 x {shard:.2f} + {noop:.2f} = {1.3*shard+noop:.2f} s); one-changed/raw-one-shard alone = {changed/shard:.2f}")
    print(f"  last one-changed run: {changed_summary or 'no summary line found'}")
for base in ("dotnet-sdk", "buildah"):
    if data[base]: print(f"{base}/first = {data[base][0]/first:.1f}x slower than modelcar first publish   (target >= 4x)")
print(f"archive throughput / sha256 = {(model_bytes/arch)/(shard_bytes/sha):.2f}   (target >= 0.80)")
print(f"peak RSS (max of modelcar scenarios) = {max(data[k][1] for k in ('modelcar-first','modelcar-signed','modelcar-noop','modelcar-archive','modelcar-one-changed') if data[k])/1024:.1f} MB   (target < 300 MB, flat 2->8 GiB)")
print()
mb = lambda x: f"{int(x)/2**20:.1f} MB"
labels = ["project dirs (bin/obj, minus archive)", "OCI archive", "registry storage", "private NuGet packages"]
print("disk beyond inputs (bench dir without model/feed/artifacts), before -> after:")
for l, a, b in zip(labels, before, after):
    print(f"  {l:<40} {mb(a):>12} -> {mb(b):>12}")
print(f"  {'filesystem used on TMPDIR (whole fs)':<40} {'':>12}    {(tmp_after-tmp_before)/2**20:+.1f} MB (includes the two above)")
print()
for n in notes: print(n)
PY
