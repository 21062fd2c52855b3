#!/usr/bin/env bash
# Back up the service's PostgreSQL database to one file (pg_dump's custom format).
#
#   DATABASE_URL=postgresql://user:password@host:5432/name scripts/backup.sh [FILE]
#
# FILE defaults to backups/audit-feedback-<UTC time>.dump. The file is written under a
# temporary name and renamed only once pg_dump has finished and pg_restore can read it back,
# so a backup that failed half way never looks like a good one. It holds case and feedback
# data: keep it as securely as the database itself (docs/deploy.md, "Backups").
set -euo pipefail

url="${DATABASE_URL:?Set DATABASE_URL to the PostgreSQL database to back up (postgresql://user:password@host:5432/name).}"
# The app's own spellings of the URL, as libpq understands them.
url="${url/#postgresql+psycopg:/postgresql:}"
url="${url/#postgres:/postgresql:}"
case "$url" in
  postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a postgresql:// address; SQLite is not backed up by this script." >&2; exit 2 ;;
esac
command -v pg_dump >/dev/null || { echo "backup.sh: pg_dump is missing: apt-get install postgresql-client" >&2; exit 2; }

file="${1:-backups/audit-feedback-$(date -u +%Y%m%dT%H%M%SZ).dump}"
mkdir -p "$(dirname "$file")"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT
umask 077  # readable by this account only
pg_dump --format=custom --no-owner --no-privileges --dbname="$url" --file="$partial"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
echo "$file"
