"""given_names.tsv and titles.tsv: who is a person, and what news calls
them by (titles, roles, honorifics)."""
import gzip
import importlib.util
import os
import re

from .common import TEXT_NAMES, NAMEPARSER, DICT, need, log, read_hand

# A name counts as one gender when the US census frequency of that gender is
# at least this many times the other's (Leslie, Jordan, Taylor stay 'u').
GENDER_RATIO = 4.0


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


def given_names():
    """{Name: 'm'|'f'|'u'}."""
    male, female, _ = _census_lists()
    out = {}
    for n in set(male) | set(female):
        m, f = male.get(n, 0.0), female.get(n, 0.0)
        g = 'm' if m >= GENDER_RATIO * f else 'f' if f >= GENDER_RATIO * m else 'u'
        out[_title_case(n)] = g
    with gzip.open(need(os.path.join(DICT, 'propernames.gz')), 'rt', encoding='utf-8') as f:
        for line in f:
            n = line.strip()
            if n and n[0].isupper() and ' ' not in n:
                out.setdefault(n, 'u')
    for name, gender in read_hand('given_names.tsv', 2):
        if gender not in ('m', 'f', 'u'):
            raise ValueError(f'hand/given_names.tsv: gender {gender!r} for {name}')
        out[name] = gender
    return out


def surnames():
    _, _, s = _census_lists()
    return {_title_case(n) for n in s}


def build_given(words):
    names = given_names()
    rows = [[n, g, 'word' if n.lower() in words else 'name'] for n, g in names.items()]
    log(f'given names: {len(rows)} ({sum(r[2] == "word" for r in rows)} are also ordinary words)')
    return rows


def _nameparser_titles():
    path = need(os.path.join(NAMEPARSER, 'titles.py'))
    spec = importlib.util.spec_from_file_location('nameparser_titles', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return set(mod.TITLES), set(mod.FIRST_NAME_TITLES)


HONORIFICS = {'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'sir', 'dame', 'lord', 'lady', 'madam',
              'madame', 'monsieur', 'herr', 'frau', 'prof', 'professor', 'messrs', 'mme', 'mlle',
              'sheikh', 'shaikh', 'sheik'}
# nameparser's titles that in news are ordinary words far more often than
# titles before a name ("the Chief said", "a Major bank") or are religious
# and military ranks that the hand list keeps when wanted.
NOT_NEWS_TITLES = {'maid', 'master', 'mother', 'father', 'brother', 'sister', 'aunt', 'auntie',
                   'uncle', 'major', 'chief', 'private', 'general', 'marshal', 'judge', 'count',
                   'baron', 'bishop', 'dean', 'elder', 'saint', 'st', 'st.', 'mister', 'king',
                   'queen', 'prince', 'princess', 'duke', 'duchess', 'cardinal', 'rabbi', 'imam',
                   'pope', 'pastor', 'reverend', 'rev', 'cpt', 'capt', 'gen', 'sgt', 'lt', 'col',
                   'cmdr', 'adm', 'hon', 'pres', 'gov', 'sen', 'rep', 'amb', 'supt', 'insp',
                   'det', 'ofc', 'cpl', 'pvt', 'maj', 'brig', 'bg', 'mg', 'lg', 'ltc', 'cwo',
                   'ens', 'fr', 'br', 'sr', 'jr'}


def build_titles(words):
    titles, _ = _nameparser_titles()
    kinds = {}
    for t in titles:
        t = t.strip()
        low = t.lower().rstrip('.')
        if not t or low in NOT_NEWS_TITLES or len(low) < 2:
            continue
        if low in HONORIFICS:
            kinds[low] = 'honorific'
        elif ' ' in low or low in words:
            kinds[low] = 'role'
    for title, kind in read_hand('titles.tsv', 2):
        if kind == 'drop':
            kinds.pop(title, None)
        else:
            kinds[title] = kind
    rows = []
    for t, k in kinds.items():
        rows.append([t, k])
        if k == 'honorific':
            cap = t[:1].upper() + t[1:]
            rows.append([cap, k])
            if len(t) <= 4 and t not in ('miss',):
                rows.append([cap + '.', k])
    log(f'titles: {len(rows)} rows')
    return rows
