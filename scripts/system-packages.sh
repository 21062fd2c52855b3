#!/usr/bin/env bash
# The Debian packages this project needs, in one list for `make run`, `make test` and CI.
#
#   scripts/system-packages.sh run    what `make run` needs: Python's venv, Node.js and npm,
#                                     Pango and fonts (WeasyPrint's PDFs)
#   scripts/system-packages.sh test   the same, plus chromium (browser tests) and the
#                                     PostgreSQL client (the backup and restore test)
#
# Run as root, it installs whatever is missing with apt-get. Run as anyone else, it installs
# nothing: it names what is missing, with the command to install it, and fails.
#
# Node.js: Debian 12 carries Node.js 18 and npm 9, which build the styles (sass, GOV.UK
# Frontend and axe-core all accept Node 14 or later). A newer Node.js already installed
# (NodeSource's, nvm's) is used as it is: Debian's npm is not installed next to it.
set -euo pipefail
group="${1:-run}"

need=()
have_package() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
want() { have_package "$1" || need+=("$1"); }

python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || need+=(python3)
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v make >/dev/null || need+=(make)
if ! command -v node >/dev/null; then
  need+=(nodejs)
  command -v npm >/dev/null || need+=(npm)
elif ! command -v npm >/dev/null; then
  need+=(npm)
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
  echo "Node.js $(node --version) is too old: 18 or later is needed (Debian 12's nodejs package is 18)." >&2
  exit 1
fi
want libpango-1.0-0
want libpangoft2-1.0-0
want fonts-liberation
case "$group" in
  run) ;;
  test|ci)
    command -v chromium >/dev/null || want chromium
    command -v pg_dump >/dev/null || want postgresql-client
    ;;
  *) echo "Usage: $0 run|test" >&2; exit 2 ;;
esac

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  echo "Installing the system packages this needs: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
else
  echo "These system packages are missing: ${need[*]}" >&2
  echo "Install them first (as root):  sudo apt-get install ${need[*]}" >&2
  echo "or run this command as root, which installs them itself." >&2
  exit 1
fi
