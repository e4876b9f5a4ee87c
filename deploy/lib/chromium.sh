# shellcheck shell=bash
# deploy/lib/chromium.sh: headless Chromium for the PDF durability reports.
# Sourced by deploy/run, deploy/test and .ci/run after deploy/lib/postgres.sh; bash only.
#
#   ect_ensure_chromium   installs Debian's chromium (and the DejaVu fonts the reports use) when no Chromium
#                         is found and we run as root with apt-get; otherwise says what to install.
#                         Never fails: only the PDF format needs it (the app answers 503 without it).
#
# Looked up as the app does: ECT_CHROMIUM, else /usr/bin/chromium, else `chromium` on PATH.

_ect_chromium_path() {
  if [ -n "${ECT_CHROMIUM:-}" ]; then
    [ -x "$ECT_CHROMIUM" ] && printf '%s\n' "$ECT_CHROMIUM"
    return
  fi
  if [ -x /usr/bin/chromium ]; then printf '%s\n' /usr/bin/chromium; return 0; fi
  command -v chromium
}

ect_ensure_chromium() {
  _ect_chromium_path >/dev/null 2>&1 && return 0
  if [ -n "${ECT_CHROMIUM:-}" ]; then
    _ect_log "ECT_CHROMIUM=$ECT_CHROMIUM is not an executable: PDF reports will fail until it is"
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    _ect_log "installing Chromium from Debian's packages (PDF reports)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; } >&2 \
      || _ect_log "apt-get install chromium failed: PDF reports will answer 503"
  else
    _ect_log "Chromium not found: PDF reports need it (apt-get install chromium, or set ECT_CHROMIUM to its path)"
  fi
  return 0
}
