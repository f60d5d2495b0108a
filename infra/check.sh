#!/usr/bin/env bash
# Compiles and lints the Bicep templates offline, with the Bicep CLI from its NuGet package.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
BICEP_VERSION="0.49.2"
PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
BICEP="$PACKAGES/azure.bicep.commandline.linux-x64/$BICEP_VERSION/tools/bicep"

if [[ ! -x "$BICEP" ]]; then
  # A throwaway project whose only job is to download the package into the NuGet cache.
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cat >"$work/bicep-download.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
XML
  echo "restoring Azure.Bicep.CommandLine.linux-x64 $BICEP_VERSION…"
  dotnet restore "$work/bicep-download.csproj" --nologo >/dev/null
  chmod +x "$BICEP"
fi

"$BICEP" --version
# bicep exits 0 on warnings; any diagnostic at all fails this check.
run() {
  echo "==> bicep $*"
  local out
  out="$("$BICEP" "$@" 2>&1 >/dev/null)" || { echo "$out"; exit 1; }
  if [[ -n "$out" ]]; then
    echo "$out"
    echo "infra/check.sh: bicep reported diagnostics" >&2
    exit 1
  fi
}
run build main.bicep --stdout
run lint main.bicep
run lint resources.bicep
echo "infra/check.sh: Bicep builds and lints clean."
