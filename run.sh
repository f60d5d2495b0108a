#!/usr/bin/env bash
# FinanceFlow, locally: installs what is missing, starts Azurite, one hledger-web per legal entity's ledger
# and the self-host, loads the governed master data and mappings (samples/masterdata), sends the sample
# reports through the whole workflow and prints what happened.
#
#   ./run.sh                 set up, start, send the samples, leave the services running
#   ./run.sh --stop-after    the same, then stop everything it started
#   ./run.sh --keep          keep the Azurite data, the ledger and the token signing key of the previous run
#   ./run.sh --no-build      use the Release build that is already there
#   ./run.sh stop            stop what a previous ./run.sh started (pid files in .local/pids)
#   ./run.sh install         only install the prerequisites (used by ./test.sh)
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$PWD"
LOCAL="$ROOT/.local"
LOGS="$LOCAL/logs"
PIDS="$LOCAL/pids"
AZURITE="$ROOT/.tools/node_modules/.bin/azurite"
AZURITE_VERSION="3.37.0"
SELFHOST_DIR="$ROOT/src/FinanceFlow.SelfHost/bin/Release/net10.0"
CLI_DLL="$ROOT/src/FinanceFlow.Cli/bin/Release/net10.0/financeflow.dll"
# The key development tokens are signed with (HS256); the CLI finds it here or through FINANCEFLOW_SIGNING_KEY_FILE.
SIGNING_KEY_FILE="$LOCAL/dev-signing-key"
APP_URL="http://127.0.0.1:7071"
# One ledger per legal entity in samples/masterdata/masterdata.json, each its own hledger-web and journal file.
LEDGERS=(us01 de01 gb01 jp01 ch01 fr01)
LEDGER_BASE_PORT=5055
ledger_port() {
  local i
  for i in "${!LEDGERS[@]}"; do
    [[ "${LEDGERS[$i]}" == "$1" ]] && echo $((LEDGER_BASE_PORT + i)) && return 0
  done
  return 1
}
ledger_journal() { echo "$LOCAL/ledgers/$1.journal"; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

STEP="start"
STEP_LOG=""

say() { printf '\n==> %s\n' "$*"; }
step() {
  STEP="$1"
  STEP_LOG="${2:-}"
  say "$STEP"
}
die() {
  echo "run.sh: FAILED at step '$STEP': $*" >&2
  if [[ -n "$STEP_LOG" ]]; then
    echo "run.sh: log: $STEP_LOG (last lines below)" >&2
    [[ -f "$STEP_LOG" ]] && tail -n 25 "$STEP_LOG" >&2
  fi
  if compgen -G "$PIDS/*.pid" >/dev/null; then
    echo "run.sh: services started so far are still running; stop them with ./run.sh stop" >&2
  fi
  exit 1
}
trap 'die "command failed (line $LINENO): $BASH_COMMAND"' ERR

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root or sudo to run: $*"
  fi
}

# --- prerequisites -----------------------------------------------------------------------------

APT_UPDATED=0
apt_install() {
  local log="$LOGS/apt.log"
  if [[ $APT_UPDATED -eq 0 ]]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update >>"$log" 2>&1 || die "apt-get update failed (see $log)"
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"$log" 2>&1 \
    || die "apt-get install $* failed (see $log)"
}

install_prerequisites() {
  mkdir -p "$LOGS" "$PIDS"
  step "check prerequisites" "$LOGS/apt.log"
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH; install .NET 10 SDK first (see global.json)"
  local missing=()
  command -v hledger >/dev/null 2>&1 || missing+=(hledger)
  command -v hledger-web >/dev/null 2>&1 || missing+=(hledger-web)
  command -v curl >/dev/null 2>&1 || missing+=(curl ca-certificates)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  # Debian's chromium (and a font to draw text with) for the console's browser test; Playwright drives it and downloads no browser.
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -d /usr/share/fonts/truetype/dejavu ]] || missing+=(fonts-dejavu-core)
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "installing with apt-get: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
  echo "hledger: $(hledger --version | head -n 1)"
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"

  if [[ ! -x "$AZURITE" ]]; then
    step "install Azurite $AZURITE_VERSION into .tools/" "$LOGS/npm.log"
    npm install --prefix "$ROOT/.tools" --no-audit --no-fund "azurite@$AZURITE_VERSION" >"$LOGS/npm.log" 2>&1 \
      || die "npm install azurite@$AZURITE_VERSION failed"
  fi
  echo "azurite: $("$AZURITE" --version 2>/dev/null || echo '?')"
}

# --- processes -----------------------------------------------------------------------------------

# pid file: .local/pids/NAME.pid; the process's command line must still contain MARKER before we signal it.
is_ours() {
  local pid="$1" marker="$2"
  # The process may exit between the test and the read: that is "not running", not an error.
  [[ -r "/proc/$pid/cmdline" ]] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -q -- "$marker"
}

stop_one() {
  local name="$1" marker="$2" file="$PIDS/$1.pid" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  if [[ -n "$pid" ]] && is_ours "$pid" "$marker"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      is_ours "$pid" "$marker" || break
      sleep 0.2
    done
    if is_ours "$pid" "$marker"; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "stopped $name (pid $pid)"
  fi
  rm -f "$file"
}

stop_all() {
  stop_one selfhost "FinanceFlow.SelfHost"
  local ledger
  for ledger in "${LEDGERS[@]}"; do
    stop_one "hledger-web-$ledger" "hledger-web"
  done
  stop_one hledger-web "hledger-web" # the single ledger of runs before ledgers per entity
  stop_one azurite "azurite"
}

# start NAME LOG MARKER CMD...: runs CMD detached (own session, survives this script), records its pid.
start_bg() {
  local name="$1" log="$2" marker="$3"
  shift 3
  setsid "$@" >"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$PIDS/$name.pid"
  sleep 0.3
  is_ours "$pid" "$marker" || die "$name exited right after start"
  echo "$name started (pid $pid, log $log)"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  local what="$1" seconds="$2" name="$3" marker="$4"
  shift 4
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    local pid
    pid="$(cat "$PIDS/$name.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] && is_ours "$pid" "$marker" || die "$name stopped while waiting for $what"
    ((SECONDS < deadline)) || die "$what not ready after ${seconds}s"
    sleep 0.5
  done
  echo "$what is ready"
}

azurite_ready() { port_open 10000 && port_open 10001 && port_open 10002; }
hledger_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/accountnames" 2>/dev/null; }
selfhost_ready() { curl -fsS -o /dev/null "$APP_URL/health" 2>/dev/null; }

# --- commands ------------------------------------------------------------------------------------

KEEP=0
BUILD=1
STOP_AFTER=0
COMMAND=run
for arg in "$@"; do
  case "$arg" in
    stop) COMMAND=stop ;;
    install) COMMAND=install ;;
    --keep) KEEP=1 ;;
    --stop-after) STOP_AFTER=1 ;;
    --no-build) BUILD=0 ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *)
      echo "run.sh: unknown argument '$arg' (try --help)" >&2
      exit 2
      ;;
  esac
done

case "$COMMAND" in
  stop)
    mkdir -p "$PIDS"
    STEP="stop"
    stop_all
    echo "FinanceFlow local services are stopped."
    exit 0
    ;;
  install)
    install_prerequisites
    exit 0
    ;;
esac

install_prerequisites

step "stop what a previous run left running"
stop_all
for port in 7071 $(seq "$LEDGER_BASE_PORT" $((LEDGER_BASE_PORT + ${#LEDGERS[@]} - 1))) 10000 10001 10002; do
  port_open "$port" && die "port $port on 127.0.0.1 is taken by another program; stop it first"
done

if [[ $BUILD -eq 1 ]]; then
  step "build (Release)" "$LOGS/build.log"
  : >"$LOGS/build.log"
  for project in src/FinanceFlow.SelfHost/FinanceFlow.SelfHost.csproj src/FinanceFlow.Cli/FinanceFlow.Cli.csproj; do
    dotnet build "$project" -c Release -nologo >>"$LOGS/build.log" 2>&1 || die "dotnet build $project failed"
  done
  echo "built the self-host and the CLI"
fi
[[ -f "$SELFHOST_DIR/FinanceFlow.SelfHost.dll" && -f "$CLI_DLL" ]] || die "no Release build in $SELFHOST_DIR or of the CLI; run without --no-build"

step "start Azurite (blob 10000, queue 10001, table 10002)" "$LOGS/azurite.log"
if [[ $KEEP -eq 0 ]]; then
  rm -rf "$LOCAL/azurite"
fi
mkdir -p "$LOCAL/azurite"
start_bg azurite "$LOGS/azurite.log" azurite \
  "$AZURITE" --silent --location "$LOCAL/azurite" --skipApiVersionCheck --loose ${AZURITE_EXTRA_ARGS:-}
wait_for "Azurite" 60 azurite azurite azurite_ready

step "start one hledger-web per ledger (${LEDGERS[*]}) on ports $LEDGER_BASE_PORT-$((LEDGER_BASE_PORT + ${#LEDGERS[@]} - 1))" "$LOGS/hledger-web-${LEDGERS[0]}.log"
mkdir -p "$LOCAL/ledgers"
for ledger in "${LEDGERS[@]}"; do
  journal="$(ledger_journal "$ledger")"
  if [[ $KEEP -eq 0 || ! -f "$journal" ]]; then
    # The ledger's chart of accounts (account directives): the master-data sync reads it back as GL accounts.
    { printf '; FinanceFlow local ledger %s, created by run.sh on %s\n' "$ledger" "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
      cat "$ROOT/samples/ledgers/$ledger.journal"; } >"$journal"
  fi
  STEP_LOG="$LOGS/hledger-web-$ledger.log"
  start_bg "hledger-web-$ledger" "$STEP_LOG" hledger-web \
    hledger-web --serve-api --host 127.0.0.1 --port "$(ledger_port "$ledger")" -f "$journal"
done
for ledger in "${LEDGERS[@]}"; do
  wait_for "hledger-web $ledger" 60 "hledger-web-$ledger" hledger-web hledger_ready "$(ledger_port "$ledger")"
done

step "start the self-host on $APP_URL" "$LOGS/selfhost.log"
SECRET="whsec_$(openssl rand -base64 32)"
(umask 077 && printf '%s\n' "$SECRET" >"$LOCAL/webhook-secret")
export FinanceFlow__Sources__canonical__WebhookSecret="$SECRET"
# Every route but the webhook and /health needs a bearer token: the host accepts development tokens signed with this key
# (configured as dotnet user-jwts writes it), and the CLI mints them with it. --keep keeps the key, so tokens stay valid.
if [[ $KEEP -eq 0 || ! -s "$SIGNING_KEY_FILE" ]]; then
  (umask 077 && openssl rand -base64 32 >"$SIGNING_KEY_FILE")
fi
chmod 600 "$SIGNING_KEY_FILE"
SIGNING_KEY="$(cat "$SIGNING_KEY_FILE")"
export FINANCEFLOW_SIGNING_KEY_FILE="$SIGNING_KEY_FILE"
# A token from the caller's shell may be signed with an older run's key: the CLI mints its own for the steps below.
unset FINANCEFLOW_TOKEN
(
  cd "$SELFHOST_DIR"
  export ASPNETCORE_URLS="$APP_URL"
  export AzureWebJobsStorage="UseDevelopmentStorage=true"
  export Authentication__Schemes__Bearer__ValidIssuer=financeflow-dev
  export Authentication__Schemes__Bearer__ValidAudiences__0=financeflow
  export Authentication__Schemes__Bearer__SigningKeys__0__Issuer=financeflow-dev
  export Authentication__Schemes__Bearer__SigningKeys__0__Value="$SIGNING_KEY"
  # The default ledger (reports FinanceFlow does not enrich, e.g. Concur's own journals) is US01's.
  export FinanceFlow__Erp__Hledger__BaseUrl="http://127.0.0.1:$LEDGER_BASE_PORT"
  export FinanceFlow__Erp__Hledger__JournalPath="$(ledger_journal "${LEDGERS[0]}")"
  for ledger in "${LEDGERS[@]}"; do
    export "FinanceFlow__Erp__Ledgers__${ledger}__BaseUrl=http://127.0.0.1:$(ledger_port "$ledger")"
    export "FinanceFlow__Erp__Ledgers__${ledger}__JournalPath=$(ledger_journal "$ledger")"
  done
  export FinanceFlow__MasterData__Enrichment=Required
  export FinanceFlow__MasterData__SyncFile="$ROOT/samples/masterdata/masterdata.json"
  export FinanceFlow__MasterData__SyncSchedule="0 0 2 * * *"
  export FinanceFlow__Reconciliation__Schedule="0 30 1 * * *"
  export FinanceFlow__Watchdog__Schedule="0 */5 * * * *"
  # Receipts: the samples carry theirs inline. No source lists a receipt host here (FinanceFlow__Sources__{source}__ReceiptHosts__0),
  # so a report with a receipt URL is refused with the finding receipt-downloads-off, never fetched (docs/configuration.md#receipts).
  # Message intake on the Azurite queue expense-intake (CloudEvents; docs/messaging.md).
  export FinanceFlow__Messaging__StorageQueue__Enabled=true
  # Status events (CloudEvents) fanned out to the Azurite queue expense-status.
  export FinanceFlow__StatusFanOut__Targets__0__Kind=StorageQueue
  export FinanceFlow__StatusFanOut__Targets__0__Name=local-status-queue
  start_bg selfhost "$LOGS/selfhost.log" FinanceFlow.SelfHost dotnet FinanceFlow.SelfHost.dll
)
wait_for "the self-host (/health)" 120 selfhost FinanceFlow.SelfHost selfhost_ready

step "sync master data now: samples/masterdata/masterdata.json + each ledger's accounts (POST /api/v1/masterdata/sync)" "$LOGS/masterdata-sync.log"
# An Operator's token: the audit trail names run.sh as who ran the sync.
SETUP_TOKEN="$(dotnet "$CLI_DLL" token --role FinanceFlow.Operator --name "run.sh (local setup)" --signing-key-file "$SIGNING_KEY_FILE" --hours 1)" \
  || die "the CLI could not mint a development token"
curl -fsS -X POST -H "Authorization: Bearer $SETUP_TOKEN" "$APP_URL/api/v1/masterdata/sync" >"$LOGS/masterdata-sync.log" 2>&1 \
  || die "the master-data sync failed"
sed -n 's/.*"text":"\([^"]*\)".*/\1/p' "$LOGS/masterdata-sync.log" | sed 's/\\n/\n/g'
grep -q '"problems":\[\]' "$LOGS/masterdata-sync.log" || die "the master-data sync reported problems (see the log)"

step "load the mappings (samples/masterdata/mappings.json) through the API" "$LOGS/load-mappings.log"
dotnet "$CLI_DLL" load-masterdata --url "$APP_URL" --dir "$ROOT/samples/masterdata" --mappings-only --actor "run.sh (local setup)" --approver "run.sh (local checker)" 2>&1 | tee "$LOGS/load-mappings.log"
[[ ${PIPESTATUS[0]} -eq 0 ]] || die "mappings were refused"

step "send the samples (samples/manifest.json)" "$LOGS/send-samples.log"
set +e
dotnet "$CLI_DLL" send-samples --url "$APP_URL" --dir "$ROOT/samples" --timeout 180 2>&1 | tee "$LOGS/send-samples.log"
SAMPLES_RC=${PIPESTATUS[0]}
set -e

step "ledger balances, one ledger per entity (hledger -f .local/ledgers/LEDGER.journal balance)" "$LOGS/hledger-check.log"
CHECK_RC=0
: >"$LOGS/hledger-check.log"
for ledger in "${LEDGERS[@]}"; do
  journal="$(ledger_journal "$ledger")"
  echo "--- $ledger ($(grep -c '^[0-9]' "$journal" || true) transactions)"
  hledger -f "$journal" balance || true
  if ! hledger -f "$journal" check >>"$LOGS/hledger-check.log" 2>&1; then
    CHECK_RC=1
    echo "hledger check $ledger: FAILED"
  fi
done
if [[ $CHECK_RC -eq 0 ]]; then
  echo "hledger check: OK for every ledger (each journal parses and every transaction balances)"
else
  cat "$LOGS/hledger-check.log"
fi

step "reconcile FinanceFlow's postings with every ledger, and list the reports still open (POST /api/v1/reconciliations)" "$LOGS/reconcile.log"
set +e
dotnet "$CLI_DLL" reconcile --url "$APP_URL" --actor "run.sh (local setup)" 2>&1 | tee "$LOGS/reconcile.log"
RECONCILE_RC=${PIPESTATUS[0]}
set -e

if [[ $STOP_AFTER -eq 1 ]]; then
  step "stop the services (--stop-after)"
  stop_all
else
  cat <<EOF

FinanceFlow is running:
  self-host      $APP_URL   (GET /health, POST /api/v1/webhooks/canonical, GET /api/v1/reports/canonical/{reportId})
                 every route but /health and the webhook needs a bearer token (development tokens, see below)
  console        $APP_URL/console/   finance's page: paste a token (below, with the roles you need) under "Sign in"
  hledger-web    http://127.0.0.1:$LEDGER_BASE_PORT-$((LEDGER_BASE_PORT + ${#LEDGERS[@]} - 1))   one per ledger: ${LEDGERS[*]} (GET /transactions, /accountnames)
  Azurite        blob 127.0.0.1:10000, queue :10001, table :10002 (UseDevelopmentStorage=true)
  ledgers        $LOCAL/ledgers/{${LEDGERS[*]// /,}}.journal
  master data    GET $APP_URL/api/v1/masterdata/{kind}, GET $APP_URL/api/v1/mappings/{kind}, POST $APP_URL/api/v1/masterdata/sync
  reconciliation POST $APP_URL/api/v1/reconciliations (nightly at 01:30 UTC), GET $APP_URL/api/v1/reconciliations[/{runId}]
  queue intake   CloudEvents on the Azurite queue expense-intake (poison: expense-intake-poison), see docs/messaging.md
  status events  CloudEvents on the Azurite queue expense-status (accepted, posted, rejected, held, failed, paid)
  logs           $LOGS/
  webhook secret $LOCAL/webhook-secret
  signing key    $SIGNING_KEY_FILE   (development tokens; a new one each run, kept with --keep)
Send more:  FinanceFlow__Sources__canonical__WebhookSecret=\$(cat .local/webhook-secret) \\
              dotnet $CLI_DLL send-samples --url $APP_URL --dir samples
A token:    TOKEN=\$(dotnet $CLI_DLL token --role FinanceFlow.Reader --name you@example.com --signing-key-file $SIGNING_KEY_FILE)
            curl -H "Authorization: Bearer \$TOKEN" $APP_URL/api/v1/reports/canonical/R-2026-1101
            (roles: FinanceFlow.Reader, .Operator, .MasterData, .Payments, .Approver, .Admin; repeat --role for several)
Stop:       ./run.sh stop
EOF
fi

if [[ $SAMPLES_RC -ne 0 ]]; then
  STEP="send the samples"
  STEP_LOG="$LOGS/send-samples.log"
  die "not every sample reached its expected outcome (self-host log: $LOGS/selfhost.log)"
fi
if [[ $CHECK_RC -ne 0 ]]; then
  STEP="hledger check"
  STEP_LOG="$LOGS/hledger-check.log"
  die "the ledger does not pass 'hledger check'"
fi
if [[ $RECONCILE_RC -ne 0 ]]; then
  STEP="reconcile"
  STEP_LOG="$LOGS/reconcile.log"
  die "FinanceFlow's postings and the ledgers differ (or the reconciliation could not run)"
fi
echo
echo "run.sh: all samples reached their expected outcome, the ledgers check out and reconcile with FinanceFlow's postings."
