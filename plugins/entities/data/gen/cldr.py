"""Readers of CLDR (unicode-cldr-core): English display names and the
supplemental data (containment, population, currencies)."""
import os
import xml.etree.ElementTree as ET
from .common import CLDR, need, nfc

_cache = {}


def _tree(rel):
    if rel not in _cache:
        _cache[rel] = ET.parse(need(os.path.join(CLDR, rel))).getroot()
    return _cache[rel]


def territory_names():
    """{code: {'': default, 'short': ..., 'variant': ...}} from main/en.xml;
    codes are ISO alpha-2 or UN M.49 numbers (001 world, 419 Latin America)
    or groupings (EU, EZ, UN)."""
    out = {}
    for t in _tree('main/en.xml').iter('territory'):
        if t.get('type') and t.text:
            out.setdefault(t.get('type'), {})[t.get('alt', '')] = nfc(t.text)
    return out


def subdivision_names():
    """{'cnzj': 'Zhejiang', ...} from subdivisions/en.xml."""
    return {s.get('type'): nfc(s.text) for s in _tree('subdivisions/en.xml').iter('subdivision')
            if s.get('type') and s.text}


def exemplar_cities():
    """{'Asia/Kolkata': 'Kolkata', ...}: English names of time-zone cities."""
    out = {}
    for z in _tree('main/en.xml').iter('zone'):
        e = z.find('exemplarCity')
        if e is not None and e.text and not e.get('alt'):
            out[z.get('type')] = nfc(e.text)
    return out


def population():
    """{alpha-2: population} from supplementalData territoryInfo."""
    out = {}
    info = _tree('supplemental/supplementalData.xml').find('territoryInfo')
    for t in info.findall('territory'):
        out[t.get('type')] = int(float(t.get('population', '0')))
    return out


def containment():
    """{group: [members]} (non-deprecated) from territoryContainment."""
    out = {}
    for g in _tree('supplemental/supplementalData.xml').find('territoryContainment'):
        if g.get('status') == 'deprecated':
            continue
        out.setdefault(g.get('type'), []).extend(g.get('contains', '').split())
    return out


def currencies():
    """{ISO 4217: {'name': ..., 'one': ..., 'other': ..., 'symbol': ...,
    'narrow': ...}} from main/en.xml."""
    out = {}
    for c in _tree('main/en.xml').iter('currency'):
        code = c.get('type')
        if not code or len(code) != 3:
            continue
        d = out.setdefault(code, {})
        for e in c:
            if not e.text:
                continue
            if e.tag == 'displayName':
                d[e.get('count', 'name')] = nfc(e.text)
            elif e.tag == 'symbol':
                d['narrow' if e.get('alt') == 'narrow' else 'symbol'] = nfc(e.text)
    return out


def current_currencies():
    """{alpha-2: [ISO 4217 in use, legal tender]} from currencyData."""
    out = {}
    cd = _tree('supplemental/supplementalData.xml').find('currencyData')
    for region in cd.findall('region'):
        for cur in region.findall('currency'):
            if cur.get('to') is None and cur.get('tender') != 'false':
                out.setdefault(region.get('iso3166'), []).append(cur.get('iso4217'))
    return out


def currency_symbols():
    """{ISO 4217: {'': symbol, 'narrow': ..., 'variant': ...}}: root.xml's
    symbols with en.xml's English overrides ($ is USD, ¥ is JPY)."""
    out = {}
    for rel in ('main/root.xml', 'main/en.xml'):
        for c in _tree(rel).iter('currency'):
            for e in c.findall('symbol'):
                if e.text and c.get('type'):
                    out.setdefault(c.get('type'), {})[e.get('alt', '')] = nfc(e.text)
    return out
