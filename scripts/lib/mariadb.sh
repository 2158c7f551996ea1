#!/usr/bin/env bash
# A private MariaDB for one run of a script: sourced by scripts/test.sh and scripts/stress.sh.
# start_mysql installs mariadb-server when no server binary is present (root on Debian) and starts a server on a free
# loopback port with its data in a temporary folder; wait_for_mysql waits until it answers and exports its connection
# string in BEADS_TEST_MYSQL. The sourcing script stops it on exit: `trap stop_mysql EXIT`, or an EXIT trap of its own
# that ends with `stop_mysql "$code"`.

# A message on stderr, prefixed with the running script's name.
say() { echo "scripts/${0##*/}: $*" >&2; }

# The first of the names that exists, looked up on PATH and in the sbin folders where Debian puts servers.
first_command() {
  local name
  for name in "$@"; do
    PATH="$PATH:/usr/sbin:/usr/local/sbin" command -v "$name" 2>/dev/null && return 0
  done
  return 1
}

install_mariadb() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "no MariaDB or MySQL server found, and this is not root on a Debian-like system where it could install one:"
    say "install mariadb-server yourself, or set BEADS_TEST_MYSQL to the connection string of a server the tests may use"
    exit 1
  fi
  say "no MariaDB or MySQL server found: installing mariadb-server with apt-get (once per machine)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server >/dev/null
}

# A random unprivileged port on which nothing answers on loopback.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  say "found no free loopback port for the test database"
  return 1
}

mysql_dir=""
mysql_pid=""
# Stops the server and removes its folder; safe to call twice.
stop_mysql_server() {
  if [ -n "$mysql_pid" ] && kill -0 "$mysql_pid" 2>/dev/null; then
    kill "$mysql_pid"
    wait "$mysql_pid" 2>/dev/null || true
  fi
  if [ -n "$mysql_dir" ]; then rm -rf "$mysql_dir"; fi
  mysql_pid=""
  mysql_dir=""
}

# For the EXIT trap: stops the server and exits with the script's own exit code (or the one given, for a trap of the
# script's own that calls this last).
stop_mysql() {
  local code=$?
  if [ $# -gt 0 ]; then code=$1; fi
  stop_mysql_server
  exit "$code"
}

# Starts the private server in the background; wait_for_mysql then waits until it answers.
start_mysql() {
  local server install_db
  if ! server=$(first_command mariadbd mysqld) || ! install_db=$(first_command mariadb-install-db mysql_install_db); then
    install_mariadb
    server=$(first_command mariadbd mysqld)
    install_db=$(first_command mariadb-install-db mysql_install_db)
  fi
  local as_user=()
  if [ "$(id -u)" -eq 0 ]; then as_user=(--user=root); fi # the server refuses to run as root unless told to

  mysql_dir=$(mktemp -d "${TMPDIR:-/tmp}/beads-mysql.XXXXXX")
  mysql_port=$(free_port)
  say "starting a private MariaDB on 127.0.0.1:$mysql_port (data in $mysql_dir, removed on exit)"
  "$install_db" --no-defaults "${as_user[@]}" --datadir="$mysql_dir/data" --skip-test-db \
    >"$mysql_dir/install.log" 2>&1 \
    || { cat "$mysql_dir/install.log" >&2; say "$install_db failed"; exit 1; }
  # The tests create and drop their own databases, so their user may do anything; only loopback can reach it.
  cat >"$mysql_dir/init.sql" <<'SQL'
CREATE USER IF NOT EXISTS 'beads'@'%' IDENTIFIED BY 'beads';
GRANT ALL PRIVILEGES ON *.* TO 'beads'@'%';
CREATE DATABASE IF NOT EXISTS beads_test;
SQL
  # Durability of the test server itself does not matter (it dies with the run): skip the fsyncs and the binlog.
  "$server" --no-defaults "${as_user[@]}" --datadir="$mysql_dir/data" --socket="$mysql_dir/mysql.sock" \
    --pid-file="$mysql_dir/mysql.pid" --log-error="$mysql_dir/error.log" --init-file="$mysql_dir/init.sql" \
    --bind-address=127.0.0.1 --port="$mysql_port" --skip-name-resolve --max-connections=500 \
    --skip-log-bin --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
    >"$mysql_dir/server.out" 2>&1 &
  mysql_pid=$!
}

wait_for_mysql() {
  local admin
  admin=$(first_command mariadb-admin mysqladmin)
  for _ in $(seq 1 120); do
    # status, unlike ping, also proves that the init file has created the tests' user
    if "$admin" --no-defaults --protocol=tcp -h127.0.0.1 -P"$mysql_port" -ubeads -pbeads status >/dev/null 2>&1; then
      export BEADS_TEST_MYSQL="Server=127.0.0.1;Port=$mysql_port;User ID=beads;Password=beads;Database=beads_test;Allow User Variables=true"
      return 0
    fi
    if ! kill -0 "$mysql_pid" 2>/dev/null; then break; fi
    sleep 0.5
  done
  cat "$mysql_dir/server.out" "$mysql_dir/error.log" >&2 || true
  say "the private MariaDB did not start (its log is above)"
  exit 1
}

