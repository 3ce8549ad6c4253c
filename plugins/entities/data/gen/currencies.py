"""plugins/claims/data/currencies.tsv: how news writes money -> ISO 4217."""
import json
import os

from . import cldr
from .common import ISO_JSON, need, log, read_hand

KINDS = {'name', 'word', 'symbol', 'code', 'minor'}
# ISO codes kept even when their lower case is a word (TRY is the lira)
MAJOR_CODES = {'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'CHF', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD',
               'KRW', 'INR', 'BRL', 'RUB', 'ZAR', 'MXN', 'TRY', 'SEK', 'NOK', 'DKK', 'PLN',
               'TWD', 'THB', 'IDR', 'MYR', 'PHP', 'VND', 'SAR', 'AED', 'ILS', 'EGP', 'NGN',
               'KES', 'ARS', 'CLP', 'COP', 'PEN', 'CZK', 'HUF', 'PKR', 'BDT', 'UAH', 'KZT'}


def build(words):
    with open(need(os.path.join(ISO_JSON, 'iso_4217.json')), encoding='utf-8') as f:
        iso = {c['alpha_3']: c for c in json.load(f)['4217']}
    names = cldr.currencies()
    symbols = cldr.currency_symbols()
    pop = cldr.population()
    users = {}  # ISO 4217 -> population of the territories using it
    for terr, codes in cldr.current_currencies().items():
        for c in codes:
            users[c] = users.get(c, 0) + pop.get(terr, 0)

    rows = []
    dropped = set()
    for pat, code, kind in read_hand('currencies.tsv', 3):
        if kind == 'drop':
            dropped.add(pat)
        elif kind not in KINDS:
            raise ValueError(f'hand/currencies.tsv: kind {kind!r} of {pat}')
        else:
            rows.append([pat, code, kind])

    # the currencies in use, the most widely used first: a bare unit name
    # ("peso") not given by the hand file goes to the first currency using it
    current = sorted((c for c in iso if c in users), key=lambda c: -users[c])
    for code in current:
        if code not in dropped and (code in MAJOR_CODES or code.lower() not in words):
            rows.append([code, code, 'code'])
        for key in ('name', 'one', 'other'):
            n = names.get(code, {}).get(key) or (iso[code]['name'] if key == 'name' else None)
            if not n or '(' in n:
                continue
            rows.append([n, code, 'name'])
            unit = n.split()[-1]
            if unit != n and key != 'name':
                # short units (som, leu, kip) are as risky alone as words
                risky = unit.lower() in words or len(unit) <= 3
                rows.append([unit, code, 'word' if risky else 'name'])
    for code in current:
        for alt, sym in symbols.get(code, {}).items():
            sym = sym.replace('\u202f', ' ')
            # narrow symbols shared by many currencies ($, kr) or single
            # letters (R, K) say too little
            if alt == 'narrow' and (len(sym) < 2 and sym.isascii() or sym in ('kr', 'Bs', 'Rs', 'lei', 'Ft')):
                continue
            rows.append([sym, code, 'symbol'])

    out = [r for r in rows if r[0] not in dropped]
    log(f'currencies: {len(current)} ISO 4217 codes in use')
    return out
