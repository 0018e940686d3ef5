#!/usr/bin/env bash
# Adds a migration to both providers and generates each one's compiled model again:
#   ./migrations.sh AddSomething
# Checks that no migration is pending: ./migrations.sh --check
# (Foundation/DatabaseTests checks in every test run that each compiled model is the model the code builds.)
# Generates the compiled models only, after a change that needs no migration: ./migrations.sh --compiled-models
# Each time, SQLite's migrations are also written as one script (src/Tandem.Migrations.Sqlite/Schema.sql), from which a
# new SQLite database is created at start (Foundation/DatabaseTests checks that it creates what the migrations do).
set -euo pipefail
cd "$(dirname "$0")"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  project="src/Tandem.Migrations.$provider"
  case "${1:-}" in
    --check)
      dotnet ef migrations has-pending-model-changes --project "$project" --startup-project "$project"
      continue ;;
    --compiled-models) ;;
    "") echo "usage: ./migrations.sh NAME | --check | --compiled-models" >&2; exit 2 ;;
    *) dotnet ef migrations add "$1" --project "$project" --startup-project "$project" --output-dir Migrations ;;
  esac
  # Removed first: a compiled model the code no longer matches might not even build.
  rm -rf "$project/CompiledModel"
  dotnet ef dbcontext optimize --project "$project" --startup-project "$project" \
    --output-dir CompiledModel --namespace "Tandem.Migrations.$provider.CompiledModel"
  if [ "$provider" = Sqlite ]; then
    dotnet ef migrations script --project "$project" --startup-project "$project" --output "$project/Schema.sql"
  fi
done
