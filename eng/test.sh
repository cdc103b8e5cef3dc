#!/usr/bin/env bash
# The test command: starts the test environment (a local registry and base images, see eng/test-env/),
# runs every test project of Modelcar.Sdk.sln and closes with exactly one line:
#     N passed, N failed, N skipped
#
#   bash eng/test.sh                                   # everything
#   bash eng/test.sh --filter "FullyQualifiedName~Oci" # extra arguments go to `dotnet test`
#
# The registry stays up afterwards for fast dev loops (stop it with `bash eng/test-env/down.sh`), except
# with CI=true. Results (.trx) go to artifacts/test-results/. With CI=true `dotnet test` is bounded by
# MODELCAR_TEST_TIMEOUT (default 75m, so a hang cannot eat CI's 90 minutes); locally only if that is set.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
ci=false; [ "${CI:-}" = "true" ] && ci=true

# 1. Tools: .ci/run has already run install.sh (and says so); otherwise install.sh decides, quickly, whether
#    apt-get is needed (always with CI=true).
if [ "${MODELCAR_TEST_ENV_INSTALLED:-}" != "1" ]; then
  bash eng/test-env/install.sh
fi

# 2. The environment. With CI=true it is stopped again however this script ends.
if [ "$ci" = true ]; then
  trap 'bash eng/test-env/down.sh >/dev/null 2>&1 || true' EXIT
fi
source eng/test-env/up.sh

# 3. The tests.
results="$repo/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild worker node left behind holding a CI log pipe open (.ci/run also shuts the build servers down).
if [ "$ci" = true ]; then export MSBUILDDISABLENODEREUSE=1; fi

# A time limit in CI (or when asked for): `timeout` runs dotnet test in its own process group, which a
# terminal's Ctrl-C would not reach, so an interactive run has none unless MODELCAR_TEST_TIMEOUT is set.
limit=()
if [ "$ci" = true ] || [ -n "${MODELCAR_TEST_TIMEOUT:-}" ]; then
  limit=(timeout --kill-after=60s "${MODELCAR_TEST_TIMEOUT:-75m}")
fi

set +e
"${limit[@]}" \
  dotnet test Modelcar.Sdk.sln -c Release --verbosity minimal \
    --logger "trx;LogFilePrefix=tests" --logger "console;verbosity=normal" \
    --results-directory "$results" \
    "$@"
dotnet_rc=$?
set -e
case "$dotnet_rc" in
  0) ;;
  124|137) echo "test.sh: dotnet test timed out after ${MODELCAR_TEST_TIMEOUT:-75m} and was stopped" ;;
  *) echo "test.sh: dotnet test exited with code $dotnet_rc" ;;
esac

# 4. Stop the environment in CI (before the count, which must stay the last line).
if [ "$ci" = true ]; then
  bash eng/test-env/down.sh || true
  trap - EXIT
fi

# 5. The count, as the last line.
set +e
python3 eng/test-env/count-trx.py "$results"
count_rc=$?
set -e
if [ "$dotnet_rc" -ne 0 ]; then exit "$dotnet_rc"; fi
exit "$count_rc"
