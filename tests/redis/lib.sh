# Shared by the Redis test scripts (bash): a redis-server of their own on a
# free loopback port with its data in a temporary folder, stopped on exit
# together with everything else the script started. Never the system's.
set -u
: "${TD_BUILDDIR:?run through make check}" "${TD_SRCDIR:?run through make check}"
T="$TD_BUILDDIR/core/tidings"
FEED="$TD_SRCDIR/samples/feed.jsonl"
for tool in redis-server redis-cli; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool is not installed (apt-get install -y redis-server)"
        exit 77
    fi
done
WORK=$(mktemp -d /tmp/tidings-redis-XXXXXX)
PIDS=()
REDIS_PID=
REDIS_ARGS=()
REDIS_AUTH=()

cleanup() {
    local p
    {
        kill -TERM "$WATCHDOG"
        for p in "${PIDS[@]}"; do kill -KILL "$p"; done
        [ -n "$REDIS_PID" ] && kill -KILL "$REDIS_PID"
        wait
    } 2>/dev/null
    if [ -n "${KEEP:-}" ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
# Whatever happens, a script never hangs make check. (Its sleep holds no
# output open and goes with it.)
watchdog() {
    local parent=$1 s
    sleep "${TD_TEST_TIMEOUT:-120}" >/dev/null 2>&1 </dev/null &
    s=$!
    trap 'kill $s 2>/dev/null; exit 0' TERM
    if wait "$s"; then
        echo "FAIL: timed out" >&2
        kill -TERM "$parent"
    fi
}
watchdog $$ &
WATCHDOG=$!

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

say() { echo "-- $*"; }

rcli() { redis-cli -p "$REDIS_PORT" "${REDIS_AUTH[@]}" "$@"; }

# Start redis-server with REDIS_ARGS on REDIS_PORT; 0 once it answers.
redis_launch() {
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" --save '' \
        --appendonly no --daemonize no --logfile "$WORK/redis/log" "${REDIS_ARGS[@]}" &
    REDIS_PID=$!
    disown "$REDIS_PID" # waited for by polling, so no job messages
    local i
    for i in $(seq 100); do
        if ! kill -0 "$REDIS_PID" 2>/dev/null; then
            REDIS_PID=
            return 1
        fi
        if redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q -e PONG -e NOAUTH; then
            return 0
        fi
        sleep 0.05
    done
    return 1
}

# redis_start [redis-server options]: on a free port of its own.
redis_start() {
    mkdir -p "$WORK/redis"
    REDIS_ARGS=("$@")
    local try
    for try in 1 2 3 4 5 6 7 8 9 10; do
        REDIS_PORT=$(((RANDOM * 32768 + RANDOM + $$) % 30000 + 20000))
        redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && continue # taken
        redis_launch && return 0
    done
    fail "cannot start redis-server (see $WORK/redis/log)"
}

# A clean shutdown (SIGTERM: with appendonly, the AOF is written and synced).
redis_stop() {
    kill -TERM "$REDIS_PID"
    wait_until 10 "redis-server to stop" redis_gone
    REDIS_PID=
}
redis_gone() { ! kill -0 "$REDIS_PID" 2>/dev/null; }

# bg NAME COMMAND...: run in the background, output in $WORK/NAME.log; the
# pid in $BG.
bg() {
    local name=$1
    shift
    "$@" >"$WORK/$name.out" 2>"$WORK/$name.log" &
    BG=$!
    PIDS+=("$BG")
}

# wait_until SECONDS DESCRIPTION COMMAND...: poll every 50 ms.
wait_until() {
    local limit=$1 what=$2 i
    shift 2
    for i in $(seq $((limit * 20))); do
        "$@" && return 0
        sleep 0.05
    done
    fail "waited ${limit}s for $what"
}

# make_feed COPIES OUT: the sample feed COPIES times, ids made unique.
make_feed() {
    local k
    : >"$2"
    for k in $(seq "$1"); do
        sed "s/^{\"id\": \"\([^\"]*\)\"/{\"id\": \"\1-$k\"/" "$FEED" >>"$2"
    done
}

# The document ids of a JSON Lines file, sorted: lines of the sample feed
# and of outputs made from them, which start with their "id".
ids() { sed -n 's/^{"id": *"\([^"]*\)".*/\1/p' "$1" | sort; }

# Each id of IN exactly once in OUT (and nothing else).
# The lines without the pipeline stamp in their "tidings" member: for runs
# whose configs differ only in a timing option (testslow's ms), which the
# stamp rightly tells apart.
unstamped() { sed 's/,"pipeline":"[0-9a-f]*"//' "$@"; }

exactly_once() {
    local dups
    dups=$(ids "$2" | uniq -d | head -3)
    [ -z "$dups" ] || fail "$2 holds documents twice: $dups"
    ids "$1" | cmp -s - <(ids "$2") || fail "$2 does not hold every document of $1 once"
}

# The redis-url section of a config for this server.
redis_section() {
    printf '[queue.redis]\nurl = redis://127.0.0.1:%s/0\n' "$REDIS_PORT"
}
