#!/bin/bash
# Wrong host, Redis not running, a server that does not answer, no or a wrong
# password, a bad URL: a clear message within the timeout and exit 2, from
# every command. And the good cases: an ACL user, a unix socket.
. "$(dirname "$0")/lib.sh"
cd "$WORK" || exit 1
mkdir -p redis

# conf NAME URL: a test pipeline at URL, a 500 ms connect timeout
conf() {
    printf '[pipeline]\nstages = testtok testcount\nqueue = redis\nsplit = testcount\n' >"$1.conf"
    printf '[queue.redis]\nurl = %s\nconnect_timeout_ms = 500\n' "$2" >>"$1.conf"
}

# refused NAME EXPECTED [SECONDS]: every command exits 2 within SECONDS
# (default 10: far below the 60 s a reconnecting worker would wait, and
# loose enough for a sanitizer build on a loaded machine), saying EXPECTED
refused() {
    local cmd t0 st limit=${3:-10}
    for cmd in "status" "submit $FEED" "worker" "collect --count 1" "run $FEED"; do
        t0=$(date +%s%N)
        # shellcheck disable=SC2086
        "$T" $cmd -c "$1.conf" >out.txt 2>err.txt </dev/null
        st=$?
        [ "$st" = 2 ] || fail "$1: 'tidings $cmd' exited $st: $(cat err.txt)"
        grep -q -- "$2" err.txt || fail "$1: 'tidings $cmd' said: $(cat err.txt)"
        [ $((($(date +%s%N) - t0) / 1000000)) -lt $((limit * 1000)) ] ||
            fail "$1: 'tidings $cmd' took over $limit s"
    done
    say "$1: exit 2 from every command: $(head -1 err.txt)"
}

# Redis not running: a port nothing listens on.
free_port=
for try in 1 2 3 4 5 6 7 8 9 10; do
    p=$(((RANDOM * 32768 + RANDOM) % 30000 + 20000))
    redis-cli -p "$p" ping >/dev/null 2>&1 || { free_port=$p; break; }
done
conf down "redis://127.0.0.1:$free_port/0"
refused down "cannot connect to redis://127.0.0.1:$free_port/0: Connection refused"

# A host that does not exist (the name lookup is the resolver's: not bound
# by connect_timeout_ms).
conf nohost "redis://no-such-host.invalid:6379/0"
refused nohost "cannot connect to redis://no-such-host.invalid:6379/0: " 15

# A bad URL is a config error.
conf badurl "http://127.0.0.1:6379"
"$T" status -c badurl.conf 2>err.txt
[ $? = 2 ] || fail "a bad URL should exit 2"
grep -q "\[queue.redis\] url 'http://127.0.0.1:6379': expected redis://" err.txt || fail "$(cat err.txt)"

# A server that takes the connection and never answers (stopped): the
# handshake times out.
# alice has only what docs/DISTRIBUTED.md says tidings needs.
redis_start --requirepass 's3cret' --user alice on '>wonder land' '~tidings:*' '+@stream' \
    '+@hash' '+incrby' '+unlink' '+exists' '+expire' '+multi' '+exec' '+eval' '+ping' '+info' \
    '+select' \
    --unixsocket "$WORK/redis/sock" --unixsocketperm 700
kill -STOP "$REDIS_PID"
conf hung "redis://127.0.0.1:$REDIS_PORT/0"
refused hung "no answer to PING from redis://127.0.0.1:$REDIS_PORT/0: no reply within connect_timeout_ms (500 ms)"
kill -CONT "$REDIS_PID"

# Passwords.
conf nopass "redis://127.0.0.1:$REDIS_PORT/0"
refused nopass "redis://127.0.0.1:$REDIS_PORT/0 wants a password (NOAUTH Authentication required.); fix: redis://:PASSWORD@host or an ACL user"
conf wrongpass "redis://alice:nope@127.0.0.1:$REDIS_PORT/0"
refused wrongpass "authentication failed at redis://alice:\*\*\*@127.0.0.1:$REDIS_PORT/0: WRONGPASS"
grep -q nope err.txt && fail "the password is in a message"

# The good ones: the default user's password, an ACL user (a %-escaped
# space in the password), another database, a unix socket.
REDIS_AUTH=(--user alice --pass 'wonder land' --no-auth-warning)
redis-cli -p "$REDIS_PORT" -a s3cret --no-auth-warning ACL LOG RESET >/dev/null
for url in "redis://:s3cret@127.0.0.1:$REDIS_PORT/0" \
    "redis://alice:wonder%20land@127.0.0.1:$REDIS_PORT/3" \
    "unix://alice:wonder%20land@$WORK/redis/sock?db=5"; do
    conf good "$url"
    "$T" run -c good.conf "$FEED" >good.out 2>err.txt || fail "$url: $(cat err.txt)"
    [ "$(wc -l <good.out)" = 12 ] || fail "$url: $(wc -l <good.out) documents out"
    "$T" submit -c good.conf "$FEED" >/dev/null 2>err.txt || fail "$url: $(cat err.txt)"
done
"$T" worker -c good.conf --workers 1 2>worker.log &
w1=$!
"$T" worker -c good.conf --from testcount --workers 1 2>>worker.log &
w2=$!
PIDS+=("$w1" "$w2")
"$T" collect -c good.conf -o collected.jsonl --count 12 2>err.txt || fail "collect: $(cat err.txt)"
"$T" status -c good.conf >/dev/null 2>err.txt || fail "status: $(cat err.txt)"
kill -TERM "$w1" "$w2"
wait "$w1" && wait "$w2" || fail "worker: $(cat worker.log)"
grep -q -i -e noperm -e "no permissions" worker.log err.txt && fail "$(cat worker.log err.txt)"
[ "$(wc -l <collected.jsonl)" = 12 ] || fail "collect over a unix socket as alice"
# no command of any of them was refused to alice
denied=$(redis-cli -p "$REDIS_PORT" -a s3cret --no-auth-warning ACL LOG | grep -A1 -x object |
    grep -v -e '^object$' -e '^--$' | sort -u | xargs)
[ -z "$denied" ] || fail "alice was refused: $denied"

[ "$(rcli -n 3 XLEN 'tidings:{good}:in')" = 12 ] || fail "nothing in database 3"
[ "$(rcli -n 5 HLEN 'tidings:{good}:seen')" = 12 ] || fail "nothing collected in database 5"
say "passwords, ACL users, databases and unix sockets work"

# A worker must start at a stream.
"$T" worker -c good.conf --from testX 2>err.txt
[ $? = 2 ] || fail "--from an unknown stage should exit 2"
grep -q "'testX' has no stream before it; a worker starts at 'testtok' or 'testcount'" err.txt ||
    fail "$(cat err.txt)"
say "ok"
