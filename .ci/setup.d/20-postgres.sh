# PostgreSQL 15 for the central server's tests (apps/server): a throwaway cluster in a temporary
# directory, trust authentication on 127.0.0.1 only, no fsync (test data). Sourced by .ci/run with
# `set -euo pipefail`; exports BORDERPOST_TEST_DATABASE_URL, which the tests use to create one fresh
# database per test file. Under CI=true the PostgreSQL tests fail instead of skipping without it.
if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi
bp_pg_dir="$(mktemp -d /tmp/borderpost-ci-pg.XXXXXX)"
chmod 755 "$bp_pg_dir"
chown postgres:postgres "$bp_pg_dir"
# initdb refuses to run as root: run the cluster as the postgres user.
runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$bp_pg_dir/data" -A trust -U postgres --no-sync >/dev/null
# The first free port from 54329 on (or BORDERPOST_CI_PG_PORT).
bp_pg_port="${BORDERPOST_CI_PG_PORT:-54329}"
bp_pg_started=false
for bp_pg_try in 1 2 3 4 5 6 7 8; do
  if runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$bp_pg_dir/data" -l "$bp_pg_dir/log" -w \
    -o "-k $bp_pg_dir -p $bp_pg_port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null; then
    bp_pg_started=true
    break
  fi
  bp_pg_port=$((bp_pg_port + 1))
done
if [ "$bp_pg_started" != true ]; then
  echo "could not start the PostgreSQL test cluster; log:" >&2
  cat "$bp_pg_dir/log" >&2
  false
fi
export BORDERPOST_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:${bp_pg_port}/postgres"
echo "PostgreSQL 15 test cluster on 127.0.0.1:${bp_pg_port} ($bp_pg_dir)"
