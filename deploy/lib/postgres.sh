# shellcheck shell=bash
# deploy/lib/postgres.sh: provides a PostgreSQL server for this checkout.
# Sourced by deploy/run, deploy/test, deploy/stop, deploy/backup, deploy/restore and .ci/run; bash only.
#
#   ect_provide_postgres DBNAME   exports ECT_PG_CONNECTION (an Npgsql connection string to
#                                 DBNAME, created if missing) and ECT_PG_MODE (external|docker|local)
#   ect_stop_postgres             stops this checkout's local cluster and/or the compose service
#   ect_remove_local_postgres     stops this checkout's local cluster and deletes its files (CI)
#   ect_find_pg_bindir [MAJOR]    prints the folder holding initdb/pg_ctl/postgres (>= 15)
#   ect_libpq_env CONNSTRING      exports the PG* variables of psql/pg_dump for an Npgsql connection string
#
# Where the server comes from, first match wins:
#   1. ECT_CONNECTION_STRING is set: that server, as is (DBNAME is put in its Database= part).
#   2. A Docker engine answers: the `postgres` service of docker-compose.yml (127.0.0.1:55432).
#   3. A cluster of this checkout, made with the machine's PostgreSQL binaries:
#        normal user: <repo>/.postgres
#        root:        /var/tmp/ectlifecycle-pg/<hash>, run by the `postgres` system user,
#                     with <repo>/.postgres a symlink to it
#      hash = first 12 hex digits of sha1(<repo absolute path>); port = 55433 + hash mod 500, or the next
#      free one when another process listens there, kept in <cluster>/ect.port for the next runs.
#      The superuser is `ect`; its random password is in <cluster>/ect.password (never committed).
#
# Knobs: ECT_PG_PORT (port of the local cluster, taken as is), ECT_PG_FAST=1 (no fsync etc., only when this
# script starts the server), ECT_PG_BINDIR (PostgreSQL binaries to use), ECT_PG_NO_DOCKER=1.

_ECT_REPO_ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
_ECT_PG_MIN_MAJOR=15
_ECT_PG_USER=ect
# The compose service is a local throwaway container: its dev password `ect` is hard-coded here
# and in docker-compose.yml on purpose. It is published on 127.0.0.1 only.
_ECT_DOCKER_PORT=55432
_ECT_DOCKER_PASSWORD=ect

_ect_log() { printf '[ect] %s\n' "$*" >&2; }

_ect_timeout() { # _ect_timeout SECONDS CMD...
  local t=$1; shift
  if command -v timeout >/dev/null 2>&1; then timeout "$t" "$@"
  elif command -v gtimeout >/dev/null 2>&1; then gtimeout "$t" "$@"
  else "$@"; fi
}

_ect_hash() {
  local h
  if command -v sha1sum >/dev/null 2>&1; then h=$(printf '%s' "$_ECT_REPO_ROOT" | sha1sum)
  else h=$(printf '%s' "$_ECT_REPO_ROOT" | shasum -a 1); fi || return 1
  printf '%s\n' "${h:0:12}"
}

_ect_trim() { # prints $1 without leading/trailing whitespace
  local v=$1
  v="${v#"${v%%[![:space:]]*}"}"
  v="${v%"${v##*[![:space:]]}"}"
  printf '%s' "$v"
}

_ect_valid_dbname() { [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_-]{0,62}$ ]]; }

# ---------------------------------------------------------------------------------------------
# PostgreSQL binaries

_ect_bindir_major() { # prints the major version of the pg_ctl in folder $1
  "$1/pg_ctl" --version 2>/dev/null | sed -n 's/^[^0-9]*\([0-9][0-9]*\).*/\1/p' | head -n 1
}

_ect_is_bindir() { [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/postgres" ]; }

# ect_find_pg_bindir [MAJOR]: with MAJOR, a folder of exactly that major version (to run an
# existing cluster); without, PATH first, else the highest version found, and at least 15.
ect_find_pg_bindir() {
  local want=${1:-} d m best="" bestm=0 onpath=""
  if [ -n "${ECT_PG_BINDIR:-}" ]; then
    if _ect_is_bindir "$ECT_PG_BINDIR"; then printf '%s\n' "$ECT_PG_BINDIR"; return 0; fi
    _ect_log "ECT_PG_BINDIR=$ECT_PG_BINDIR does not hold initdb, pg_ctl and postgres"
    return 1
  fi
  if command -v pg_ctl >/dev/null 2>&1; then
    onpath=$(dirname "$(command -v pg_ctl)")
    _ect_is_bindir "$onpath" || onpath=""
  fi
  for d in $onpath /usr/lib/postgresql/*/bin /usr/pgsql-*/bin \
           /opt/homebrew/opt/postgresql@*/bin /usr/local/opt/postgresql@*/bin; do
    _ect_is_bindir "$d" || continue
    m=$(_ect_bindir_major "$d")
    [ -n "$m" ] || continue
    if [ -n "$want" ]; then
      if [ "$m" = "$want" ]; then printf '%s\n' "$d"; return 0; fi
      continue
    fi
    [ "$m" -ge "$_ECT_PG_MIN_MAJOR" ] || continue
    if [ "$d" = "$onpath" ]; then printf '%s\n' "$d"; return 0; fi
    if [ "$m" -gt "$bestm" ]; then best=$d; bestm=$m; fi
  done
  [ -n "$best" ] || return 1
  printf '%s\n' "$best"
}

_ect_install_hint() {
  _ect_log "no PostgreSQL >= $_ECT_PG_MIN_MAJOR server binaries (initdb, pg_ctl, postgres) found on PATH"
  _ect_log "or under /usr/lib/postgresql/*/bin. Install them, then run again:"
  _ect_log "  Debian/Ubuntu: sudo apt-get install postgresql"
  _ect_log "  Fedora/RHEL:   sudo dnf install postgresql-server"
  _ect_log "  macOS:         brew install postgresql@16"
  _ect_log "or point ECT_CONNECTION_STRING at a server you have, or start a Docker engine."
}

_ect_psql_path() { # a psql client, from $1 (bindir) or PATH or /usr/lib/postgresql
  local d
  if [ -n "${1:-}" ] && [ -x "$1/psql" ]; then printf '%s\n' "$1/psql"; return 0; fi
  if command -v psql >/dev/null 2>&1; then command -v psql; return 0; fi
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin/psql | sort -t/ -k5,5 -rn | head -n 1)
  [ -x "$d" ] && printf '%s\n' "$d"
}

# Runs psql (args "$@" after the env prefix) with a script on stdin that creates database :'db'
# if missing. Prints "created" when it created it, "exists" otherwise.
_ect_create_db_sql() {
  cat <<'SQL'
SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') THEN 'exists' ELSE 'created' END AS state \gset
SELECT format('CREATE DATABASE %I', :'db') WHERE :'state' = 'created' \gexec
\echo :state
SQL
}

# ---------------------------------------------------------------------------------------------
# 1. A server given by ECT_CONNECTION_STRING

# _ect_cs_read CS: the parts of an Npgsql connection string that libpq needs, into _ECT_CS_HOST _ECT_CS_PORT
# _ECT_CS_USER _ECT_CS_PASS _ECT_CS_DB _ECT_CS_SSLMODE (empty when not given). Keys are matched as Npgsql does:
# case and spaces ignored, with their aliases. Values holding a `;` (quoted in Npgsql) are not supported.
_ect_cs_read() {
  local part nkey val
  local -a parts
  _ECT_CS_HOST="" _ECT_CS_PORT="" _ECT_CS_USER="" _ECT_CS_PASS="" _ECT_CS_DB="" _ECT_CS_SSLMODE=""
  IFS=';' read -r -a parts <<< "$1"
  for part in "${parts[@]}"; do
    [[ $part == *=* ]] || continue
    nkey=$(printf '%s' "${part%%=*}" | tr -d ' \t' | tr '[:upper:]' '[:lower:]')
    val=$(_ect_trim "${part#*=}")
    case $nkey in
      database|db) _ECT_CS_DB=$val ;;
      host|server) _ECT_CS_HOST=$val ;;
      port) _ECT_CS_PORT=$val ;;
      username|userid|user|uid) _ECT_CS_USER=$val ;;
      password|psw|pwd) _ECT_CS_PASS=$val ;;
      sslmode)
        _ECT_CS_SSLMODE=$(printf '%s' "$val" | tr '[:upper:]' '[:lower:]')
        case $_ECT_CS_SSLMODE in verifyca) _ECT_CS_SSLMODE=verify-ca ;; verifyfull) _ECT_CS_SSLMODE=verify-full ;; esac ;;
    esac
  done
}

# ect_libpq_env CS: exports PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSSLMODE for the psql, pg_dump and
# pg_restore of the server and database an Npgsql connection string names; a part it does not give is unset, so
# that a PG* variable of the caller's environment cannot point them elsewhere.
ect_libpq_env() {
  _ect_cs_read "$1"
  local pair from
  for pair in PGHOST:_ECT_CS_HOST PGPORT:_ECT_CS_PORT PGUSER:_ECT_CS_USER PGPASSWORD:_ECT_CS_PASS \
              PGDATABASE:_ECT_CS_DB PGSSLMODE:_ECT_CS_SSLMODE; do
    from=${pair#*:}
    if [ -n "${!from}" ]; then export "${pair%%:*}=${!from}"; else unset "${pair%%:*}"; fi
  done
  export PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
}

# ect_cs_with_database CS DB: the Npgsql connection string CS naming database DB instead of its own.
ect_cs_with_database() {
  local part key out=""
  local -a parts
  IFS=';' read -r -a parts <<< "$1"
  for part in "${parts[@]}"; do
    [ -n "$(_ect_trim "$part")" ] || continue
    key=$(printf '%s' "${part%%=*}" | tr -d ' \t' | tr '[:upper:]' '[:lower:]')
    if [[ $part == *=* ]] && { [ "$key" = database ] || [ "$key" = db ]; }; then continue; fi
    out="${out:+$out;}$part"
  done
  printf '%s\n' "${out:+$out;}Database=$2"
}

_ect_provide_external() {
  local db=$1 cs=$ECT_CONNECTION_STRING origdb out psql state
  _ect_cs_read "$cs"
  origdb=$_ECT_CS_DB
  out=$(ect_cs_with_database "$cs" "$db")

  if [ "$origdb" = "$db" ]; then
    ECT_PG_CONNECTION=$cs
    _ect_log "using the server of ECT_CONNECTION_STRING (database $db)"
  else
    ECT_PG_CONNECTION=$out
    _ect_log "using the server of ECT_CONNECTION_STRING, database $db instead of ${origdb:-<default>}"
  fi

  if psql=$(_ect_psql_path); then
    if state=$(_ect_create_db_sql | PGHOST=$_ECT_CS_HOST PGPORT=$_ECT_CS_PORT PGUSER=$_ECT_CS_USER \
          PGPASSWORD=$_ECT_CS_PASS PGDATABASE=${origdb:-postgres} PGSSLMODE=${_ECT_CS_SSLMODE:-prefer} \
          PGCONNECT_TIMEOUT=10 "$psql" -X -q -t -A -v ON_ERROR_STOP=1 -v db="$db" 2>&1); then
      [ "$state" = created ] && _ect_log "created database $db"
    else
      _ect_log "could not check/create database $db with psql ($(printf '%s' "$state" | tail -n 1)); trusting it exists"
    fi
  else
    _ect_log "no psql client here: trusting that database $db exists on that server"
  fi
  ECT_PG_MODE=external
  export ECT_PG_CONNECTION ECT_PG_MODE
}

# ---------------------------------------------------------------------------------------------
# 2. Docker compose service `postgres`

_ect_compose() {
  local f=$_ECT_REPO_ROOT/docker-compose.yml
  if docker compose version >/dev/null 2>&1; then
    docker compose --project-directory "$_ECT_REPO_ROOT" -f "$f" "$@"
  elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose --project-directory "$_ECT_REPO_ROOT" -f "$f" "$@"
  else
    return 127
  fi
}

_ect_docker_available() {
  [ "${ECT_PG_NO_DOCKER:-0}" != 1 ] || return 1
  command -v docker >/dev/null 2>&1 || return 1
  [ -f "$_ECT_REPO_ROOT/docker-compose.yml" ] || return 1
  _ect_timeout 5 docker info >/dev/null 2>&1 || return 1
  if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
    _ect_log "a Docker engine answers, but docker compose is missing: not using Docker"
    return 1
  fi
}

_ect_provide_docker() {
  local db=$1 i state
  _ect_log "Docker engine found: starting the compose service postgres (127.0.0.1:$_ECT_DOCKER_PORT)"
  _ect_compose up -d postgres >&2 || { _ect_log "docker compose up -d postgres failed"; return 1; }
  # -h 127.0.0.1: the image's first-start init server listens on the socket only, so TCP
  # readiness means the real server is up.
  for i in $(seq 1 90); do
    if _ect_compose exec -T postgres pg_isready -q -h 127.0.0.1 -U "$_ECT_PG_USER" -d ect >/dev/null 2>&1; then
      break
    fi
    if [ "$i" = 90 ]; then _ect_log "compose postgres not ready after 90 s"; return 1; fi
    sleep 1
  done
  state=$(_ect_create_db_sql | _ect_compose exec -T postgres \
          psql -X -q -t -A -v ON_ERROR_STOP=1 -v db="$db" -U "$_ECT_PG_USER" -d ect) \
    || { _ect_log "could not create database $db in the compose postgres"; return 1; }
  [ "$state" = created ] && _ect_log "created database $db"
  ECT_PG_CONNECTION="Host=127.0.0.1;Port=$_ECT_DOCKER_PORT;Database=$db;Username=$_ECT_PG_USER;Password=$_ECT_DOCKER_PASSWORD;Maximum Pool Size=60"
  ECT_PG_MODE=docker
  export ECT_PG_CONNECTION ECT_PG_MODE
}

# ---------------------------------------------------------------------------------------------
# 3. A local cluster of this checkout

# Sets _ECT_PG_HASH _ECT_PG_RUNAS _ECT_PG_BASE _ECT_PG_DATA _ECT_PG_PWFILE _ECT_PG_LOG _ECT_PG_PORTFILE
# _ECT_PG_PORT (ECT_PG_PORT, else the port kept in the cluster, else the derived one; _ect_local_choose_port moves
# it off a taken port) and _ECT_PG_LOCK (serialises concurrent runs of this checkout)
_ect_local_layout() {
  _ECT_PG_HASH=$(_ect_hash) || { _ect_log "cannot hash the repository path"; return 1; }
  if [ "$(id -u)" = 0 ]; then
    # postgres refuses to run as root: the server runs as the `postgres` system user, and the
    # data lives where that user can reach it, whatever the clone's folder permissions.
    _ECT_PG_RUNAS=postgres
    _ECT_PG_BASE=/var/tmp/ectlifecycle-pg
    _ECT_PG_DATA=$_ECT_PG_BASE/$_ECT_PG_HASH
  else
    _ECT_PG_RUNAS=""
    _ECT_PG_BASE=$_ECT_REPO_ROOT
    _ECT_PG_DATA=$_ECT_REPO_ROOT/.postgres
  fi
  _ECT_PG_PWFILE=$_ECT_PG_DATA/ect.password
  _ECT_PG_LOG=$_ECT_PG_DATA/postgres.log
  _ECT_PG_PORTFILE=$_ECT_PG_DATA/ect.port
  _ECT_PG_PORT=$(( 55433 + 16#$_ECT_PG_HASH % 500 ))
  local kept
  kept=$(head -n 1 "$_ECT_PG_PORTFILE" 2>/dev/null) || kept=""
  if [[ $kept =~ ^[0-9]{4,5}$ ]] && [ "$kept" -le 65535 ]; then _ECT_PG_PORT=$kept; fi
  [ -z "${ECT_PG_PORT:-}" ] || _ECT_PG_PORT=$ECT_PG_PORT
  if [ -n "$_ECT_PG_RUNAS" ]; then _ECT_PG_LOCK=$_ECT_PG_BASE/$_ECT_PG_HASH.lock
  else _ECT_PG_LOCK=${TMPDIR:-/tmp}/ectlifecycle-pg-$_ECT_PG_HASH.lock; fi
}

_ect_port_taken() { # true when something listens on TCP port $1 (any address: 0.0.0.0 and [::] take 127.0.0.1's too)
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ] && return 0
  fi
  # Without ss (or for what it cannot see): does anything answer on 127.0.0.1?
  _ect_timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$port" 2>/dev/null
}

# Moves _ECT_PG_PORT to the first free port from it on when another process listens there (another checkout's
# cluster, any server). Only for a cluster of this checkout that is not running; ECT_PG_PORT is taken as is.
_ect_local_choose_port() {
  local port=$_ECT_PG_PORT tries=0
  [ -z "${ECT_PG_PORT:-}" ] || return 0
  while _ect_port_taken "$port"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 200 ]; then _ect_log "no free port from $_ECT_PG_PORT to $port; set ECT_PG_PORT"; return 1; fi
    port=$((port + 1)); [ "$port" -le 65535 ] || port=1025
  done
  [ "$port" = "$_ECT_PG_PORT" ] || _ect_log "port $_ECT_PG_PORT is taken by another process: the local cluster takes $port"
  _ECT_PG_PORT=$port
}

# Keeps the cluster's port in its folder, so that the next runs start it on the same one (ECT_PG_PORT is not kept).
_ect_local_keep_port() {
  [ -z "${ECT_PG_PORT:-}" ] && [ -d "$_ECT_PG_DATA" ] || return 0
  [ "$(head -n 1 "$_ECT_PG_PORTFILE" 2>/dev/null)" != "$_ECT_PG_PORT" ] || return 0
  printf '%s\n' "$_ECT_PG_PORT" > "$_ECT_PG_PORTFILE" || _ect_log "could not write $_ECT_PG_PORTFILE"
}

_ect_as_pg() { # runs a command as the user that owns the cluster
  if [ -n "$_ECT_PG_RUNAS" ]; then
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u "$_ECT_PG_RUNAS" -- "$@")
    else
      local q; q=$(printf '%q ' "$@")
      (cd / && su "$_ECT_PG_RUNAS" -s /bin/sh -c "$q")
    fi
  else
    "$@"
  fi
}

_ect_local_running() { # $1 = bindir
  [ -f "$_ECT_PG_DATA/PG_VERSION" ] && _ect_as_pg "$1/pg_ctl" status -D "$_ECT_PG_DATA" >/dev/null 2>&1
}

_ect_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  if [ -n "$_ECT_PG_RUNAS" ] && [ ! -d "$_ECT_PG_BASE" ]; then
    mkdir -p "$_ECT_PG_BASE" && chmod 755 "$_ECT_PG_BASE" || return 0
  fi
  exec 9>"$_ECT_PG_LOCK" || return 0
  flock -w 180 9 || _ect_log "could not lock the cluster within 180 s; going on"
}
_ect_unlock() { command -v flock >/dev/null 2>&1 && exec 9>&-; return 0; }

_ect_local_prepare_dirs() {
  if [ -n "$_ECT_PG_RUNAS" ]; then
    if ! id -u "$_ECT_PG_RUNAS" >/dev/null 2>&1; then
      _ect_log "running as root, but there is no '$_ECT_PG_RUNAS' system user to run the server"
      _ect_log "(Debian/Ubuntu: apt-get install postgresql creates it), or run as a normal user"
      return 1
    fi
    if [ ! -d "$_ECT_PG_BASE" ]; then
      mkdir -p "$_ECT_PG_BASE" && chmod 755 "$_ECT_PG_BASE" || return 1
    fi
    if [ "$(stat -c %u "$_ECT_PG_BASE" 2>/dev/null)" != 0 ] || [ -L "$_ECT_PG_BASE" ]; then
      _ect_log "$_ECT_PG_BASE exists but is not a folder owned by root; refusing to use it"
      return 1
    fi
    mkdir -p "$_ECT_PG_DATA" || return 1
    chown "$_ECT_PG_RUNAS:" "$_ECT_PG_DATA" && chmod 700 "$_ECT_PG_DATA" || return 1
    # A symlink in the checkout, for discoverability (git-ignored). A real folder there is
    # left alone.
    if [ -L "$_ECT_REPO_ROOT/.postgres" ] || [ ! -e "$_ECT_REPO_ROOT/.postgres" ]; then
      ln -sfn "$_ECT_PG_DATA" "$_ECT_REPO_ROOT/.postgres" 2>/dev/null || true
    fi
  else
    if [ -L "$_ECT_PG_DATA" ] && [ ! -O "$_ECT_PG_DATA/" ]; then
      _ect_log "$_ECT_PG_DATA is a symlink made by a run as root; run as root, or remove it"
      return 1
    fi
    mkdir -p "$_ECT_PG_DATA" && chmod 700 "$_ECT_PG_DATA" || return 1
  fi
}

_ect_local_init() { # $1 = bindir; creates the cluster in an empty $_ECT_PG_DATA
  local bindir=$1 pw tmp out
  if [ -n "$(ls -A "$_ECT_PG_DATA" 2>/dev/null)" ]; then
    _ect_log "$_ECT_PG_DATA is not empty but holds no cluster (no PG_VERSION); remove it and run again"
    return 1
  fi
  pw=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
  [ ${#pw} = 36 ] || { _ect_log "could not make a random password"; return 1; }
  if [ -n "$_ECT_PG_RUNAS" ]; then
    tmp=$_ECT_PG_BASE/.$_ECT_PG_HASH.pwinit.$$
    (umask 077 && printf '%s\n' "$pw" > "$tmp") && chown "$_ECT_PG_RUNAS:" "$tmp" || return 1
  else
    tmp=$(mktemp) || return 1
    printf '%s\n' "$pw" > "$tmp"
  fi
  _ect_log "creating a PostgreSQL $(_ect_bindir_major "$bindir") cluster in $_ECT_PG_DATA${_ECT_PG_RUNAS:+ (run by $_ECT_PG_RUNAS)}"
  if ! out=$(_ect_as_pg "$bindir/initdb" -D "$_ECT_PG_DATA" -U "$_ECT_PG_USER" --pwfile="$tmp" \
               --auth=scram-sha-256 -E UTF8 --no-locale 2>&1); then
    rm -f "$tmp"
    printf '%s\n' "$out" | tail -n 20 >&2
    _ect_log "initdb failed"
    return 1
  fi
  rm -f "$tmp"
  (umask 077 && printf '%s\n' "$pw" > "$_ECT_PG_PWFILE") || return 1
  [ -z "$_ECT_PG_RUNAS" ] || chown "$_ECT_PG_RUNAS:" "$_ECT_PG_PWFILE"
  # Defaults for a manual `pg_ctl start`; deploy scripts pass port and socket folder at each start.
  cat >> "$_ECT_PG_DATA/postgresql.conf" <<EOF

# --- added by deploy/lib/postgres.sh ---
listen_addresses = '127.0.0.1'
port = $_ECT_PG_PORT
unix_socket_directories = '$_ECT_PG_DATA'
max_connections = 200
EOF
}

_ect_local_start() { # $1 = bindir
  local bindir=$1 sockdir=$_ECT_PG_DATA opts
  # A unix socket path is limited to ~107 bytes; a deep checkout gets TCP only.
  if [ $(( ${#sockdir} + 20 )) -gt 100 ]; then sockdir=""; fi
  opts="-p $_ECT_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='$sockdir'"
  if [ "${ECT_PG_FAST:-0}" = 1 ]; then
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  local fast=""
  [ "${ECT_PG_FAST:-0}" = 1 ] && fast=" (fast: fsync off)"
  _ect_log "starting the local cluster on 127.0.0.1:$_ECT_PG_PORT$fast; log: $_ECT_PG_LOG"
  # 9>&-: the server must not inherit the lock's file descriptor (it would hold the lock forever)
  if ! _ect_as_pg "$bindir/pg_ctl" start -D "$_ECT_PG_DATA" -l "$_ECT_PG_LOG" -w -t 60 -o "$opts" \
         </dev/null >/dev/null 2>&1 9>&-; then
    tail -n 15 "$_ECT_PG_LOG" >&2 2>/dev/null
    _ect_log "the local cluster did not start (see above; its port taken meanwhile? set ECT_PG_PORT)"
    return 1
  fi
}

_ect_provide_local_locked() {
  local db=$1 bindir ver port pw isready psql i state
  if [ -f "$_ECT_PG_DATA/PG_VERSION" ]; then
    ver=$(cat "$_ECT_PG_DATA/PG_VERSION")
    bindir=$(ect_find_pg_bindir "$ver") || {
      _ect_log "$_ECT_PG_DATA was made by PostgreSQL $ver, whose binaries are not here;"
      _ect_log "install PostgreSQL $ver, or delete that folder to start afresh"
      return 1
    }
    _ect_local_prepare_dirs || return 1
  else
    bindir=$(ect_find_pg_bindir) || { _ect_install_hint; return 1; }
    _ect_local_prepare_dirs || return 1
    _ect_local_choose_port || return 1
    _ect_local_init "$bindir" || return 1
  fi
  [ -r "$_ECT_PG_PWFILE" ] || {
    _ect_log "no password file $_ECT_PG_PWFILE; delete $_ECT_PG_DATA to start afresh"
    return 1
  }
  pw=$(head -n 1 "$_ECT_PG_PWFILE")

  if _ect_local_running "$bindir"; then
    port=$(sed -n 4p "$_ECT_PG_DATA/postmaster.pid" 2>/dev/null)
    [ -n "$port" ] || port=$_ECT_PG_PORT
    [ "$port" = "$_ECT_PG_PORT" ] || _ect_log "note: the running cluster listens on $port, not $_ECT_PG_PORT"
    _ect_log "reusing the running local cluster on 127.0.0.1:$port ($_ECT_PG_DATA)"
  else
    # Another process may take the free port found between the probe and the start: probe again and retry.
    for i in 1 2 3; do
      _ect_local_choose_port || return 1
      if _ect_local_start "$bindir"; then break; fi
      if [ "$i" = 3 ] || ! _ect_port_taken "$_ECT_PG_PORT"; then return 1; fi
    done
    port=$_ECT_PG_PORT
    _ect_local_keep_port
  fi

  isready=$bindir/pg_isready
  [ -x "$isready" ] || isready=$(command -v pg_isready) || isready=""
  if [ -n "$isready" ]; then
    for i in $(seq 1 30); do
      "$isready" -q -h 127.0.0.1 -p "$port" -U "$_ECT_PG_USER" -d postgres -t 2 && break
      if [ "$i" = 30 ]; then _ect_log "the local cluster is not accepting connections"; return 1; fi
      sleep 1
    done
  fi

  psql=$(_ect_psql_path "$bindir") || { _ect_log "no psql client found"; return 1; }
  state=$(_ect_create_db_sql | PGPASSWORD=$pw PGSSLMODE=prefer PGCONNECT_TIMEOUT=10 \
          "$psql" -X -q -t -A -v ON_ERROR_STOP=1 -v db="$db" \
          -h 127.0.0.1 -p "$port" -U "$_ECT_PG_USER" -d postgres 2>&1) \
    || { printf '%s\n' "$state" >&2; _ect_log "could not create database $db"; return 1; }
  [ "$state" = created ] && _ect_log "created database $db"

  ECT_PG_CONNECTION="Host=127.0.0.1;Port=$port;Database=$db;Username=$_ECT_PG_USER;Password=$pw;Maximum Pool Size=60"
  ECT_PG_MODE=local
  export ECT_PG_CONNECTION ECT_PG_MODE
}

_ect_provide_local() {
  local rc=0
  _ect_local_layout || return 1
  _ect_lock
  _ect_provide_local_locked "$1" || rc=$?
  _ect_unlock
  return $rc
}

# ---------------------------------------------------------------------------------------------
# Public functions

ect_provide_postgres() {
  local db=${1:-}
  if [ -z "$db" ] || ! _ect_valid_dbname "$db"; then
    _ect_log "ect_provide_postgres: need a database name of letters, digits, _ and - (got '$db')"
    return 2
  fi
  if [ -n "${ECT_CONNECTION_STRING:-}" ]; then
    _ect_provide_external "$db"
  elif _ect_docker_available; then
    _ect_provide_docker "$db"
  else
    _ect_provide_local "$db"
  fi
}

ect_stop_postgres() {
  local did=0 bindir ver port
  _ect_local_layout || return 1
  if [ -f "$_ECT_PG_DATA/PG_VERSION" ]; then
    ver=$(cat "$_ECT_PG_DATA/PG_VERSION")
    if bindir=$(ect_find_pg_bindir "$ver"); then
      if _ect_local_running "$bindir"; then
        port=$(sed -n 4p "$_ECT_PG_DATA/postmaster.pid" 2>/dev/null)
        if _ect_as_pg "$bindir/pg_ctl" stop -D "$_ECT_PG_DATA" -m fast -w -t 60 >/dev/null 2>&1; then
          _ect_log "stopped the local cluster (127.0.0.1:${port:-?}, $_ECT_PG_DATA)"
        else
          _ect_log "could not stop the local cluster in $_ECT_PG_DATA"
          return 1
        fi
      else
        _ect_log "the local cluster ($_ECT_PG_DATA) is not running"
      fi
      did=1
    else
      _ect_log "no PostgreSQL $ver binaries to stop the cluster in $_ECT_PG_DATA"
    fi
  fi
  if _ect_docker_available && [ -n "$(_ect_compose ps -q postgres 2>/dev/null)" ]; then
    if _ect_compose stop postgres >/dev/null 2>&1; then
      _ect_log "stopped the compose service postgres"
    else
      _ect_log "docker compose stop postgres failed"
      return 1
    fi
    did=1
  fi
  if [ $did = 0 ]; then
    if [ -n "${ECT_CONNECTION_STRING:-}" ]; then
      _ect_log "nothing to stop (the server of ECT_CONNECTION_STRING is not managed here)"
    else
      _ect_log "nothing to stop: no local cluster for this checkout and no compose postgres running"
    fi
  fi
  return 0
}

ect_remove_local_postgres() {
  ect_stop_postgres || return 1
  _ect_local_layout || return 1
  case $_ECT_PG_DATA in
    /var/tmp/ectlifecycle-pg/????????????|"$_ECT_REPO_ROOT"/.postgres) ;;
    *) _ect_log "refusing to delete unexpected path $_ECT_PG_DATA"; return 1 ;;
  esac
  if [ -e "$_ECT_PG_DATA" ]; then
    rm -rf "$_ECT_PG_DATA" && _ect_log "deleted the local cluster $_ECT_PG_DATA"
  fi
  if [ -L "$_ECT_REPO_ROOT/.postgres" ]; then rm -f "$_ECT_REPO_ROOT/.postgres"; fi
  rm -f "$_ECT_PG_LOCK"
  return 0
}
