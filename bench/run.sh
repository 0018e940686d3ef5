#!/usr/bin/env bash
# The performance kit of issue 8 in one command. It starts a throwaway PostgreSQL (durable
# settings: fsync stays on), generates the dataset, runs the BenchmarkDotNet benchmarks on it,
# runs the load scenario against the Release build on Kestrel, measures start-up on SQLite, and
# writes the latest run into docs/performance.md (between its markers). Stops what it started.
#
#   bench/run.sh                       # reference scale, 20 s per scenario (about 15 minutes)
#   bench/run.sh --soak-minutes 10     # and ten minutes of mixed load for memory growth
#   bench/run.sh --scale tenth --seconds 10
#
# Needs what ./test.sh installs (Debian's postgresql). The timing runs are not part of ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SCALE=reference SECONDS_PER=20 SOAK=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --seconds) SECONDS_PER=$2; shift 2 ;;
    --soak-minutes) SOAK=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
COMMAND="bench/run.sh --scale $SCALE --seconds $SECONDS_PER --soak-minutes $SOAK"
note() { printf '== %s\n' "$*"; }

PGBIN=$(compgen -G "/usr/lib/postgresql/*/bin" | sort -V | tail -n 1) || { echo "PostgreSQL is missing: run ./test.sh once, it installs it." >&2; exit 1; }
WORK=$(mktemp -d /tmp/tandem-bench.XXXXXX)
chmod 755 "$WORK"   # the postgres user reaches its own folder inside
PGPASS=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  if [ -f "$WORK/pg/data/postmaster.pid" ]; then as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
mkdir -p "$WORK/pg" && [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
echo "$PGPASS" > "$WORK/pg/pw"; [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg/pw"
as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --pwfile="$WORK/pg/pw" -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log"; exit 1; }
as_pg mkdir "$WORK/pg/sock"
PGPORT=$((20000 + RANDOM % 20000))
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/pg.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK/pg/sock -c max_connections=200 -c shared_buffers=512MB" start >/dev/null
as_pg psql -h "$WORK/pg/sock" -p "$PGPORT" -U postgres -q -c "CREATE DATABASE tandem_bench" >/dev/null
CONNECTION="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=$PGPASS;Database=tandem_bench;Maximum Pool Size=60"
note "PostgreSQL on 127.0.0.1:$PGPORT"

note "Building (Release)"
dotnet build -c Release src/Tandem.Web/Tandem.Web.csproj -v q -nologo >/dev/null
dotnet build -c Release bench/Tandem.Bench/Tandem.Bench.csproj -v q -nologo >/dev/null
BENCH="dotnet bench/Tandem.Bench/bin/Release/net10.0/Tandem.Bench.dll"
APP="src/Tandem.Web/bin/Release/net10.0/Tandem.Web.dll"

note "Start-up on SQLite (the Release build, and published with ReadyToRun as for production)"
# From a copy of the sources: a runtime-specific restore rewrites the lock files, which must stay as committed.
mkdir -p "$WORK/tree"
tar --exclude=bin --exclude=obj -cf - src .editorconfig Directory.Build.props Directory.Packages.props global.json | tar -xf - -C "$WORK/tree"
dotnet publish "$WORK/tree/src/Tandem.Web/Tandem.Web.csproj" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$WORK/published" -v q -nologo >/dev/null
$BENCH startup --app "$APP" --published "$WORK/published/Tandem.Web.dll" --out "$WORK/startup.json"

note "Generating the $SCALE dataset"
$BENCH generate --provider postgres --connection "$CONNECTION" --scale "$SCALE" \
  --manifest "$WORK/manifest.json" --master-key-file "$WORK/master.key"

note "Benchmarks (BenchmarkDotNet, short job)"
rm -rf BenchmarkDotNet.Artifacts/results
TANDEM_BENCH_POSTGRES="$CONNECTION" TANDEM_BENCH_MANIFEST="$WORK/manifest.json" TANDEM_BENCH_MASTER_KEY_FILE="$WORK/master.key" \
  $BENCH --filter '*' --job short >"$WORK/benchmarks.log" 2>&1 || { tail -40 "$WORK/benchmarks.log"; exit 1; }
grep -E '^\|' BenchmarkDotNet.Artifacts/results/*-report-github.md | cut -d: -f2- || true
if grep -qE '\| +NA +\|' BenchmarkDotNet.Artifacts/results/*-report-github.md; then
  tail -60 "$WORK/benchmarks.log"; echo "A benchmark did not run (NA above)." >&2; exit 1
fi

note "Load scenario ($SECONDS_PER s per scenario, soak $SOAK min)"
$BENCH load --app "$APP" --connection "$CONNECTION" --master-key-file "$WORK/master.key" --manifest "$WORK/manifest.json" \
  --out "$WORK/load.json" --seconds "$SECONDS_PER" --soak-minutes "$SOAK" || note "the load scenario reported errors or a double booking (see above)"


$BENCH report --manifest "$WORK/manifest.json" --load "$WORK/load.json" --startup "$WORK/startup.json" \
  --benchmarks BenchmarkDotNet.Artifacts/results --out "$ROOT/docs/performance.md" --command "$COMMAND"
