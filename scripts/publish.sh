#!/usr/bin/env bash
# Builds what a user runs into artifacts/bin: the native-AOT `bd` and the Beads host beside it (bd starts that host
# when none is running). Usage: scripts/publish.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bin
rid="linux-$(uname -m | sed -e 's/x86_64/x64/' -e 's/aarch64/arm64/')"
echo "publishing bd (native AOT, $rid) and Beads.Host into $out ..."
dotnet publish Beads.Cli -c Release -r "$rid" -o "$out" --nologo -v quiet
# For the runtime too, so that the host's assemblies carry ReadyToRun code (Beads.Host.csproj); it still runs on the
# installed .NET (not self-contained).
dotnet publish Beads.Host -c Release -r "$rid" --self-contained false -o "$out" --nologo -v quiet
echo "done: $out/bd and $out/Beads.Host"
