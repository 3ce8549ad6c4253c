#!/bin/bash
# Redis restarted (appendonly yes) in the middle of a run: the workers, the
# collector and `tidings run` reconnect and finish, and nothing is lost or
# written twice.
. "$(dirname "$0")/lib.sh"
redis_start --appendonly yes --appendfsync always
cd "$WORK" || exit 1

make_feed 20 feed.jsonl # 240 documents
{
    printf '[pipeline]\nstages = testtok testslow testcount\nqueue = redis\nname = restart\n'
    printf 'split = testcount\n[stage.testslow]\nms = 5\n'
    redis_section
    printf 'batch = 8\nblock_ms = 200\nclaim_idle_ms = 3000\nreconnect_max_ms = 20000\n'
} >slow.conf
sed -e 's/queue = redis/queue = memory/' -e 's/^ms = 5/ms = 0/' slow.conf >mem.conf
"$T" run -c mem.conf feed.jsonl >expected.jsonl 2>/dev/null || fail "memory run"
lines_at_least() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }

restart_redis() {
    redis_stop
    sleep 0.5
    redis_launch || fail "redis-server did not come back"
}

say "workers and collector"
[ "$("$T" submit -c slow.conf feed.jsonl 2>/dev/null)" = 240 ] || fail "submit"
bg w1 "$T" worker -c slow.conf --workers 1
w1=$BG
bg w2 "$T" worker -c slow.conf --workers 1
w2=$BG
bg w3 "$T" worker -c slow.conf --from testcount --workers 1
w3=$BG
bg c "$T" collect -c slow.conf -o out.jsonl --count 240
c=$BG
wait_until 20 "60 documents collected" lines_at_least out.jsonl 60
restart_redis
wait "$c" || fail "the collector exited $?: $(cat c.log)"
kill -TERM "$w1" "$w2" "$w3"
for p in "$w1" "$w2" "$w3"; do
    wait "$p" || fail "a worker exited $? after SIGTERM"
done
grep -q "lost the connection to redis://127.0.0.1:$REDIS_PORT/0" w1.log || fail "$(cat w1.log)"
grep -q "reconnected to redis://127.0.0.1:$REDIS_PORT/0 after" w1.log || fail "$(cat w1.log)"
grep -q "reconnected" c.log || fail "the collector did not reconnect: $(cat c.log)"
exactly_once feed.jsonl out.jsonl
unstamped out.jsonl | sort | cmp -s - <(unstamped expected.jsonl | sort) || fail "documents differ from the memory run's"
say "240 documents once each, through a restart"

say "tidings run"
bg run "$T" run -c slow.conf --workers 2 -o run.jsonl feed.jsonl
r=$BG
sleep 0.3
restart_redis
wait "$r" || fail "tidings run exited $?: $(cat run.log)"
grep -q "reconnected" run.log || fail "tidings run did not reconnect: $(cat run.log)"
cmp <(unstamped run.jsonl) <(unstamped expected.jsonl) || fail "tidings run: output differs from the memory run's"
say "tidings run: same output as the memory queue, through a restart"
