"""institutions.tsv: international bodies, central banks, government
bodies, regulators, exchanges, companies, banks, universities, institutes,
parties and media -> the full name, acronym and type."""
import re

from . import wordnet
from .common import log, read_hand

TYPES = {'international', 'central_bank', 'government', 'regulator', 'company', 'bank',
         'exchange', 'university', 'institute', 'party', 'media'}

# WordNet hypernym (head lemma) -> our type. Classes not listed (terrorist
# organisations, military commands, secret societies, sects) are left out.
WORDNET_CLASS = {
    'United Nations agency': 'international', 'world organization': 'international',
    'international organization': 'international',
    'agency': 'government', 'independent agency': 'government',
    'executive department': 'government', 'executive agency': 'government',
    'law enforcement agency': 'government', 'United States intelligence agency': 'government',
    'international intelligence agency': 'government', 'Russian agency': 'government',
    'central bank': 'central_bank', 'corporation': 'company', 'investment company': 'company',
    'party': 'party', 'political party': 'party', 'federation': 'institute',
    'association': 'institute', 'lobby': 'institute', 'union': 'institute',
}
ACRONYM = re.compile(r'[A-Z][A-Za-z0-9&]{1,7}')
# WordNet bodies that are military or intelligence units: rarely news
# institutions, and their acronyms collide with other things.
MILITARY = re.compile(r'\b(Naval|Navy|Army|Air Force|Marine|Warfare|Defense|Command|Guard|'
                      r'Intelligence|Counterterrorist|Nonproliferation|Reconnaissance)\b')


def _wordnet_rows(words, taken):
    """[canonical, acronym, type, [patterns]] for WordNet noun.group synsets
    of a known class that have an acronym and a multi-word full name."""
    nouns = wordnet.read('noun')
    out = []
    for s in nouns.values():
        if s.lex != wordnet.LEX_GROUP:
            continue
        hyper = [nouns[o].names()[0] for sym, o, pos, _, _ in s.ptrs if sym in ('@', '@i')]
        kind = next((WORDNET_CLASS[h] for h in hyper if h in WORDNET_CLASS), None)
        if not kind:
            continue
        names = s.names()
        acr = [n for n in names if n.isupper() and ACRONYM.fullmatch(n)
               and len(n) >= 3 and n.lower() not in words]
        full = [n for n in names if ' ' in n and n[:1].isupper() and not n.isupper()]
        if not acr or not full or full[0].casefold() in taken or MILITARY.search(full[0]):
            continue
        out.append([full[0], acr[0], kind, full[1:] + acr[1:]])
    return out


def build(words, country_patterns=frozenset()):
    rows = []
    taken = set()
    drop = set()
    for canonical, acronym, kind, others in read_hand('institutions.tsv', 4):
        if kind == 'drop':
            drop.add(canonical.casefold())
            continue
        if kind not in TYPES:
            raise ValueError(f'hand/institutions.tsv: type {kind!r} of {canonical} not in {sorted(TYPES)}')
        if canonical.casefold() in taken:
            log(f'warning: hand/institutions.tsv lists {canonical!r} twice; the first row counts')
            continue
        rows.append([canonical, acronym, kind, [o.strip() for o in others.split('|') if o.strip()]])
        taken.add(canonical.casefold())
    nhand = len(rows)
    rows += _wordnet_rows(words, taken)
    out = []
    for canonical, acronym, kind, others in rows:
        if canonical.casefold() in drop:
            continue
        for pat in [canonical] + ([acronym] if acronym else []) + others:
            if pat.casefold() not in drop and pat.casefold() not in country_patterns:
                out.append([pat, canonical, acronym if acronym.casefold() not in drop else '', kind])
    log(f'institutions: {nhand} hand-written, {len(rows) - nhand} from WordNet')
    return out
