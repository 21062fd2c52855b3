#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the service's PostgreSQL database.
#
#   DATABASE_URL=postgresql://user:password@host:5432/name scripts/restore.sh FILE --yes
#
# Everything in the database that the backup also holds is replaced by the backup's copy,
# in one transaction: if anything fails, the database is left as it was. Stop the web
# servers, the worker and the scheduler first, and start them again afterwards (they run
# `flask db upgrade` on start, which brings a restored older backup up to date).
set -euo pipefail

file="${1:-}"
if [ -z "$file" ] || [ ! -f "$file" ]; then
  echo "Usage: DATABASE_URL=... scripts/restore.sh FILE --yes   (FILE: a backup from scripts/backup.sh)" >&2
  exit 2
fi
if [ "${2:-}" != "--yes" ]; then
  echo "restore.sh replaces the data in the database DATABASE_URL names with the backup's." >&2
  echo "Stop the web servers, the worker and the scheduler, then run it again with --yes at the end." >&2
  exit 2
fi
url="${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to restore into.}"
url="${url/#postgresql+psycopg:/postgresql:}"
url="${url/#postgres:/postgresql:}"
command -v pg_restore >/dev/null || { echo "restore.sh: pg_restore is missing: apt-get install postgresql-client" >&2; exit 2; }

pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
  --dbname="$url" "$file"
echo "Restored $file"
