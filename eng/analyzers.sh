#!/usr/bin/env bash
# The analyzers lane: builds the whole solution with the .NET analyzers (latest-recommended) and the code-style
# rules of .editorconfig on, every warning an error, so a new warning fails CI. One build, about a minute.
#
#   bash eng/analyzers.sh
#
# It builds into artifacts/analyzers/, apart from the normal build, so neither makes the other look up to date
# (the compiler would be skipped and the analyzers with it).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [ "${CI:-}" = "true" ]; then export MSBUILDDISABLENODEREUSE=1; fi

dotnet build Modelcar.Sdk.sln -c Release -v:q -nologo -warnaserror \
  -p:ModelcarAnalyzers=true -p:ArtifactsPath="$repo/artifacts/analyzers"
