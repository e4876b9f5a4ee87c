# shellcheck shell=bash
# deploy/lib/mail.sh: a local mail catcher for deploy/run, so that the reminders and digests can be read.
# Sourced by deploy/run after deploy/lib/postgres.sh; bash only.
#
#   ect_provide_mail   when no SMTP server is configured (Mail__Host), installs smtp4dev (the dotnet tool
#                      Rnwood.Smtp4dev, pinned below) into .tools/smtp4dev (git-ignored) and starts it on 127.0.0.1:
#                      SMTP on ECT_SMTP_PORT (default 2525), its web UI on ECT_MAIL_UI_PORT (default the app's port + 1),
#                      in memory; exports Mail__Host/Port/Security for the app and prints where to read the mails.
#                      When it cannot run, the mails are written as .eml files into mails/ (git-ignored) instead:
#                      Mail__PickupFolder. Sets ECT_MAIL_PID to the catcher's pid (ect_stop_mail stops it).

ECT_SMTP4DEV_VERSION=3.15.0

ect_provide_mail() { # ect_provide_mail APP_PORT
  local root ui smtp tools log i
  root=$(pwd -P)
  if [ -n "${Mail__Host:-}" ]; then
    _ect_log "mail: sent through $Mail__Host:${Mail__Port:-25} (Mail__Host from the environment)"
    return 0
  fi
  ui=${ECT_MAIL_UI_PORT:-$(( $1 + 1 ))}
  smtp=${ECT_SMTP_PORT:-2525}
  tools=$root/.tools/smtp4dev
  log=$root/.tools/smtp4dev.log
  mkdir -p "$root/.tools"
  if [ ! -x "$tools/smtp4dev" ]; then
    _ect_log "mail: installing smtp4dev $ECT_SMTP4DEV_VERSION into .tools/smtp4dev"
    dotnet tool install Rnwood.Smtp4dev --version "$ECT_SMTP4DEV_VERSION" --tool-path "$tools" >&2 || true
  fi
  if [ -x "$tools/smtp4dev" ]; then
    # In memory (--db=), its settings under .tools, bound to this machine only; IMAP and POP3 next to the SMTP port.
    "$tools/smtp4dev" --urls="http://127.0.0.1:$ui" --smtpport="$smtp" --imapport=$((smtp + 1)) --pop3port=$((smtp + 2)) \
      --allowremoteconnections- --db= --baseappdatapath="$root/.tools/smtp4dev-data" --nousersettings >"$log" 2>&1 &
    ECT_MAIL_PID=$!
    for i in $(seq 1 60); do
      if grep -q "Now listening on" "$log" 2>/dev/null && grep -q "SMTP Server is listening" "$log" 2>/dev/null; then
        export Mail__Host=127.0.0.1 Mail__Port=$smtp Mail__Security=none
        _ect_log "mail: the app's mails go to smtp4dev; read them at http://localhost:$ui (SMTP 127.0.0.1:$smtp, log .tools/smtp4dev.log)"
        return 0
      fi
      kill -0 "$ECT_MAIL_PID" 2>/dev/null || break
      sleep 0.5
    done
    _ect_log "mail: smtp4dev did not start (see .tools/smtp4dev.log)"
    ect_stop_mail
  fi
  mkdir -p "$root/mails"
  export Mail__PickupFolder=$root/mails
  _ect_log "mail: no mail catcher here; the app writes each mail as a .eml file into $root/mails"
}

ect_stop_mail() {
  if [ -n "${ECT_MAIL_PID:-}" ]; then
    kill "$ECT_MAIL_PID" 2>/dev/null || true
    wait "$ECT_MAIL_PID" 2>/dev/null || true
    ECT_MAIL_PID=
  fi
}
