#!/bin/bash
# A worker killed with SIGKILL in the middle of a batch: another worker takes
# over the entries it held (XAUTOCLAIM after claim_idle_ms), and every
# document comes out exactly once. Then the collector: killed with SIGKILL
# too and started again under the same name, it cuts what it had not
# committed and still writes each document once; an entry the output stream
# holds twice is written once.
. "$(dirname "$0")/lib.sh"
redis_start
cd "$WORK" || exit 1

make_feed 25 feed.jsonl # 300 documents
stages="testtok testslow testcount"
for ms in 0 8; do
    {
        printf '[pipeline]\nstages = %s\nqueue = redis\nname = kill\n' "$stages"
        printf '[stage.testslow]\nms = %s\n' "$ms"
        redis_section
        printf 'batch = 16\nblock_ms = 200\nclaim_idle_ms = 600\n'
    } >"slow$ms.conf"
done
sed 's/queue = redis/queue = memory/' slow0.conf >mem.conf
"$T" run -c mem.conf feed.jsonl >expected.jsonl 2>/dev/null || fail "memory run"

[ "$("$T" submit -c slow8.conf feed.jsonl 2>/dev/null)" = 300 ] || fail "submit"
out_len() { rcli XLEN 'tidings:{kill}:out'; }
out_at_least() { [ "$(out_len)" -ge "$1" ]; }
in_empty() { [ "$(rcli XLEN 'tidings:{kill}:in')" = 0 ]; }
lines_at_least() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }

# Worker A, one thread, 16 documents of 8 ms a batch: killed once it has
# handed on two batches, while it holds a third (tried again if the kill
# lands between batches).
for attempt in 1 2 3; do
    bg a "$T" worker -c slow8.conf --workers 1
    a=$BG
    before=$(out_len)
    wait_until 20 "worker A to hand on two batches" out_at_least $((before + 32))
    sleep 0.05
    kill -KILL "$a"
    wait "$a" 2>/dev/null
    held=$(rcli XPENDING 'tidings:{kill}:in' tidings | head -1)
    [ "$held" -gt 0 ] && break
done
[ "$held" -gt 0 ] || fail "the kill never landed in the middle of a batch"
say "worker A killed holding $held entries"

# Worker B takes over A's entries and does the rest.
bg b "$T" worker -c slow8.conf --workers 2
b=$BG

# A repeat in the output stream (what a worker that died between its
# XADD and its XACK leaves): the first entry again.
mapfile -t first < <(rcli --raw XRANGE 'tidings:{kill}:out' - + COUNT 1)
rcli XADD 'tidings:{kill}:out' '*' "${first[@]:1}" >/dev/null

# Meanwhile collector 1, killed with SIGKILL once it has written 100
# documents; collector 2, same name and file, cuts what was not committed
# and does the rest.
bg c1 "$T" collect -c slow8.conf -o out.jsonl
c1=$BG
wait_until 20 "collector 1 to write 100 documents" lines_at_least out.jsonl 100
kill -KILL "$c1"
wait "$c1" 2>/dev/null
# as if it died writing a batch: a line it never committed
printf '{"id":"s01-1","text":"half' >>out.jsonl
bg c2 "$T" collect -c slow8.conf -o out.jsonl --until-idle 2
c2=$BG

wait_until 40 "worker B to finish" in_empty
kill -TERM "$b"
wait "$b" || fail "worker B exited $?: $(cat b.log)"
taken=$(sed -n 's/.* \([0-9]*\) entries taken over.*/\1/p' b.log)
[ "${taken:-0}" -ge "$held" ] || fail "worker B took over ${taken:-0} entries, A held $held"
say "worker B took over $taken entries"

wait "$c2" || fail "collector 2: $(cat c2.log)"
exactly_once feed.jsonl out.jsonl
unstamped out.jsonl | sort | cmp -s - <(unstamped expected.jsonl | sort) || fail "documents differ from the memory run's"
grep -q "cut [0-9]* bytes written after the last commit" c2.log || fail "nothing cut: $(cat c2.log)"
[ "$(rcli HLEN 'tidings:{kill}:seen')" = 300 ] || fail "the seen hash does not hold 300 ids"
say "every document once ($(wc -l <out.jsonl)), the repeat left out; $(grep -o 'cut [0-9]* bytes' c2.log)"
