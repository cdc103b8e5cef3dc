# Shared by run.sh and coldstart.sh: sourced after SIZE_GIB, DIR, REG and ROOT are set (and WEIGHTS: random, the
# default, or bf16). Generates (or reuses) the synthetic model, defines the bench registry (start_registry / stop_registry), packs the SDK into a
# private feed and defines write_project. Sets MODEL, SHAFILE, MODEL_BYTES, SHARD, SHARD_BYTES, REGDIR, VERSION.

# ---------------------------------------------------------------- 1. model
BYTES="$(python3 -c "import sys; print(int(float(sys.argv[1]) * 1024**3) // 4 * 4)" "$SIZE_GIB")"
SHARD=$((BYTES / 4))
# random: shards of /dev/urandom bytes (incompressible: a gzip layer of them is stored blocks, cheap to gunzip).
# bf16: safetensors shards of normally distributed bf16 values (bf16_weights.py: gzip saves ~21 %, and gunzip
# decodes Huffman codes for real, as with a real checkpoint).
WEIGHTS="${WEIGHTS:-random}"
case "$WEIGHTS" in
  random) MODEL="$DIR/model-${SIZE_GIB}g" ;;
  bf16) MODEL="$DIR/model-${SIZE_GIB}g-bf16" ;;
  *) echo "--weights must be random or bf16" >&2; exit 2 ;;
esac
SHAFILE="$MODEL.sha256"   # outside the model dir, so the ModelFile glob does not see it
if [[ ! -f "$MODEL.complete" || ! -f "$SHAFILE" ]]; then
  log "generating ${SIZE_GIB} GiB synthetic model ($WEIGHTS weights) in $MODEL"
  rm -rf "$MODEL" "$SHAFILE" "$MODEL.complete"
  mkdir -p "$MODEL"
  if [[ "$WEIGHTS" == bf16 ]] && ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy >/dev/null \
      || { echo "bf16 weights need Debian's python3-numpy" >&2; exit 1; }
  fi
  for i in 1 2 3 4; do
    if [[ "$WEIGHTS" == bf16 ]]; then
      /usr/bin/python3 "$ROOT/eng/bench/bf16_weights.py" "$MODEL/model-0000$i-of-00004.safetensors" "$SHARD" "$i"
    else
      head -c "$SHARD" /dev/urandom > "$MODEL/model-0000$i-of-00004.safetensors"
    fi
  done
  printf '{"architectures":["BenchForCausalLM"],"model_type":"bench","hidden_size":4096}\n' > "$MODEL/config.json"
  printf '{"bos_token_id":1,"eos_token_id":2}\n' > "$MODEL/generation_config.json"
  printf '{"model_max_length":4096,"tokenizer_class":"BenchTokenizer"}\n' > "$MODEL/tokenizer_config.json"
  python3 - "$MODEL" "$SHARD" > "$MODEL/model.safetensors.index.json" <<'PY'
import json, sys
n = int(sys.argv[2])
print(json.dumps({"metadata": {"total_size": 4 * n},
                  "weight_map": {f"layer.{i}": f"model-0000{i}-of-00004.safetensors" for i in range(1, 5)}}))
PY
  # Precomputed once: a raw client that is given the digest is the floor.
  (cd "$MODEL" && sha256sum model-0000*-of-00004.safetensors) > "$SHAFILE"
  touch "$MODEL.complete"   # outside the model dir, like the digests
else
  log "reusing cached model $MODEL"
fi
MODEL_BYTES="$(python3 -c "import os,sys; d=sys.argv[1]; print(sum(os.path.getsize(os.path.join(d,f)) for f in os.listdir(d)))" "$MODEL")"
SHARD_BYTES=$((SHARD * 4))

# ---------------------------------------------------------------- 2. registry
REGDIR="$DIR/registry"
REG_PID=""
mkdir -p "$REGDIR"
cat > "$REGDIR/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $REGDIR/storage
  delete:
    enabled: true
http:
  addr: $REG
EOF

stop_registry() {
  if [[ -n "$REG_PID" ]] && kill -0 "$REG_PID" 2>/dev/null; then
    kill "$REG_PID" 2>/dev/null || true
    wait "$REG_PID" 2>/dev/null || true
  fi
  REG_PID=""
}
start_registry() {   # always starts from empty storage
  stop_registry
  rm -rf "$REGDIR/storage"; mkdir -p "$REGDIR/storage"
  if curl -s -o /dev/null --max-time 1 "http://$REG/v2/"; then
    echo "something else is already listening on $REG; stop it first" >&2; exit 1
  fi
  docker-registry serve "$REGDIR/config.yml" >>"$REGDIR/registry.log" 2>&1 &
  REG_PID=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null --max-time 1 "http://$REG/v2/" && return 0
    kill -0 "$REG_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "registry did not start; see $REGDIR/registry.log" >&2; exit 1
}

# ---------------------------------------------------------------- 3. pack + projects
VERSION="0.0.0-bench.$(date +%s)"
log "packing Modelcar.Sdk $VERSION"
rm -rf "$DIR/feed"; mkdir -p "$DIR/feed"
dotnet pack "$ROOT/src/Modelcar.Sdk" -c Release -o "$DIR/feed" -p:Version="$VERSION" \
  -p:ArtifactsPath="$DIR/artifacts" -nologo -v:q >"$DIR/pack.log" 2>&1 \
  || { cat "$DIR/pack.log" >&2; exit 1; }

export NUGET_PACKAGES="$DIR/nuget-packages"   # private: the bench version is restored from the feed only
rm -rf "$NUGET_PACKAGES"

write_project() {  # dir include registry [base image] [storage mode]
  local d="$1" include="$2" registry="$3" base="${4:-scratch}" mode="${5:-oci+native}"
  mkdir -p "$d"
  cat > "$d/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="bench-feed" value="$DIR/feed" />
  </packageSources>
</configuration>
EOF
  cat > "$d/bench.modelproj" <<EOF
<Project Sdk="Modelcar.Sdk/$VERSION">
  <PropertyGroup>
    <ContainerRegistry Condition="'\$(ContainerRegistry)' == ''">$registry</ContainerRegistry>
    <ContainerRepository>bench/$(basename "$d")</ContainerRepository>
    <Version>1.0.0</Version>
    <ContainerBaseImage>$base</ContainerBaseImage>
    <KServeStorageMode>$mode</KServeStorageMode>
    <KServeModelFormat>huggingface</KServeModelFormat>
  </PropertyGroup>
  <ItemGroup>
    <ModelFile Include="$include" />
  </ItemGroup>
</Project>
EOF
}
