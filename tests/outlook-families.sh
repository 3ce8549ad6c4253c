#!/bin/sh
# The committed plugins/outlook/data/families.tsv must be what make-families
# writes from the lexicon: a stale file would grow the entries into other
# families than the stemmer gives (the stage stems only words it lacks).
d=${srcdir:-.}/plugins/outlook/data
plugins/outlook/make-families "$d/tone.tsv" "$d/metrics.tsv" "$d/directions.tsv" > outlook-families.out || exit 1
if ! cmp -s outlook-families.out "$d/families.tsv"; then
    echo "plugins/outlook/data/families.tsv is stale: run plugins/outlook/make-families (see its header)" >&2
    diff outlook-families.out "$d/families.tsv" | head -20 >&2
    rm -f outlook-families.out
    exit 1
fi
rm -f outlook-families.out
