#!/usr/bin/env bash
# FinanceFlow tests: installs the prerequisites (hledger, hledger-web, Azurite in .tools/) and runs
# every test of the solution in Release. End-to-end fixtures start their own Azurite
# (.tools/node_modules/.bin/azurite) and hledger-web (on PATH) on free ports with fresh data.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

./run.sh install

LOGS=".local/logs"
RESULTS=".local/test-results"
mkdir -p "$LOGS"
rm -rf "$RESULTS"

echo
echo "==> infra/check.sh (Bicep build and lint, offline)"
bash infra/check.sh
echo
echo "==> dotnet test FinanceFlow.sln -c Release (log: $LOGS/test.log)"
set +e
# A hung test is dumped and stopped long before CI's 90 minutes run out.
dotnet test FinanceFlow.sln -c Release \
  --logger "console;verbosity=normal" \
  --logger "trx" \
  --results-directory "$RESULTS" \
  --blame-hang-timeout 20m \
  2>&1 | tee "$LOGS/test.log"
rc=${PIPESTATUS[0]}
set -e

# Each test run ends with "Total tests: T" then "Passed: P", "Failed: F" and "Skipped: S" lines (zeros omitted).
read -r passed failed skipped assemblies < <(
  awk '
    /^Total tests: +[0-9]+ *$/ { n++ }
    /^ *Passed: +[0-9]+ *$/ { sub(/^ *Passed: +/, ""); p += $0 }
    /^ *Failed: +[0-9]+ *$/ { sub(/^ *Failed: +/, ""); f += $0 }
    /^ *Skipped: +[0-9]+ *$/ { sub(/^ *Skipped: +/, ""); s += $0 }
    END { printf "%d %d %d %d\n", p, f, s, n }
  ' "$LOGS/test.log"
)

echo
echo "test.sh: $assemblies test run(s); results in $RESULTS/, log in $LOGS/test.log"
if [[ $rc -eq 0 && $passed -eq 0 ]]; then
  echo "test.sh: no test ran" >&2
  rc=1
fi
echo "summary: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
