# Start a throw-away PostgreSQL server on 127.0.0.1 for the tests that share a sweep over PostgreSQL.
#
#   source .ci/postgres.sh      # installs Debian's postgresql when missing, starts a server,
#                               # exports UDC_TEST_POSTGRES_URL (and prints it)
#   udc_pg_stop                 # stops the server and removes its files
#
# Run as root (CI) or as a user that may run initdb/pg_ctl. The server trusts local connections,
# listens on 127.0.0.1 only, and keeps its data and socket in a temporary folder.
# Settings: UDC_PG_PORT (default: the first free port from 55432), UDC_PG_DB (default: udc_test).

_udc_pg_bin() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    local initdb_path
    initdb_path=$(command -v initdb 2>/dev/null) || return 1
    dirname "$(readlink -f "$initdb_path")"
}

_udc_pg_install() {
    _udc_pg_bin >/dev/null && return 0
    echo "postgres.sh: installing postgresql (apt-get)" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q >&2 || return 1
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q postgresql >&2 || return 1
    _udc_pg_bin >/dev/null
}

_udc_pg_free_port() {
    local p=${1:-55432}
    while [ "$p" -lt 55532 ]; do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
        p=$((p + 1))
    done
    return 1
}

_udc_pg_as() {  # run a command as the server's owner (postgres when we are root)
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
    else "$@"; fi
}

udc_pg_start() {
    _udc_pg_install || { echo "postgres.sh: could not install postgresql" >&2; return 1; }
    local bin port dir db
    bin=$(_udc_pg_bin) || { echo "postgres.sh: initdb/pg_ctl not found" >&2; return 1; }
    port=${UDC_PG_PORT:-$(_udc_pg_free_port)} || { echo "postgres.sh: no free port" >&2; return 1; }
    db=${UDC_PG_DB:-udc_test}
    dir=$(mktemp -d /tmp/udc-pg.XXXXXX) || return 1
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres || return 1
        chown postgres "$dir"
    fi
    chmod 700 "$dir"
    _udc_pg_as "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; return 1; }
    _udc_pg_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null \
        || { cat "$dir/server.log" >&2; return 1; }
    _udc_pg_as "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" \
        || { echo "postgres.sh: createdb failed" >&2; return 1; }
    export UDC_PG_DIR="$dir" UDC_PG_BIN="$bin"
    export UDC_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/$db"
    echo "UDC_TEST_POSTGRES_URL=$UDC_TEST_POSTGRES_URL"
}

udc_pg_stop() {
    [ -n "${UDC_PG_DIR:-}" ] || return 0
    _udc_pg_as "$UDC_PG_BIN/pg_ctl" -D "$UDC_PG_DIR/data" -m fast -w stop >/dev/null 2>&1
    rm -rf "$UDC_PG_DIR"
    unset UDC_PG_DIR UDC_PG_BIN UDC_TEST_POSTGRES_URL
}

# Sourced: start the server and keep the variables. Executed: start it and print the URL.
udc_pg_start
