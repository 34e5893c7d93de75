# Helpers to run a private PostgreSQL cluster for DreamBot (sourced by scripts/run and scripts/test).
# A cluster lives in one folder, listens on 127.0.0.1 only, and runs as a non-root user as PostgreSQL requires.
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

pg_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
    done
    command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
    return 1
}

pg_ensure_installed() {
    pg_bindir >/dev/null && return 0
    apt_install postgresql && pg_bindir >/dev/null
}

# The account the server runs as: ourselves, or a system user when we are root.
pg_os_user() {
    if [ "$(id -u)" -ne 0 ]; then id -un; return 0; fi
    if id postgres >/dev/null 2>&1; then echo postgres; return 0; fi
    useradd --system --no-create-home --shell /usr/sbin/nologin dreambot-pg >/dev/null 2>&1 || true
    echo dreambot-pg
}

pg_as_user() {
    local user=$1; shift
    if [ "$(id -un)" = "$user" ]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

pg_free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    done
    return 1
}

# pg_start DIR [PORT] -> starts (initialising if needed) the cluster in DIR; exports PG_DIR, PG_PORT, PG_USER
# and ConnectionStrings__Postgres. A throwaway cluster turns fsync off: its data never needs to survive a crash.
pg_start() {
    local dir=$1 port=${2:-} throwaway=${3:-no}
    local bin user
    bin=$(pg_bindir) || { echo "initdb not found" >&2; return 1; }
    user=$(pg_os_user)
    mkdir -p "$dir"
    chown "$user" "$dir"
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        pg_as_user "$user" "$bin/initdb" -D "$dir/data" -U dreambot -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; return 1; }
    fi
    [ -n "$port" ] || port=$(pg_free_port)
    local options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=300"
    [ "$throwaway" = yes ] && options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    pg_as_user "$user" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; return 1; }
    pg_as_user "$user" "$bin/psql" -h 127.0.0.1 -p "$port" -U dreambot -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'dreambot'" | grep -q 1 \
        || pg_as_user "$user" "$bin/createdb" -h 127.0.0.1 -p "$port" -U dreambot dreambot
    export PG_DIR=$dir PG_PORT=$port PG_USER=$user
    export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$port;Database=dreambot;Username=dreambot;Maximum Pool Size=50"
}

pg_stop() {
    [ -n "${PG_DIR:-}" ] && [ -f "$PG_DIR/data/postmaster.pid" ] || return 0
    pg_as_user "$PG_USER" "$(pg_bindir)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
}
