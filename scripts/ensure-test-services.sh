#!/usr/bin/env bash
# Makes sure what the full test suite talks to is there: PostgreSQL (127.0.0.1:5432), Redis
# (127.0.0.1:6379) and Debian's Chromium (/usr/bin/chromium). Starts or installs what is missing
# when it can (as root on Debian), and says plainly what is still missing otherwise.
set -u

say() { printf '[test-services] %s\n' "$*"; }

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 0.5; done
  fi
  pg_up || say "PostgreSQL is not reachable on 127.0.0.1:5432: the PostgreSQL suites will fail"
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    say "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
    for _ in $(seq 1 30); do redis_up && break; sleep 0.2; done
  fi
  redis_up || say "Redis is not reachable on 127.0.0.1:6379: the multi-instance suites will fail"
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser tests (apt-get)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || say "could not install chromium"
  fi
  [ -x /usr/bin/chromium ] || say "/usr/bin/chromium is missing: the browser tests will fail (apt-get install chromium)"
fi
exit 0
