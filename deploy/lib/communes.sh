#!/usr/bin/env bash
# deploy/lib/communes.sh: the official geographic code (INSEE's communes, the EPCI and départements) that the app ships,
# from the npm package @etalab/decoupage-administratif at the version pinned below, installed into
# .tools/decoupage-administratif/ (git-ignored). The build (src/EctLifecycle/EctLifecycle.csproj) runs it when the data
# is missing and copies the JSON files into its output; the app reads them at start and never fetches anything.
# Run by hand to install again: bash deploy/lib/communes.sh [--force]. Needs npm (apt-get install nodejs npm).
set -euo pipefail
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
# The 2026 vintage of the code (the package's README: « Année 2026 : 6.0.0 »). Change both here and in the csproj.
version=6.0.0
dir=$root/.tools/decoupage-administratif
data=$dir/node_modules/@etalab/decoupage-administratif
if [ "${1:-}" != --force ] && [ -f "$data/data/communes.json" ] \
   && grep -q "\"version\": \"$version\"" "$data/package.json" 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "[ect] npm introuvable : le code officiel géographique (@etalab/decoupage-administratif@$version) n'est pas installé (apt-get install nodejs npm)" >&2
  exit 2
fi
mkdir -p "$dir"
export npm_config_cache="$root/.npm-cache" npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
echo "[ect] installation de @etalab/decoupage-administratif@$version (code officiel géographique) dans .tools/" >&2
npm install --prefix "$dir" --no-save --ignore-scripts --loglevel=error "@etalab/decoupage-administratif@$version" >&2
[ -f "$data/data/communes.json" ] || { echo "[ect] @etalab/decoupage-administratif installé sans data/communes.json" >&2; exit 1; }
