"""given_names.tsv and titles.tsv: who is a person, and what news calls
them by (titles, roles, honorifics)."""
import functools
import gzip
import importlib.util
import os
import re

from . import wordnet
from .common import STOPWORDS, TEXT_NAMES, NAMEPARSER, DICT, need, log, read_hand

# A name counts as one gender when the US census frequency of that gender is
# at least this many times the other's (Leslie, Jordan, Taylor stay 'u'),
# and at least GENDER_MIN_PERCENT of people of that gender bear it: the long
# tail of the lists holds names such as Wei and Li whose census gender says
# little about the people news quotes.
GENDER_RATIO = 4.0
GENDER_MIN_PERCENT = 0.003


@functools.lru_cache(maxsize=None)
def _census_lists():
    """{'JAMES': 3.318, ...} for male, female from Text::Names' heredocs."""
    lists = {}
    cur = None
    with open(need(TEXT_NAMES), encoding='latin-1') as f:
        for line in f:
            m = re.match(r'\$COMMON_(MALE|FEMALE|SURNAMES)\w* = <<ENDNAMES;', line)
            if m:
                cur = lists.setdefault(m.group(1), {})
                continue
            if line.startswith('ENDNAMES'):
                cur = None
                continue
            if cur is not None:
                # a line may hold two records (a quirk of the module's data)
                for name, freq in re.findall(r'([A-Z][A-Z\'-]*)\s+([0-9.]+)\s+[0-9.]+\s+\d+', line):
                    cur[name] = float(freq)
    for k in ('MALE', 'FEMALE', 'SURNAMES'):
        if not lists.get(k):
            raise ValueError(f'{TEXT_NAMES}: no {k} list found (format changed?)')
    return lists['MALE'], lists['FEMALE'], lists['SURNAMES']


def _title_case(name):
    """'MCDONALD' -> 'Mcdonald' is wrong, but census given names are plain."""
    return '-'.join(p[:1] + p[1:].lower() for p in name.split('-'))


def given_names(words=None):
    """{Name: 'm'|'f'|'u'}. With `words`, names only miscfiles lists that
    are ordinary words (its Deadly, Plastic, Revised) are left out."""
    male, female, _ = _census_lists()
    out = {}
    for n in set(male) | set(female):
        m, f = male.get(n, 0.0), female.get(n, 0.0)
        g = 'u'
        if max(m, f) >= GENDER_MIN_PERCENT:
            g = 'm' if m >= GENDER_RATIO * f else 'f' if f >= GENDER_RATIO * m else 'u'
        out[_title_case(n)] = g
    with gzip.open(need(os.path.join(DICT, 'propernames.gz')), 'rt', encoding='utf-8') as f:
        for line in f:
            n = line.strip()
            if n and n[0].isupper() and ' ' not in n and not (words and n.lower() in words):
                out.setdefault(n, 'u')
    for name, gender in read_hand('given_names.tsv', 2):
        if gender not in ('m', 'f', 'u'):
            raise ValueError(f'hand/given_names.tsv: gender {gender!r} for {name}')
        out[name] = gender
    return out


def surnames():
    _, _, s = _census_lists()
    return {_title_case(n) for n in s}


CALENDAR = {'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august',
            'september', 'october', 'november', 'december', 'monday', 'tuesday', 'wednesday',
            'thursday', 'friday', 'saturday', 'sunday'}


def build_given(words, places=frozenset()):
    """[name, gender, use]: use is 'word' (also an ordinary word, a month),
    'place' (also a gazetteer pattern: Georgia, Chelsea) or 'name'."""
    rows = []
    for n, g in given_names(words).items():
        low = n.lower()
        use = ('word' if low in words or low in STOPWORDS or low in CALENDAR
               else 'place' if n.casefold() in places else 'name')
        rows.append([n, g, use])
    log(f'given names: {len(rows)} ({sum(r[2] != "name" for r in rows)} are also words or places)')
    return rows


def _nameparser(module):
    path = need(os.path.join(NAMEPARSER, module + '.py'))
    spec = importlib.util.spec_from_file_location('nameparser_' + module, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


HONORIFICS = {'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'sir', 'dame', 'lord', 'lady', 'madam',
              'madame', 'monsieur', 'herr', 'frau', 'prof', 'professor', 'messrs', 'mme', 'mlle',
              'sheikh', 'shaikh', 'sheik'}
# The gender an honorific tells ("honorific male": Mr Wang is a man).
HONORIFIC_GENDER = {'mr': 'male', 'sir': 'male', 'lord': 'male', 'monsieur': 'male', 'herr': 'male',
                    'sheikh': 'male', 'shaikh': 'male', 'sheik': 'male', 'messrs': 'male',
                    'mrs': 'female', 'ms': 'female', 'miss': 'female', 'dame': 'female',
                    'lady': 'female', 'madam': 'female', 'madame': 'female', 'frau': 'female',
                    'mme': 'female', 'mlle': 'female'}
# nameparser titles that in news are far more often ordinary words than a
# title before a name ("a Major bank", "the General Assembly"), family
# words, or religious and military ranks.
NOT_NEWS_TITLES = {'maid', 'master', 'mother', 'father', 'brother', 'sister', 'aunt', 'auntie',
                   'uncle', 'major', 'chief', 'private', 'general', 'marshal', 'count', 'baron',
                   'bishop', 'elder', 'saint', 'mister', 'cardinal', 'rabbi', 'imam', 'pope',
                   'pastor', 'reverend', 'canon', 'prior', 'primate', 'prelate', 'deacon', 'friar',
                   'monk', 'priest', 'priestess', 'vicar', 'abbot', 'abbess', 'acolyte', 'adept',
                   'druid', 'guru', 'swami', 'lama', 'mullah', 'mufti', 'ayatollah', 'soldier',
                   'sailor', 'servant', 'nanny', 'model', 'host', 'player', 'member', 'resident',
                   'bearer', 'heir', 'heiress', 'collector', 'superior', 'junior', 'senior',
                   'designated', 'associate', 'assistant', 'deputy', 'vice', 'first', 'right',
                   'grand', 'high', 'most', 'blessed', 'venerable', 'eminence', 'excellency',
                   'holiness', 'highness', 'majesty', 'excellent', 'honorable', 'honourable',
                   'captain', 'corporal', 'sergeant', 'lieutenant', 'commander', 'colonel',
                   'admiral', 'brigadier', 'commodore', 'ensign', 'officer', 'ranger', 'warden',
                   'pilot', 'nurse', 'coach', 'chef', 'critic', 'comic', 'pioneer', 'expert'}
# Post-nominal suffixes news writes after a name (of nameparser's lists).
NEWS_SUFFIXES = {'jr', 'jnr', 'sr', 'snr', 'ii', 'iii', 'iv', 'phd', 'md', 'mba', 'obe', 'mbe',
                 'cbe', 'kbe', 'qc', 'kc', 'cfa', 'cpa', 'esq'}
# Government and business roles take these before them: "deputy governor",
# "acting chairman", "interim chief executive".
MODIFIERS = ('deputy', 'acting', 'interim')


def _person_nouns():
    """Words whose most frequent noun sense in WordNet is a person and that
    are not adjectives: a title must name a person ('computer', 'rock',
    'national', 'federal' are in nameparser's list but not titles)."""
    nouns = wordnet.read('noun')
    adjectives = wordnet.index('adj')
    out = set()
    for lemma, offsets in wordnet.index('noun').items():
        first = nouns.get(offsets[0])
        if first is not None and first.lex == wordnet.LEX_PERSON and lemma not in adjectives:
            out.add(lemma.lower())
    return out


class TitleCase:
    """Honorifics and suffixes in exact case (Mr, Jr, PhD); roles folded so
    that 'President', 'president' and 'PRESIDENT' all match."""

    def exact(self, pattern):
        return self.kind.get(pattern, '').startswith(('honorific', 'suffix'))

    def __init__(self, kind):
        self.kind = kind


def build_titles():
    tmod, smod = _nameparser('titles'), _nameparser('suffixes')
    person = _person_nouns()
    kinds = {}
    for t in tmod.TITLES:
        low = t.strip().lower()
        if low in HONORIFICS:
            kinds[low] = 'honorific'
        elif (low not in NOT_NEWS_TITLES and low in person and len(low) > 2
              and re.fullmatch(r"[a-z][a-z' -]*[a-z]", low)):
            kinds[low] = 'role'
    for t, kind in read_hand('titles.tsv', 2):
        if kind == 'drop':
            kinds.pop(t, None)
        else:
            kinds[t] = kind
    for t, kind in list(kinds.items()):
        if kind in ('government', 'business') and not t.startswith(MODIFIERS):
            for m in MODIFIERS:
                kinds.setdefault(f'{m} {t}', kind)
    rows = []
    for t, k in kinds.items():
        if k == 'honorific':
            cap = t[:1].upper() + t[1:]
            if t in HONORIFIC_GENDER:
                k = f'honorific {HONORIFIC_GENDER[t]}'
            rows.append([cap, k])
            if len(t) <= 4 and t != 'miss':
                rows.append([cap + '.', k])
        else:
            rows.append([t, k])
    suffixes = (set(smod.SUFFIX_NOT_ACRONYMS) | set(smod.SUFFIX_ACRONYMS)) & NEWS_SUFFIXES
    for sfx in sorted(suffixes):
        forms = {sfx.upper(), sfx.upper() + '.'} if len(sfx) <= 3 and sfx not in ('jr', 'sr', 'jnr', 'snr', 'esq', 'phd') \
            else {sfx[:1].upper() + sfx[1:], sfx[:1].upper() + sfx[1:] + '.'}
        if sfx == 'phd':
            forms = {'PhD', 'Ph.D.'}
        for f in forms:
            rows.append([f, 'suffix'])
    case = TitleCase({r[0]: r[1] for r in rows})
    log(f'titles: {len(rows)} rows')
    return rows, case


SURNAME_FIRST = {'chinese', 'korean', 'vietnamese'}


def build_surnames(words, places=frozenset()):
    """[surname, origin, order, use]: the US census's 1,000 commonest
    surnames (origin 'census') and hand/surnames.tsv (which wins for the
    surname-first origins); order is 'first' for origins that put the
    surname first (Wang Jun), 'either' when the census has the name too
    (Kim, Lee, Nguyen), else 'last'; use as in given_names.tsv."""
    census = surnames()
    origin = {n: 'census' for n in census}
    for n, o in read_hand('surnames.tsv', 2):
        if n not in census or o in SURNAME_FIRST:
            origin[n] = o
    rows = []
    for n, o in origin.items():
        low = n.lower()
        use = ('word' if low in words or low in STOPWORDS or low in CALENDAR
               else 'place' if n.casefold() in places else 'name')
        # Kim, Lee, Nguyen: surname-first in Asia, last in the US census
        order = ('either' if o in SURNAME_FIRST and n in census
                 else 'first' if o in SURNAME_FIRST else 'last')
        rows.append([n, o, order, use])
    log(f'surnames: {len(rows)} ({sum(r[1] != "census" for r in rows)} from the hand list)')
    return rows
