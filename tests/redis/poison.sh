#!/bin/bash
# Poison documents. One a plugin fails on (testfail): a dead letter at once,
# with the plugin's message. One that kills its worker each time (testslow
# crash): taken over one at a time until max_deliveries, then a dead letter
# with the reason; the documents it shared a batch with come out once. An
# entry tidings did not write: a dead letter too. Every other document
# comes out.
. "$(dirname "$0")/lib.sh"
redis_start
cd "$WORK" || exit 1

{
    head -6 "$FEED"
    echo '{"id":"p1","text":"a POISON pill"}'
    echo '{"id":"k1","text":"this one will KILLME every time"}'
    tail -6 "$FEED"
} >feed.jsonl
{
    printf '[pipeline]\nstages = testtok testfail testslow testcount\nqueue = redis\n'
    printf 'name = poison\n[stage.testslow]\ncrash = KILLME\n'
    redis_section
    printf 'batch = 4\nblock_ms = 100\nclaim_idle_ms = 300\nmax_deliveries = 2\n'
} >poison.conf
[ "$("$T" submit -c poison.conf feed.jsonl 2>/dev/null)" = 14 ] || fail "submit"
# and an entry that is not a document
rcli XADD 'tidings:{poison}:in' '*' hello world >/dev/null

# A supervisor, as systemd would be: a worker that dies is started again.
supervise() {
    local n=0
    while [ ! -e stop ]; do
        "$T" worker -c poison.conf --workers 1 2>>worker.log &
        echo $! >worker.pid
        wait $!
        [ $? = 0 ] || n=$((n + 1))
        echo "$n" >deaths
    done
}
supervise &
PIDS+=($!)
sup=$!

"$T" collect -c poison.conf -o out.jsonl --count 15 --errors dead.jsonl 2>collect.log
st=$?
touch stop
kill -TERM "$(cat worker.pid)"
wait "$sup"
[ "$st" = 1 ] || fail "collect exited $st: $(cat collect.log)"

# the plugin's failure, at the first delivery
grep -q "feed.jsonl:7: document 'p1': testfail: found the marker 'POISON'" collect.log ||
    fail "no dead letter for p1: $(cat collect.log)"
# the worker killer, after max_deliveries (2): two workers died, the third
# gave up on it
grep -q "feed.jsonl:8: document 'k1': delivered 3 times and never acknowledged (max_deliveries = 2)" \
    collect.log || fail "no dead letter for k1: $(cat collect.log)"
[ "$(cat deaths)" = 2 ] || fail "$(cat deaths) workers died, not 2"
grep -q "lacks seq, src, line or kind" collect.log || fail "no dead letter for the stray entry"
# the dead-letter stream keeps them, with the stage
mapfile -t stages < <(rcli --raw XRANGE 'tidings:{poison}:dead' - + | grep -A1 -x stage | grep -v -e '^stage$' -e '^--$')
[ "${stages[*]}" = "(stream) testfail testtok testfail testslow testcount" ] ||
    [ "${stages[*]}" = "testfail (stream) testtok testfail testslow testcount" ] ||
    fail "dead-letter stages: ${stages[*]}"
[ "$(sed 's/.*"line":\([0-9]*\).*/\1/' dead.jsonl | sort | xargs)" = "0 7 8" ] ||
    fail "dead.jsonl: $(cat dead.jsonl)"
# the other twelve, once each
grep -v -e '"id":"p1"' -e '"id":"k1"' feed.jsonl >good.jsonl
exactly_once good.jsonl out.jsonl
say "12 documents out once each; p1 failed at once, k1 after 2 deliveries, the stray entry too"
