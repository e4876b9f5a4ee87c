# shellcheck shell=bash
# deploy/lib/graphviz.sh: Graphviz, which draws the network's picture (/reseau) on the server.
# Sourced by deploy/run, deploy/test and .ci/run after deploy/lib/postgres.sh; bash only.
#
#   ect_ensure_graphviz   installs Debian's graphviz when no layout engine is found and we run as root with apt-get;
#                         otherwise says what to install. Never fails: without it the page shows a table and says why.
#
# Looked up as the app does: ECT_GRAPHVIZ (the folder of sfdp, neato and dot), else /usr/bin, else PATH.

_ect_graphviz_found() {
  if [ -n "${ECT_GRAPHVIZ:-}" ]; then [ -x "$ECT_GRAPHVIZ/sfdp" ]; return; fi
  [ -x /usr/bin/sfdp ] || command -v sfdp >/dev/null 2>&1
}

ect_ensure_graphviz() {
  _ect_graphviz_found && return 0
  if [ -n "${ECT_GRAPHVIZ:-}" ]; then
    _ect_log "ECT_GRAPHVIZ=$ECT_GRAPHVIZ has no sfdp: the network's picture will be a table until it does"
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    _ect_log "installing Graphviz from Debian's packages (the network's picture)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz; } >&2 \
      || _ect_log "apt-get install graphviz failed: the network's picture will be a table"
  else
    _ect_log "Graphviz not found: the network's picture needs it (apt-get install graphviz, or set ECT_GRAPHVIZ to its folder)"
  fi
  return 0
}
