#!/usr/bin/env bash
# Adds a migration to both providers: ./migrations.sh AddSomething
# (or checks that none is pending: ./migrations.sh --check)
set -euo pipefail
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project="src/Tandem.Migrations.$provider"
  if [ "${1:-}" = "--check" ]; then
    dotnet ef migrations has-pending-model-changes --project "$project" --startup-project "$project"
  else
    dotnet ef migrations add "$1" --project "$project" --startup-project "$project" --output-dir Migrations
  fi
done
