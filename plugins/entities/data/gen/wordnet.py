"""Minimal reader of the WordNet 3 database files (wordnet-base)."""
import functools
import os
from .common import WORDNET, need

LEX_LOCATION, LEX_PERSON, LEX_GROUP = 15, 18, 14


class Synset:
    __slots__ = ('offset', 'pos', 'lex', 'lemmas', 'ptrs', 'gloss')

    def names(self):
        return [l.replace('_', ' ') for l in self.lemmas]


@functools.lru_cache(maxsize=None)
def read(pos):
    """{offset: Synset} of data.<pos> ('noun', 'adj'); read once, shared
    (callers must not change it)."""
    out = {}
    with open(need(os.path.join(WORDNET, 'data.' + pos)), encoding='utf-8') as f:
        for line in f:
            if line.startswith('  '):
                continue
            head, _, gloss = line.partition(' | ')
            t = head.split()
            s = Synset()
            s.offset, s.lex, s.pos = t[0], int(t[1]), t[2]
            n = int(t[3], 16)
            # adjective lemmas may carry a marker such as "(a)"
            s.lemmas = [t[4 + 2 * i].split('(')[0] for i in range(n)]
            i = 4 + 2 * n
            np = int(t[i])
            i += 1
            s.ptrs = []
            for _ in range(np):
                sym, off, ppos, st = t[i:i + 4]
                s.ptrs.append((sym, off, ppos, int(st[:2], 16), int(st[2:], 16)))
                i += 4
            s.gloss = gloss.strip()
            out[s.offset] = s
    return out


@functools.lru_cache(maxsize=None)
def index(pos):
    """{lemma: [synset offsets, most frequent sense first]} of index.<pos>."""
    out = {}
    with open(need(os.path.join(WORDNET, 'index.' + pos)), encoding='utf-8') as f:
        for line in f:
            if line.startswith('  '):
                continue
            t = line.split()
            lemma, ncount = t[0], int(t[2])
            out[lemma.replace('_', ' ')] = t[-ncount:]
    return out
