"""countries.tsv: country names, aliases and demonyms -> ISO alpha-2 and
the CLDR everyday English short name."""
import json
import os
import re

from . import cldr, wordnet
from .common import ISO_JSON, RUBY_COUNTRIES, need, log, read_hand, strip_accents, nfc

# Names CLDR gives in a form news never writes; replaced by its short or
# variant form, or by a canonical row of hand/aliases.tsv.
AWKWARD = re.compile(r' SAR |\(| - |&')
COUNTRY_GLOSS = re.compile(r'\b(republic|kingdom|country|nation|monarchy|sultanate|emirate|'
                           r'principality|federation|commonwealth|territory|dependency|colony|'
                           r'island|islands|archipelago|state)\b')
NOT_COUNTRY_GLOSS = re.compile(r'^(a |an |the )?(large |small )?(city|town|port|capital|river|'
                               r'state in|one of the|region of|province|former)')


def _ruby():
    cache = os.path.join(RUBY_COUNTRIES, 'cache')
    with open(need(os.path.join(cache, 'countries.json')), encoding='utf-8') as f:
        data = json.load(f)
    # every name of a country in a language other than English, to tell the
    # English unofficial names from the translated ones
    foreign = set()
    locales = os.path.join(cache, 'locales')
    need(locales)
    for fn in sorted(os.listdir(locales)):
        if fn.endswith('.json') and fn != 'en.json':
            with open(os.path.join(locales, fn), encoding='utf-8') as f:
                foreign.update(nfc(v) for v in json.load(f).values() if isinstance(v, str))
    return data, foreign


FUNCTION_WORDS = {'of', 'the', 'and', 'de', 'del', 'la', 'le', 'du', 'et', 'y', 'und'}


def _english_unofficial(names, foreign, english_words):
    """English names among ruby-countries' unofficial names: Latin script,
    every word known in English (a dictionary word or a word of an English
    country name), not a translation of another locale, no dangling 'of'.
    'Korea (South)' gives 'Korea'; 'Great Britain (UK)' 'Great Britain'
    and 'UK'."""
    out = []
    for n in names:
        n = nfc(n).replace('\u2019', "'")
        head, _, paren = n.partition(' (')
        paren = paren.rstrip(')').strip()
        cands = [head.strip()]
        if paren and (' ' in paren or (paren.isupper() and len(paren) > 2)):
            cands.append(paren)
        for cand in cands:
            words = cand.replace('-', ' ').split()
            if (not words or '.' in cand or cand in foreign
                    or words[-1].lower() in FUNCTION_WORDS
                    or not all(w.lower() in english_words or w in english_words for w in words)):
                continue
            out.append(cand)
    return out


def _invert(name):
    """'Korea, Republic of' -> 'Republic of Korea'; other comma names -> None."""
    if ',' not in name:
        return name
    head, _, tail = name.partition(', ')
    return f'{tail} {head}' if tail.endswith(' of') else None


def _plural(noun):
    if noun.endswith('man'):
        return noun[:-3] + 'men'
    if re.search(r'(ese|ss|sh|ch|x|s)$', noun):
        return None
    return noun + 's'


# Generated patterns that are wrong or too risky in news text; hand/aliases.tsv
# rows of form drop do the same for entries found later.
def _nationalities(text):
    """'Antiguan, Barbudan' -> ['Antiguan', 'Barbudan']."""
    return [t.strip() for t in text.split(',') if t.strip()]


def build(case_rule):
    with open(need(os.path.join(ISO_JSON, 'iso_3166-1.json')), encoding='utf-8') as f:
        iso = {c['alpha_2']: c for c in json.load(f)['3166-1']}
    terr = cldr.territory_names()
    pop = cldr.population()
    ruby, foreign = _ruby()
    hand = read_hand('aliases.tsv', 3)

    canonical = {}
    for code in iso:
        names = terr.get(code, {})
        name = names.get('', iso[code].get('common_name', iso[code]['name']))
        name = name.replace(' & ', ' and ')
        if AWKWARD.search(name):
            name = names.get('short') or name
        canonical[code] = name
    for pat, code, form in hand:
        if form == 'canonical':
            canonical[code] = pat

    # (priority, pattern, iso, form): lower priority first, so the first
    # row of a pattern (the one write_tsv keeps) is the most reliable.
    rows = []

    def add(prio, pat, code, form):
        pat = nfc(pat.replace('\u2019', "'").replace(' & ', ' and '))
        if prio > 0:
            # generated: 'the French Republic' -> 'French Republic'; codes of
            # two capitals (AS, GU, PR) are words in headlines, not countries
            if re.match(r'^[Tt]he \S+ ', pat):
                pat = pat[4:]
            if pat.isupper() and len(pat.replace('.', '')) <= 2:
                return
        if pat and code in iso:
            if pat.startswith('St. '):  # St. Lucia: also St Lucia, Saint Lucia
                add(prio, 'St ' + pat[4:], code, form)
                add(prio, 'Saint ' + pat[4:], code, form)
            rows.append((prio, -pop.get(code, 0), pat, code, form))
            plain = strip_accents(pat)
            if plain != pat:
                rows.append((prio, -pop.get(code, 0), plain, code, form))

    dropped = {p.casefold() for p, c, f in hand if f == 'drop'}
    for pat, code, form in hand:
        if form in ('name', 'alias', 'demonym'):
            add(0, pat, code, form)
        elif form == 'canonical':
            add(0, pat, code, 'name')
        elif form != 'drop':
            raise ValueError(f'hand/aliases.tsv: unknown form {form!r} for {pat}')

    english = set()
    for code, c in iso.items():
        add(1, canonical[code], code, 'name')
        for key in ('name', 'common_name', 'official_name'):
            n = c.get(key) and _invert(nfc(c[key]))
            if n:
                english.add(n)
                add(2, n, code, 'name')
        for alt, n in terr.get(code, {}).items():
            if not AWKWARD.search(n):
                english.add(n)
                add(2 if alt == '' else 3, n, code, 'name' if alt == '' else 'alias')
    nouns = wordnet.read('noun')
    adjs = wordnet.read('adj')
    english_words = set(case_rule.words)
    for n in english:
        english_words.update(w.lower() for w in n.replace('-', ' ').split())
    for s in nouns.values():
        if s.lex == wordnet.LEX_LOCATION:
            for n in s.names():
                english_words.update(w.lower() for w in n.replace('-', ' ').split())
    for code, c in ruby.items():
        for n in _english_unofficial(c.get('unofficial_names', []), foreign - english, english_words):
            add(3, n, code, 'alias')
        for n in _nationalities(c.get('nationality', '')):
            add(4, n, code, 'demonym')

    # WordNet: the synset of each country gives synonyms (America, the
    # States, Holland, PRC), adjectives pertaining to it (Chinese) and the
    # nouns of its inhabitants (Briton, Frenchman).
    by_lemma = {}
    for s in nouns.values():
        if s.lex == wordnet.LEX_LOCATION:
            for n in s.names():
                by_lemma.setdefault(n, []).append(s)
    # A synset is the country's when its head lemma is one of the country's
    # names: 'Jersey' is also a lemma of New Jersey, 'China' one of Taiwan.
    names_of = {}
    for _, _, pat, code, form in rows:
        if form != 'demonym':
            names_of.setdefault(code, set()).add(pat)
    country_of = {}
    for code in sorted(iso, key=lambda c: -pop.get(c, 0)):
        for n in sorted(names_of.get(code, ())):
            for s in by_lemma.get(n, []):
                if (s.names()[0] in names_of[code] and COUNTRY_GLOSS.search(s.gloss)
                        and not NOT_COUNTRY_GLOSS.search(s.gloss) and s.offset not in country_of):
                    country_of[s.offset] = code
    for off, code in country_of.items():
        for n in nouns[off].names():
            add(5, n, code, 'alias')
    for s in adjs.values():
        for sym, off, pos, src, _ in s.ptrs:
            if sym == '\\' and pos == 'n' and off in country_of:
                lemmas = s.names() if src == 0 else [s.names()[src - 1]]
                for a in lemmas:
                    if a[:1].isupper():
                        add(6, a, country_of[off], 'demonym')
    for s in nouns.values():
        if s.lex != wordnet.LEX_PERSON or not re.search(r'\b(native|inhabitant|citizen|nationality|descent)\b', s.gloss):
            continue
        for sym, off, pos, _, _ in s.ptrs:
            if sym == '#m' and off in country_of:
                for n in s.names():
                    if n[:1].isupper():
                        add(6, n, country_of[off], 'demonym')
                        p = ' ' not in n and _plural(n)
                        if p:
                            add(6, p, country_of[off], 'demonym')
    # plural of the ruby-countries nationality nouns ending like -an/-i:
    # Americans, Kenyans, Iraqis
    for code, c in ruby.items():
        for n in _nationalities(c.get('nationality', '')):
            if ' ' not in n and re.search(r'(an|i)$', n):
                add(7, n + 's', code, 'demonym')

    rows.sort(key=lambda r: (r[0], r[1]))
    out = [[pat, code, canonical[code], form] for _, _, pat, code, form in rows
           if pat.casefold() not in dropped]
    log(f'countries: {len(iso)} ISO codes, {len(country_of)} WordNet country synsets')
    return out, canonical, country_of
