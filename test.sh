#!/usr/bin/env bash
# Runs every test of Tandem: unit, integration on SQLite and PostgreSQL, browser.
# Installs what is missing (Debian's postgresql, chromium, nodejs/npm, python3-aiosmtpd;
# axe-core from npm), starts a throwaway PostgreSQL and a local SMTP server on 127.0.0.1,
# stops them on the way out, whatever happens.
# Last line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
LOGDIR="$ROOT/TestResults"
mkdir -p "$LOGDIR"

passed=0; failed=0; skipped=0
note() { printf '== %s\n' "$*"; }
# A random port from 20000 to 39999 that is none of those given; and a wait (5 s at most) for a server on one.
pick_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); case " $* " in *" $p "*) ;; *) echo "$p"; return ;; esac; done; }
wait_port() { for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.1; done; }

# --- 1. What the tests need -------------------------------------------------
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
command -v npm >/dev/null || need+=(nodejs npm)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need+=(python3-aiosmtpd)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    note "installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >"$LOGDIR/apt.log" 2>&1 \
      || { cat "$LOGDIR/apt.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
  else
    echo "Missing: ${need[*]}. Install them (sudo apt-get install ${need[*]}) or run as root."
    echo "0 passed, 1 failed, 0 skipped"; exit 1
  fi
fi
if [ ! -f tests/Tandem.Browser.Tests/node_modules/axe-core/axe.min.js ]; then
  note "installing axe-core from the lock file"
  (cd tests/Tandem.Browser.Tests && npm ci --no-audit --no-fund --loglevel=error) || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
fi

# --- 2. A throwaway PostgreSQL ----------------------------------------------
PGBIN=$(compgen -G "/usr/lib/postgresql/*/bin" | sort -V | tail -n 1)
PGTMP=$(mktemp -d /tmp/tandem-pg.XXXXXX)
PGPASS=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
SMTPPID=""; FEEDPID=""
cleanup() {
  [ -n "$SMTPPID" ] && kill "$SMTPPID" 2>/dev/null
  [ -n "$FEEDPID" ] && kill "$FEEDPID" 2>/dev/null
  if [ -f "$PGTMP/data/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1; fi
  rm -rf "$PGTMP"
}
trap cleanup EXIT INT TERM
[ "$(id -u)" = 0 ] && chown postgres "$PGTMP"
echo "$PGPASS" > "$PGTMP/pw"; [ "$(id -u)" = 0 ] && chown postgres "$PGTMP/pw"
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --pwfile="$PGTMP/pw" -E UTF8 --locale=C.UTF-8 >"$LOGDIR/initdb.log" 2>&1 || { cat "$LOGDIR/initdb.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
as_pg mkdir "$PGTMP/sock"
started=""
for attempt in 1 2 3 4 5; do
  PGPORT=$((20000 + RANDOM % 20000))
  if as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/pg.log" -w -t 30 \
       -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP/sock -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null 2>&1; then
    started=1; break
  fi
done
[ -n "$started" ] || { cat "$PGTMP/pg.log"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }
export TANDEM_SCREENSHOTS="$LOGDIR/screenshots"
export TANDEM_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=$PGPASS;Database=postgres;Timeout=30"
note "PostgreSQL on 127.0.0.1:$PGPORT"

# --- 2b. A real SMTP server that writes what it receives to a Maildir ----------
SMTPPORT=$(pick_port "$PGPORT")
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTPPORT" -c aiosmtpd.handlers.Mailbox "$PGTMP/maildir" >"$LOGDIR/smtp.log" 2>&1 &
SMTPPID=$!
wait_port "$SMTPPORT"
export TANDEM_TEST_SMTP="127.0.0.1:$SMTPPORT" TANDEM_TEST_MAILDIR="$PGTMP/maildir"
note "SMTP on 127.0.0.1:$SMTPPORT"

# --- 3. Build once, with warnings as errors -----------------------------------
note "building"
if ! dotnet build Tandem.slnx -c Release -nologo -v:q >"$LOGDIR/build.log" 2>&1; then
  grep -E "error|Error" "$LOGDIR/build.log" | head -50
  echo "0 passed, 1 failed, 0 skipped"; exit 1
fi

note "checking formatting"
if dotnet format Tandem.slnx --verify-no-changes --no-restore >"$LOGDIR/format.log" 2>&1; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "dotnet format found changes to make:"; head -30 "$LOGDIR/format.log"
fi

note "auditing the packages for known vulnerabilities"
# The build already fails on a vulnerable direct or transitive package (NuGetAudit, mode all,
# warnings as errors); this asks the sources again, whatever restore cached.
if dotnet list Tandem.slnx package --vulnerable --include-transitive >"$LOGDIR/vulnerable.log" 2>&1 \
   && ! grep -q "has the following vulnerable packages" "$LOGDIR/vulnerable.log"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "vulnerable packages, or the audit could not run:"; head -40 "$LOGDIR/vulnerable.log"
fi

# Two canaries prove the audit can fail the build at all.
# 1. Against advisories served here: a throwaway vulnerability feed (NuGet's VulnerabilityInfo
#    resource, on loopback) publishes one advisory against the NodaTime this repository pins, and
#    one against the Npgsql it only gets through EF Core's provider. Under this repository's
#    settings (NuGetAudit, mode all, warnings as errors) restoring both must fail, naming both.
CANARY="$LOGDIR/audit-canary"
rm -rf "$CANARY"; mkdir -p "$CANARY/feed/vulnerabilities"
FEEDPORT=$(pick_port "$PGPORT" "$SMTPPORT")
FEED="http://127.0.0.1:$FEEDPORT"
read -r NODATIME NPGSQL < <(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["dependencies"]["net10.0"]; print(d["NodaTime"]["resolved"], d["Npgsql"]["resolved"])' src/Tandem.Web/packages.lock.json)
cat >"$CANARY/feed/index.json" <<JSON
{ "version": "3.0.0", "resources": [ { "@id": "$FEED/vulnerabilities/index.json", "@type": "VulnerabilityInfo/6.7.0" } ] }
JSON
cat >"$CANARY/feed/vulnerabilities/index.json" <<JSON
[ { "@name": "base", "@id": "$FEED/vulnerabilities/base.json", "@updated": "$(date -u +%Y-%m-%dT%H:%M:%SZ)" } ]
JSON
cat >"$CANARY/feed/vulnerabilities/base.json" <<JSON
{ "nodatime": [ { "url": "https://example.invalid/tandem-canary/nodatime", "severity": 1, "versions": "[$NODATIME]" } ],
  "npgsql": [ { "url": "https://example.invalid/tandem-canary/npgsql", "severity": 1, "versions": "[$NPGSQL]" } ] }
JSON
cat >"$CANARY/nuget.config" <<XML
<configuration>
  <auditSources>
    <clear />
    <add key="tandem-canary" value="$FEED/index.json" allowInsecureConnections="true" />
  </auditSources>
</configuration>
XML
cat >"$CANARY/AuditCanary.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="NodaTime" />
    <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" />
  </ItemGroup>
</Project>
XML
/usr/bin/python3 -m http.server "$FEEDPORT" --bind 127.0.0.1 --directory "$CANARY/feed" >"$LOGDIR/audit-feed.log" 2>&1 &
FEEDPID=$!
wait_port "$FEEDPORT"
dotnet restore "$CANARY/AuditCanary.csproj" -p:RestorePackagesWithLockFile=false -p:RestoreLockedMode=false >"$LOGDIR/audit-canary.log" 2>&1
code=$?
kill "$FEEDPID" 2>/dev/null; wait "$FEEDPID" 2>/dev/null
if [ "$code" != 0 ] && grep -qE "error NU1902: .*'NodaTime' $NODATIME" "$LOGDIR/audit-canary.log" \
   && grep -qE "error NU1902: .*'Npgsql' $NPGSQL" "$LOGDIR/audit-canary.log"; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); echo "advisories against NodaTime $NODATIME and Npgsql $NPGSQL did not fail the restore:"; grep -E "NU19|error" "$LOGDIR/audit-canary.log" | head -20
fi

# 2. Against the package source itself: Newtonsoft.Json 12.0.1 carries a published advisory
#    (GHSA-5crp-9r3c-p9vr), so its restore must fail with NU1903. A package source that serves no
#    vulnerability data lets it through: that is reported and counted as skipped, never as passed.
rm -rf "$CANARY"; mkdir -p "$CANARY"
cat >"$CANARY/AuditCanary.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" VersionOverride="12.0.1" />
  </ItemGroup>
</Project>
XML
dotnet restore "$CANARY/AuditCanary.csproj" -p:RestorePackagesWithLockFile=false -p:RestoreLockedMode=false >"$LOGDIR/audit-canary-source.log" 2>&1
if grep -q "NU1903" "$LOGDIR/audit-canary-source.log"; then
  passed=$((passed + 1))
else
  skipped=$((skipped + 1))
  echo "   the package source serves no vulnerability data: a package with a known advisory was not flagged there (the served advisories above still failed the restore)"
fi
rm -rf "$CANARY"

# --- 4. Every test project -----------------------------------------------------
for project in tests/Tandem.Core.Tests tests/Tandem.Web.Tests tests/Tandem.Browser.Tests; do
  name=$(basename "$project")
  note "$name"
  log="$LOGDIR/$name.log"
  dotnet test --project "$project" -c Release --no-build --results-directory "$LOGDIR/$name" >"$log" 2>&1
  code=$?
  total=$(grep -E '^\s*total:' "$log" | tail -n 1 | grep -oE '[0-9]+')
  f=$(grep -E '^\s*failed:' "$log" | tail -n 1 | grep -oE '[0-9]+')
  s=$(grep -E '^\s*succeeded:' "$log" | tail -n 1 | grep -oE '[0-9]+')
  k=$(grep -E '^\s*skipped:' "$log" | tail -n 1 | grep -oE '[0-9]+')
  if [ -z "$total" ]; then
    tail -n 40 "$log"; failed=$((failed + 1)); continue
  fi
  passed=$((passed + ${s:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${k:-0}))
  if [ "$code" != 0 ] && [ "${f:-0}" = 0 ]; then failed=$((failed + 1)); fi
  if [ "${f:-0}" != 0 ] || [ "$code" != 0 ]; then
    # The failing tests by name first, each with the first lines of its reason: what they logged
    # (printed after) can be long enough to hide them.
    grep -E -A6 "^\s*failed [A-Z]" "$log" | grep -vE "^\s+at |^--$" | head -60
    grep -E "error|Assert|Exception" "$log" | head -20
  fi
  echo "   ${s:-0} passed, ${f:-0} failed, ${k:-0} skipped"
done

# --- 5. One minute of mixed load ------------------------------------------------
# The short version of the ten-minute soak (docs/performance.md): a tenth-scale dataset on
# the throwaway PostgreSQL, the Release build as its own process, each scenario for a few seconds
# then one minute of mixed reads and request creation. It fails on any error answer, a double
# booking, or (over three minutes or more) resident memory growing by more than a fifth.
note "one minute of mixed load (tenth scale, PostgreSQL)"
LOADTMP="$PGTMP/load"; mkdir -p "$LOADTMP"
LOADDB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=$PGPASS;Database=tandem_load"
BENCH="$ROOT/bench/Tandem.Bench/bin/Release/net10.0/Tandem.Bench.dll"
LOADPORT=$(pick_port "$PGPORT" "$SMTPPORT")
if as_pg psql -h "$PGTMP/sock" -p "$PGPORT" -U postgres -q -c "CREATE DATABASE tandem_load" >"$LOGDIR/load.log" 2>&1 \
   && dotnet "$BENCH" generate --provider postgres --connection "$LOADDB" --scale tenth \
        --manifest "$LOADTMP/manifest.json" --master-key-file "$LOADTMP/master.key" >>"$LOGDIR/load.log" 2>&1 \
   && dotnet "$BENCH" load --app "$ROOT/src/Tandem.Web/bin/Release/net10.0/Tandem.Web.dll" --connection "$LOADDB;Maximum Pool Size=60" \
        --master-key-file "$LOADTMP/master.key" --manifest "$LOADTMP/manifest.json" --out "$LOGDIR/load.json" \
        --seconds 3 --soak-minutes 1 --port "$LOADPORT" >>"$LOGDIR/load.log" 2>&1; then
  passed=$((passed + 1)); grep -E "minute [0-9]+:|Peak resident" "$LOGDIR/load.log" | sed 's/^/   /'
else
  failed=$((failed + 1)); echo "the load run failed:"; tail -30 "$LOGDIR/load.log"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
