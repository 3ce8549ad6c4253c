"""regions.tsv: continents, sub-regions and blocs used as places,
first-level subdivisions (provinces, states) and cities."""
import json
import os
import re

from . import cldr, geonames, wordnet
from .common import ISO_JSON, need, log, read_hand, strip_accents

# UN M.49 codes of continents in CLDR (the rest of the numeric codes are
# sub-regions); 001 world, QO outlying Oceania and 057 are left out.
CONTINENTS = {'002', '142', '150', '009', '019', '003', '005', '010'}
SKIP_CODES = {'001', '057', 'QO', 'EU', 'UN'}  # EU and UN are institutions

# Countries whose first-level subdivisions (ISO 3166-2 without a parent)
# news names: the largest economies and populations. Others can be added.
# Countries with many small subdivisions named by short or common words
# (Turkey's Batman and Van, Nigeria's Edo and Imo) are left out.
# (and Japan's prefectures, often surnames too: Miyazaki, Ishikawa; its
# large cities are in the city list).
MAIN_SUBDIVISION_COUNTRIES = set('US CN CA IN AU DE BR MX RU GB ES IT FR ZA PK ID AR KR MY NL BE CH AT IE'
                                 .split())
# Countries whose subdivisions news names less often: their short names
# (Tak, Vas) and names that are common surnames (Vargas) are left out too.
OTHER_SUBDIVISION_COUNTRIES = set('VE CO PE CL EC PH TH VN PL SE NO DK FI NZ PT GR RO CZ HU SA'.split())
SUBDIVISION_COUNTRIES = MAIN_SUBDIVISION_COUNTRIES | OTHER_SUBDIVISION_COUNTRIES
STATE_TYPES = {'State', 'District', 'Federal district', 'Land', 'Federal state'}

CITY_MIN_POPULATION = 250_000
# a city whose name has a word that is no ordinary word (Peterborough,
# Milton Keynes, Aberdeen) is listed from this size: towns that national
# news names, with little to confuse them with. Names made of ordinary
# words only (High Point, Green Bay) keep CITY_MIN_POPULATION.
TOWN_MIN_POPULATION = 100_000
# a city whose name is also an ordinary word (Reading, Nice, Mesa), a
# given name (Charlotte, Florence) or a common surname (Henderson) needs
# this many people, or to be a
# national capital, to be listed: otherwise the word or the person is far
# more likely (hand/regions.tsv adds the few that news needs: Austin)
AMBIGUOUS_CITY_MIN_POPULATION = 1_000_000
# a city at least this large wins over a subdivision of the same name
# (Tokyo the city, not the prefecture; Beijing the city)
CITY_OVER_PROVINCE_POPULATION = 1_000_000


def _subdivisions():
    with open(need(os.path.join(ISO_JSON, 'iso_3166-2.json')), encoding='utf-8') as f:
        return json.load(f)['3166-2']


def _country_of_synset(nouns, country_of, s, depth=4):
    """ISO code of the country a WordNet place is part of (#p holonyms)."""
    seen = [s]
    for _ in range(depth):
        nxt = []
        for t in seen:
            for sym, off, pos, _, _ in t.ptrs:
                if sym == '#p' and pos == 'n':
                    if off in country_of:
                        return country_of[off]
                    if off in nouns:
                        nxt.append(nouns[off])
        seen = nxt
    return None


def build(case_rule, taken_patterns, country_of, surnames=frozenset()):
    words, given = case_rule.words, case_rule.given

    def ambiguous(name):
        return name.lower() in words or name in given or strip_accents(name) in given

    def nickname(name):
        """WordNet's 'Bean Town', 'Hub of the Universe', 'New Flower': only
        ordinary words, a description rather than a name."""
        return all(w in words or w in ('of', 'the') for w in name.lower().split())

    rows = []  # [pattern, canonical, kind, country], in order of priority
    hand = read_hand('regions.tsv', 4)
    dropped = {r[0].casefold() for r in hand if r[2] == 'drop'}
    for pat, canonical, kind, country in hand:
        if kind != 'drop':
            rows.append([pat, canonical, kind, country])

    # continents and sub-regions: CLDR English names
    terr = cldr.territory_names()
    for code, names in terr.items():
        if code in SKIP_CODES or not (code.isdigit() or code == 'EZ'):
            continue
        kind = 'continent' if code in CONTINENTS else 'region'
        canonical = names['']
        for n in names.values():
            rows.append([n, canonical, kind, ''])

    # provinces and states: CLDR English subdivision names
    sub_en = cldr.subdivision_names()
    subs = []
    for s in _subdivisions():
        cc, _, local = s['code'].partition('-')
        if cc not in SUBDIVISION_COUNTRIES or s.get('parent'):
            continue
        name = sub_en.get((cc + local).lower())
        if name:
            while name and not name[-1].isalpha():  # CLDR footnote marks: 'Ile-de-France²'
                name = name[:-1]
        # a subdivision named by a word (Delta, Rivers, Eastern) or, outside
        # the federal states news knows, by a given name (Magdalena) is left out
        if (not name or ',' in name or name.lower() in words
                or (cc not in ('US', 'CA', 'AU') and ambiguous(name))
                or (cc in OTHER_SUBDIVISION_COUNTRIES and (len(name) < 4 or name in surnames))):
            continue
        kind = 'state' if s['type'] in STATE_TYPES or (cc in ('US', 'IN', 'AU', 'BR', 'MX', 'NG', 'MY', 'DE')
                                                     and s['type'] not in ('Province', 'Territory')) else 'province'
        subs.append((name, kind, cc))

    # cities: GeoNames, the large ones plus capitals from WordNet
    nouns = wordnet.read('noun')
    capital_heads = {o for o, s in nouns.items() if s.names()[0] == 'national capital'}
    wn_city = {}  # (name, iso) -> (is capital, synonyms)
    for s in nouns.values():
        if s.lex != wordnet.LEX_LOCATION:
            continue
        hyper = {o for sym, o, _, _, _ in s.ptrs if sym in ('@', '@i')}
        if not re.search(r'\b(city|capital|port|town)\b', s.gloss):
            continue
        iso = _country_of_synset(nouns, country_of, s)
        if not iso:
            continue
        capital = bool(hyper & capital_heads)
        syn = [n for n in s.names()[1:] if not re.search(r'(?i)capital|city of|\bcity$', n)
               and n[:1].isupper() and not ambiguous(n) and not nickname(n)]
        wn_city[(s.names()[0], iso)] = (capital, syn)

    best = {}
    for c in geonames.cities():
        key = c['name']
        if any(ch.isdigit() for ch in key):  # 'Delmas 73': a district
            continue
        cap = wn_city.get((key, c['country']), (False, []))[0]
        pop = c['population']
        risky = ambiguous(key) or key in surnames
        need_pop = (AMBIGUOUS_CITY_MIN_POPULATION if risky
                    else CITY_MIN_POPULATION if nickname(key) else TOWN_MIN_POPULATION)
        if not cap and pop < need_pop:
            continue
        if key not in best or (cap, pop) > (best[key][0], best[key][1]['population']):
            best[key] = (cap, c)
    city_wins = {(k, c['country']) for k, (cap, c) in best.items()
                 if cap or c['population'] >= CITY_OVER_PROVINCE_POPULATION}

    for name, kind, cc in subs:
        if (name, cc) in city_wins:
            continue
        rows.append([name, name, kind, cc])
    ncity = 0
    for name, (cap, c) in sorted(best.items(), key=lambda kv: -kv[1][1]['population']):
        rows.append([name, name, 'city', c['country']])
        ncity += 1
        for syn in wn_city.get((name, c['country']), (False, []))[1]:
            rows.append([syn, name, 'city', c['country']])

    out = []
    for pat, canonical, kind, cc in rows:
        plain = strip_accents(pat)
        for p in {pat, plain} if plain == pat or not ambiguous(plain) else {pat}:
            if p.casefold() in dropped or p.casefold() in taken_patterns:
                continue
            out.append([p, canonical, kind, cc])
    log(f'regions: {len(subs)} subdivisions, {ncity} cities')
    return out
