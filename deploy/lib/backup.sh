# shellcheck shell=bash
# deploy/lib/backup.sh: what deploy/backup and deploy/restore share; sourced after deploy/lib/postgres.sh.
#
#   ect_backup_server LOG      the server deploy/run uses, reached through its maintenance database `postgres`, so
#                              that nothing is created on it; exports the PG* variables of that connection and sets
#                              ECT_BACKUP_CONNECTION (its Npgsql string), ECT_BACKUP_MAJOR (the server's major
#                              version) and ECT_BACKUP_TOOLS (a folder with psql, pg_dump and pg_restore for it)
#   ect_backup_facts_sql       the facts a backup records and a restore checks (psql variables :schema and :asof)
#   ect_backup_json_field F K  the value of key K in a backup's FILE.json
#   ect_die MESSAGE            a French error, exit 1
#   ect_now_ms, ect_since T    milliseconds now; the time since T (ect_now_ms) in French
#   ect_sha256 FILE            the file's SHA-256 in hex
#
# Messages are French: these are the staff's scripts. The app's database is the one deploy/run serves.

ECT_APP_DATABASE=ect
ECT_APP_SCHEMA=${ECT_SCHEMA:-ect}   # as the app reads it (Program.cs)

ect_die() { printf 'Erreur : %s\n' "$*" >&2; exit 1; }

# bash's clock (5.0 on), else whole seconds: BSD date has no %N. Its decimal mark follows the locale.
ect_now_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then local us=${EPOCHREALTIME/[.,]/}; echo $((us / 1000))
  else echo $(($(date +%s) * 1000)); fi
}

ect_since() { # as French text: "2,3 s"
  local ms=$(( $(ect_now_ms) - $1 ))
  printf '%d,%d s' $((ms / 1000)) $((ms % 1000 / 100))
}

ect_sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d ' ' -f 1
}

ect_backup_server() {
  local log=$1 psql num
  if ! ect_provide_postgres postgres >/dev/null 2>>"$log"; then
    cat "$log" >&2
    ect_die "aucun serveur PostgreSQL joignable (ECT_CONNECTION_STRING, Docker ou le cluster local de ce dépôt)"
  fi
  ECT_BACKUP_CONNECTION=$ECT_PG_CONNECTION
  ect_libpq_env "$ECT_BACKUP_CONNECTION"
  psql=$(_ect_psql_path) || ect_die "aucun client psql ici (Debian : apt-get install postgresql-client)"
  num=$("$psql" -X -q -A -t -c 'show server_version_num' 2>>"$log") || {
    tail -n 3 "$log" >&2
    ect_die "le serveur PostgreSQL ($PGHOST:${PGPORT:-5432}) ne répond pas"
  }
  ECT_BACKUP_MAJOR=$((num / 10000))
  ECT_BACKUP_TOOLS=$(_ect_backup_tools "$ECT_BACKUP_MAJOR") ||
    ect_die "aucun pg_dump/pg_restore de version $ECT_BACKUP_MAJOR ou plus récente ici (le serveur est en $ECT_BACKUP_MAJOR) : apt-get install postgresql-client-$ECT_BACKUP_MAJOR, ou ECT_PG_BINDIR=leur dossier"
}

# pg_dump refuses a server newer than itself, and pg_restore an archive newer than itself: the server's major version
# if it is here (the binaries deploy/lib/postgres.sh runs the local cluster with, or a client-only install), else the
# closest newer one.
_ect_backup_tools() {
  local want=$1 d m best="" bestm=""
  for d in "$(ect_find_pg_bindir "$want" 2>/dev/null)" "${ECT_PG_BINDIR:-}" /usr/lib/postgresql/*/bin /usr/pgsql-*/bin \
           "$(dirname "$(command -v pg_dump 2>/dev/null || echo /-/-)")"; do
    [ -n "$d" ] && [ -x "$d/pg_dump" ] && [ -x "$d/pg_restore" ] && [ -x "$d/psql" ] || continue
    m=$("$d/pg_dump" --version 2>/dev/null | sed -n 's/^[^0-9]*\([0-9][0-9]*\).*/\1/p' | head -n 1)
    [ -n "$m" ] || continue
    if [ "$m" = "$want" ]; then printf '%s\n' "$d"; return 0; fi
    if [ "$m" -gt "$want" ] && { [ -z "$bestm" ] || [ "$m" -lt "$bestm" ]; }; then best=$d; bestm=$m; fi
  done
  [ -n "$best" ] && printf '%s\n' "$best"
}

# One line, events|projectStreams|projectsAsOf|digest, of the app's event store as the transaction sees it:
# - events: mt_events rows but Marten's tombstones (rows it writes to fill the sequence after a failed append, which
#   the app skips: src/EctLifecycle/EventStore/EventStoreSchema.cs);
# - projectStreams: streams that start with a registration, as the app recognises a project (StoredEvents.cs);
# - projectsAsOf: those registered with a business date on or before :asof, which `replay --as-of` must count;
# - digest: of every such event (id, stream, version, type, body) in sequence order. Hashed by blocks of 10,000 events
#   and then the blocks' hashes, so that no single string grows with the store (string_agg is limited to 1 GB).
# The type names are Marten's aliases of the app's event types; a rename would show as a mismatch with `replay`.
ect_backup_facts_sql() {
  cat <<'SQL'
with events as not materialized (
  select seq_id, id, stream_id, version, type, data from :"schema".mt_events where type <> 'tombstone'
), registrations as (
  select data->>'occurredOn' as occurred_on from events where version = 1 and type = 'project_registered'
), blocks as (
  select seq_id / 10000 as block,
         md5(string_agg(concat_ws(':', id, stream_id, version, type, md5(data::text)), E'\n' order by seq_id)) as hash
  from events group by 1
)
select (select count(*) from events),
       (select count(*) from registrations),
       (select count(*) from registrations where occurred_on <= :'asof'),
       (select coalesce(md5(string_agg(hash, E'\n' order by block)), md5('')) from blocks);
SQL
}

# A string without quotes or a number: all FILE.json holds, laid out on lines or not (no JSON parser is assumed here).
ect_backup_json_field() {
  grep -o "\"$2\"[[:space:]]*:[[:space:]]*\(\"[^\"]*\"\|[0-9.]*\)" "$1" | head -n 1 | sed 's/^[^:]*:[[:space:]]*//; s/"//g'
}
