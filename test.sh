#!/usr/bin/env bash
# FinanceFlow tests: installs the prerequisites (hledger, hledger-web, Azurite in .tools/) and runs
# every test of the solution in Release. End-to-end fixtures start their own Azurite
# (.tools/node_modules/.bin/azurite) and hledger-web (on PATH) on free ports with fresh data.
#
#   ./test.sh                 everything, as CI runs it (.ci/run): install, infra/check.sh, every test
#   ./test.sh --fast          only the tests without [Trait("Category", "Integration")]: unit and orchestration tests,
#                             no install, no infra/check.sh, no Azurite or hledger-web (log: .local/logs/test-fast.log)
#   ./test.sh --filter EXPR   only the tests EXPR selects (dotnet test --filter syntax); with --fast, within the fast set
#   ./test.sh --help          this text
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

FAST=0
FILTER=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --fast) FAST=1 ;;
    --filter)
      [[ $# -ge 2 && -n "$2" ]] || { echo "test.sh: --filter needs an expression" >&2; exit 2; }
      FILTER="$2"
      shift
      ;;
    -h | --help)
      sed -n '2,/^set -Eeuo/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "test.sh: unknown argument '$1' (see ./test.sh --help)" >&2
      exit 2
      ;;
  esac
  shift
done

LOGS=".local/logs"
RESULTS=".local/test-results"
LOG="$LOGS/test.log"
SELECT=()
if [[ $FAST -eq 1 ]]; then
  RESULTS=".local/test-results-fast"
  LOG="$LOGS/test-fast.log"
  FILTER="Category!=Integration${FILTER:+&($FILTER)}"
fi
if [[ -n "$FILTER" ]]; then
  SELECT=(--filter "$FILTER")
fi

if [[ $FAST -eq 0 ]]; then
  ./run.sh install
fi

mkdir -p "$LOGS"
rm -rf "$RESULTS"

if [[ $FAST -eq 0 ]]; then
  echo
  echo "==> infra/check.sh (Bicep build and lint, offline)"
  bash infra/check.sh
fi
echo
echo "==> dotnet test FinanceFlow.sln -c Release${FILTER:+ --filter \"$FILTER\"} (log: $LOG)"
set +e
if [[ $FAST -eq 0 ]]; then
  # A hung test is dumped and stopped long before CI's 90 minutes run out.
  dotnet test FinanceFlow.sln -c Release \
    "${SELECT[@]}" \
    --logger "console;verbosity=normal" \
    --logger "trx" \
    --results-directory "$RESULTS" \
    --blame-hang-timeout 20m \
    2>&1 | tee "$LOG"
  rc=${PIPESTATUS[0]}
else
  # Built first and then run with --no-build: dotnet test then runs two test projects at a time, where building as it
  # goes mostly runs them one after the other. No blame collector (it costs more CPU than some test projects): a hung
  # test shows in the terminal, stop it with Ctrl-C.
  {
    dotnet build FinanceFlow.sln -c Release -v quiet \
      && dotnet test FinanceFlow.sln -c Release --no-build \
        "${SELECT[@]}" \
        --logger "console;verbosity=normal" \
        --logger "trx" \
        --results-directory "$RESULTS"
  } 2>&1 | tee "$LOG"
  rc=${PIPESTATUS[0]}
fi
set -e

# Each test run ends with "Total tests: T" then "Passed: P", "Failed: F" and "Skipped: S" lines (zeros omitted).
read -r passed failed skipped assemblies < <(
  awk '
    /^Total tests: +[0-9]+ *$/ { n++ }
    /^ *Passed: +[0-9]+ *$/ { sub(/^ *Passed: +/, ""); p += $0 }
    /^ *Failed: +[0-9]+ *$/ { sub(/^ *Failed: +/, ""); f += $0 }
    /^ *Skipped: +[0-9]+ *$/ { sub(/^ *Skipped: +/, ""); s += $0 }
    END { printf "%d %d %d %d\n", p, f, s, n }
  ' "$LOG"
)

echo
echo "test.sh: $assemblies test run(s); results in $RESULTS/, log in $LOG"
if [[ $rc -eq 0 && $passed -eq 0 ]]; then
  echo "test.sh: no test ran" >&2
  rc=1
fi
echo "summary: $passed passed, $failed failed, $skipped skipped"
exit "$rc"
