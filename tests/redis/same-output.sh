#!/bin/bash
# Through Redis, the same output as with the memory queue: `tidings run`
# with no split, a split before every stage, and batch 1, on the default
# pipeline and on a test pipeline that rewrites, drops and fails documents;
# then submit, worker processes and collect. Also: consumed entries are
# trimmed, and status shows the streams.
. "$(dirname "$0")/lib.sh"
redis_start
cd "$WORK" || exit 1

# Inputs: the sample feed, bad lines, text files, a missing file.
{
    echo '{"id":"ok1","text":"Exports rose 6.1 percent &amp; imports fell."}'
    echo '{"id":"bad1","text":"unterminated}'
    echo '["an","array"]'
    echo ''
    echo '{"id":"p","text":"a POISON pill"}'
    echo '{"id":"d","text":"DROPME now"}'
    echo '{"text":"no id: one is made", "n": 7}'
    printf '{"id":"fix","text":"caf\xC3 au lait \xFF yuan"}\n'
} >broken.jsonl
mkdir in
printf 'Tariffs\0on yuan \xE2\x82 goods' >in/b.txt
echo "The GAC said trade grew." >in/a.txt
inputs=(broken.jsonl in "$FEED" missing.jsonl)

# conf NAME STAGES QUEUE SPLIT [BATCH]
conf() {
    {
        printf '[pipeline]\nstages = %s\nqueue = %s\nsplit = %s\nname = %s\n' "$2" "$3" "$4" "$1"
        [[ $2 == *testfail* ]] && printf 'emit = token entity count\n'
        [[ $2 == *example* ]] && printf '[stage.example]\nwords = yuan, AT&T, tariffs, GAC\n'
        redis_section
        [ -n "${5:-}" ] && printf 'batch = %s\n' "$5"
    } >"$1.conf"
}

# same_run NAME STAGES SPLIT [BATCH]: tidings run, memory and redis alike.
same_run() {
    conf "$1-mem" "$2" memory ""
    conf "$1" "$2" redis "$3" "${4:-}"
    "$T" run -c "$1-mem.conf" -e "$1-mem.err" "${inputs[@]}" >"$1-mem.out" 2>"$1-mem.log"
    local want=$?
    "$T" run -c "$1.conf" -e "$1.err" "${inputs[@]}" >"$1.out" 2>"$1.log"
    local got=$?
    [ "$got" = "$want" ] || fail "$1: exit $got, memory $want: $(cat "$1.log")"
    cmp "$1-mem.out" "$1.out" || fail "$1: output differs from the memory queue's"
    cmp "$1-mem.err" "$1.err" || fail "$1: failed inputs differ from the memory queue's"
    diff <(sed 's/in [0-9.]* s ([0-9.]* MB\/s)//' "$1-mem.log") \
        <(sed 's/in [0-9.]* s ([0-9.]* MB\/s)//' "$1.log") ||
        fail "$1: messages differ from the memory queue's"
    [ -s "$1.out" ] || fail "$1: no output"
    say "$1: same bytes, order, errors and counts as the memory queue ($(wc -l <"$1.out") lines)"
}

default=$(sed -n 's/^stages *= *\([^;]*\).*/\1/p' "$TD_SRCDIR/pipelines/news.conf" | xargs)
[ -n "$default" ] || fail "no stages in pipelines/news.conf"
same_run default-nosplit "$default" ""
# a split before every stage; test stages after it, so that what the
# default stages made (a rewritten text, annotations) crosses a split
every="$default testtok testcount"
same_run default-split "$every" "${every#* }"
test_stages="testrewrite example testtok testfail testcount"
same_run test-nosplit "$test_stages" ""
same_run test-split "$test_stages" "example testtok testfail testcount"
same_run test-split-batch1 "$test_stages" "testtok testcount" 1

# Nothing of the runs is left in Redis.
left=$(rcli --scan --pattern '*' | head -3)
[ -z "$left" ] || fail "tidings run left keys behind: $left"

# submit, workers, collect: the same documents (in arrival order).
say "submit + worker processes + collect"
conf shared "$test_stages" redis "testtok testcount" 3
n=$("$T" submit -c shared.conf "${inputs[@]}" 2>submit.log)
[ $? = 1 ] || fail "submit should say some inputs were bad"
grep -q 'broken.jsonl:2: not valid JSON' submit.log || fail "submit: $(cat submit.log)"
grep -q 'missing.jsonl: cannot open' submit.log || fail "submit: $(cat submit.log)"
[ "$n" = 19 ] || fail "submit printed '$n', not 19"
"$T" status -c shared.conf >status1.txt || fail "status"
grep -q 'tidings:{shared}:in  *19 ' status1.txt || fail "status before: $(cat status1.txt)"
bg w1 "$T" worker -c shared.conf --workers 1
bg w2 "$T" worker -c shared.conf --workers 1
bg w3 "$T" worker -c shared.conf --from testtok --workers 2
bg w4 "$T" worker -c shared.conf --from testcount --workers 1
workers=("${PIDS[@]: -4}")
"$T" collect -c shared.conf -o collected.jsonl --count 19 --errors dead.jsonl 2>collect.log
[ $? = 1 ] || fail "collect should say a document was a dead letter: $(cat collect.log)"
grep -q "19 documents.*17 written, 1 dropped, 1 dead letters" collect.log ||
    fail "collect: $(cat collect.log)"
sort collected.jsonl | cmp -s - <(sort test-split-mem.out) ||
    fail "collected documents differ from the memory queue's"
grep -q '"error":"broken.jsonl:5: document .p.: testfail: found the marker' dead.jsonl ||
    fail "dead letters: $(cat dead.jsonl)"
"$T" status -c shared.conf >status2.txt || fail "status"
grep -q "collected: 19 document ids" status2.txt || fail "status after: $(cat status2.txt)"
grep -q "last: broken.jsonl:5: document 'p': testfail" status2.txt || fail "$(cat status2.txt)"
grep -Eq '^  [^ ]+:[0-9]+:0 +0  idle' status2.txt || fail "no consumers: $(cat status2.txt)"
# a signal: each worker finishes and exits 0, leaving the group
kill -TERM "${workers[@]}"
for p in "${workers[@]}"; do
    wait "$p" || fail "a worker exited $? after SIGTERM"
done
grep -q "finishing the batches in hand" "$WORK/w1.log" || fail "worker: $(cat "$WORK/w1.log")"
# consumed entries are trimmed (every group acknowledged them)
for s in in at:testtok at:testcount; do
    len=$(rcli XLEN "tidings:{shared}:$s")
    [ "$len" = 0 ] || fail "tidings:{shared}:$s still holds $len entries"
done
[ "$(rcli XLEN 'tidings:{shared}:dead')" = 1 ] || fail "the dead letter is kept"
"$T" status -c shared.conf >status3.txt
grep -Eq ':[0-9]+:0 ' status3.txt && fail "stopped workers are still listed: $(cat status3.txt)"
say "ok"
