# shellcheck shell=bash
# deploy/lib/reader.sh: the analysts' read-only role `ect_reader`, which may read the views score_history and
# current_portfolio of the app's schemas and nothing else. Sourced by deploy/run and deploy/test after
# deploy/lib/postgres.sh; bash only.
#
#   ect_provide_reader CONNSTRING SCHEMA   creates the role (LOGIN) or sets its password again, makes SCHEMA its
#                                          search_path in that database, and grants it USAGE on every schema of the
#                                          database that has the two views and SELECT on them; idempotent.
#                                          Takes back from PUBLIC the right to make temporary tables in that
#                                          database when this user owns it. Exports ECT_READER_PASSWORD.
#   ect_print_reader CONNSTRING            prints, in French, how to connect as ect_reader.
#
# The password: ECT_READER_PASSWORD when set, else the file ECT_READER_PASSWORD_FILE (default
# <repo>/ect_reader.password, git-ignored), drawn at random into it on the first run. The views are made by the app
# (Marten, with its schema), which grants them to the role when it exists; this grants them as well, for views made
# before the role.

ECT_READER_ROLE=ect_reader
ECT_READER_PASSWORD_FILE=${ECT_READER_PASSWORD_FILE:-$_ECT_REPO_ROOT/ect_reader.password}

_ect_reader_password() { # prints the password; sets _ECT_READER_FROM (where a person finds it)
  _ECT_READER_FROM="la variable ECT_READER_PASSWORD"
  if [ -n "${ECT_READER_PASSWORD:-}" ]; then printf '%s\n' "$ECT_READER_PASSWORD"; return 0; fi
  _ECT_READER_FROM=$ECT_READER_PASSWORD_FILE
  if [ ! -s "$ECT_READER_PASSWORD_FILE" ]; then
    local pw
    pw=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
    [ ${#pw} = 36 ] || { _ect_log "could not make a random password for $ECT_READER_ROLE"; return 1; }
    (umask 077 && printf '%s\n' "$pw" > "$ECT_READER_PASSWORD_FILE") || return 1
  fi
  head -n 1 "$ECT_READER_PASSWORD_FILE"
}

_ect_reader_sql() {
  cat <<SQL
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ECT_READER_ROLE') AS missing \\gset
\\if :missing
CREATE ROLE $ECT_READER_ROLE LOGIN PASSWORD :'pw';
\\else
ALTER ROLE $ECT_READER_ROLE LOGIN PASSWORD :'pw';
\\endif
SELECT format('ALTER ROLE $ECT_READER_ROLE IN DATABASE %I SET search_path = %I', current_database(), :'schema') \\gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO $ECT_READER_ROLE', current_database()) \\gexec
-- Temporary tables are every role's by default (PUBLIC): taken back from PUBLIC where this user may (it owns the
-- database, is a member of its owner or a superuser; the owner keeps them, and the app connects as this user), so that
-- the reader cannot write even there. Said when it could not be done.
SELECT format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', d.datname)
  FROM pg_database d WHERE d.datname = current_database()
   AND (pg_has_role(current_user, d.datdba, 'MEMBER') OR (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user)) \\gexec
-- In a cluster these scripts made (local or Docker, where only the app's role, a superuser, and this one exist), the
-- other databases are taken from PUBLIC too: without it, the reader could connect to « postgres » or « template1 » and
-- write temporary tables there. A database where the reader was provided keeps its own GRANT CONNECT above. On a server
-- of ECT_CONNECTION_STRING, other databases are not ours to change.
\\if :owned
SELECT format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', d.datname)
  FROM pg_database d WHERE d.datname <> current_database() AND d.datname <> 'template0' \\gexec
\\endif
SELECT has_database_privilege('$ECT_READER_ROLE', current_database(), 'TEMPORARY') AS reader_temp \\gset
\\if :reader_temp
\\echo 'attention : ect_reader peut encore créer des tables temporaires dans cette base (REVOKE TEMPORARY ON DATABASE … FROM PUBLIC à faire par son propriétaire)'
\\endif
SELECT format('GRANT USAGE ON SCHEMA %I TO $ECT_READER_ROLE', h.schemaname),
       format('GRANT SELECT ON %I.score_history, %I.current_portfolio TO $ECT_READER_ROLE', h.schemaname, h.schemaname)
  FROM pg_views h JOIN pg_views c ON c.schemaname = h.schemaname AND c.viewname = 'current_portfolio'
 WHERE h.viewname = 'score_history' \\gexec
SQL
}

ect_provide_reader() {
  local cs=$1 schema=$2 pw quoted psql sql out owned
  [[ $schema =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] || { _ect_log "ect_provide_reader: bad schema name '$schema'"; return 1; }
  _ect_reader_password >/dev/null || return 1   # once outside $(…), to keep _ECT_READER_FROM
  pw=$(_ect_reader_password) || return 1
  quoted=${pw//\\/\\\\}   # psql reads \\ and '' as a backslash and a quote inside a quoted argument
  quoted=${quoted//"'"/"''"}
  psql=$(_ect_psql_path) || { _ect_log "no psql client: the role $ECT_READER_ROLE is not made"; return 1; }
  owned=false
  case ${ECT_PG_MODE:-} in local|docker) owned=true ;; esac
  # On stdin, never on the command line (ps would show it).
  sql="\\set pw '$quoted'
$(_ect_reader_sql)"
  if ! out=$(ect_libpq_env "$cs" && printf '%s\n' "$sql" | "$psql" -X -q -t -A -v ON_ERROR_STOP=1 -v schema="$schema" -v owned="$owned" 2>&1); then
    _ect_log "could not make the role $ECT_READER_ROLE: $(printf '%s' "$out" | tail -n 1)"
    return 1
  fi
  # What psql said that a person must read (a right it could not take back).
  printf '%s\n' "$out" | grep '^attention' | while IFS= read -r line; do _ect_log "$line"; done || true
  ECT_READER_PASSWORD=$pw
  export ECT_READER_PASSWORD
}

ect_print_reader() {
  _ect_cs_read "$1"
  local where=${_ECT_READER_FROM:-$ECT_READER_PASSWORD_FILE}
  _ect_log "accès en lecture seule des analystes (vues score_history et current_portfolio, voir le README) :"
  _ect_log "  hôte ${_ECT_CS_HOST:-localhost}, port ${_ECT_CS_PORT:-5432}, base ${_ECT_CS_DB:-?}, utilisateur $ECT_READER_ROLE, mot de passe dans $where"
}
