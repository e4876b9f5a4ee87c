# shellcheck shell=bash
# deploy/lib/node.sh: Node.js and npm, for the lint of the API's description (deploy/lint-openapi) and for the build,
# which installs the official geographic code with npm (deploy/lib/communes.sh).
# Sourced by deploy/run, deploy/test and .ci/run after deploy/lib/postgres.sh; bash only.
#
#   ect_ensure_node   installs Debian's nodejs and npm when npx is missing and we run as root with apt-get;
#                     otherwise says what to install. Never fails by itself: the lint's test fails without them.

ect_ensure_node() {
  command -v npx >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    _ect_log "installing Node.js and npm from Debian's packages (the lint of the OpenAPI description)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } >&2 \
      || _ect_log "apt-get install nodejs npm failed: the OpenAPI lint test will fail"
  else
    _ect_log "npx not found: the OpenAPI lint needs Node.js and npm (apt-get install nodejs npm)"
  fi
  return 0
}
