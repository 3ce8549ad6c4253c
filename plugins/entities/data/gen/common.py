"""Shared helpers of the gazetteer generator: source paths, reading, writing.

Every source is an installed Debian package; `need()` fails with the package
to install when a file is missing, so a half-installed machine never writes
half a gazetteer.
"""
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # data/
HAND = os.path.join(HERE, 'hand')

ISO_JSON = '/usr/share/iso-codes/json'
CLDR = '/usr/share/unicode/cldr/common'
WORDNET = '/usr/share/wordnet'
RUBY_COUNTRIES = '/usr/share/rubygems-integration/all/gems/countries-3.0.0/lib/countries'
DICT = '/usr/share/dict'
TEXT_NAMES = '/usr/share/perl5/Text/Names.pm'
NAMEPARSER = '/usr/lib/python3/dist-packages/nameparser/config'
GEONAMES_SO = '/usr/lib/x86_64-linux-gnu/libgeonames.so.0'

PACKAGE_OF = {
    ISO_JSON: 'iso-codes', CLDR: 'unicode-cldr-core', WORDNET: 'wordnet-base',
    RUBY_COUNTRIES: 'ruby-countries', TEXT_NAMES: 'libtext-names-perl',
    NAMEPARSER: 'python3-nameparser', GEONAMES_SO: 'libgeonames0',
    os.path.join(DICT, 'american-english'): 'wamerican',
    os.path.join(DICT, 'british-english'): 'wbritish',
    os.path.join(DICT, 'propernames.gz'): 'miscfiles',
}


class SourceMissing(Exception):
    pass


def need(path):
    """The path, or SourceMissing naming the Debian package that ships it."""
    if not os.path.exists(path):
        pkg = next((p for root, p in PACKAGE_OF.items() if path.startswith(root)), None)
        hint = f' (install the Debian package {pkg})' if pkg else ''
        raise SourceMissing(f'missing source {path}{hint}')
    log(f'read  {path}')
    return path


def log(msg):
    print(msg, file=sys.stderr if msg.startswith('warning') else sys.stdout)


def strip_accents(s):
    """'São Paulo' -> 'Sao Paulo', 'Côte d’Ivoire' -> "Cote d'Ivoire"."""
    s = s.replace('\u2019', "'")
    return ''.join(c for c in unicodedata.normalize('NFD', s)
                   if unicodedata.category(c) != 'Mn')


def nfc(s):
    return unicodedata.normalize('NFC', s.strip())


def read_hand(name, ncols):
    """Rows of a hand-written TSV in hand/: '#' comments and blank lines
    skipped; every row must have ncols columns (trailing empty allowed)."""
    path = os.path.join(HAND, name)
    need(path)
    rows = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            cols = line.split('\t')
            if len(cols) < ncols:
                cols += [''] * (ncols - len(cols))
            if len(cols) != ncols or not cols[0].strip():
                raise ValueError(f'{path}:{lineno}: want {ncols} tab-separated columns')
            rows.append([nfc(c) for c in cols])
    return rows


class CaseRule:
    """Decides per pattern whether it is matched in exact case or folded.

    Exact: patterns without a lower-case letter (acronyms: US, WHO, U.S.),
    short mixed-case acronyms (BoE, AfD), patterns with a digit (No 10),
    capitalised names made only of ordinary words (The Times, White House),
    patterns whose lower-case form is an ordinary English word (Chad,
    Turkey, Reading, Nice) and single words that are given names (Georgia,
    Jordan, Florence). Everything else is folded, so that headlines in
    capitals still match.
    """

    def __init__(self, words, given=frozenset()):
        self.words = words
        self.given = given

    def exact(self, pattern):
        if not any(c.islower() for c in pattern):
            return True
        # mixed-case acronyms (BoE, PBoC, AfD, DoD) and names with a number
        # (Number 10, Group of 20): news writes them one way
        if ' ' not in pattern and sum(c.isupper() for c in pattern) >= 2 and len(pattern) <= 6:
            return True
        if any(c.isdigit() for c in pattern):
            return True
        low = pattern.lower()
        if low in self.words or low.replace('.', '') in self.words or low.strip('?!') in STOPWORDS:
            return True
        # a capitalised name made of ordinary words ("The Times", "White
        # House", "Supreme Court") must not match the ordinary phrase
        parts = low.split()
        if (len(parts) > 1 and pattern != low
                and all(p in self.words or p in STOPWORDS for p in parts)):
            return True
        return ' ' not in pattern and pattern in self.given

    def is_word(self, pattern):
        return pattern.lower() in self.words


def write_tsv(path, header, rows, case_rule, key=None):
    """Write rows (lists of strings, the pattern first) with the header
    comment, exact-case patterns in a `#@case exact` section and the rest in
    `#@case fold`. The first row of a pattern wins (folded patterns collide
    when their case-folded forms are equal). Returns the number of rows."""
    exact, fold = {}, {}
    for row in rows:
        pat = row[0]
        if not pat or pat != pat.strip() or '\t' in pat:
            raise ValueError(f'bad pattern {pat!r} for {path}')
        if case_rule is None or case_rule.exact(pat):
            exact.setdefault(pat, row)
        else:
            fold.setdefault(pat.casefold(), row)
    # a folded pattern already covers the same text in exact case
    exact = {p: r for p, r in exact.items() if p.casefold() not in fold or fold[p.casefold()][1:] != r[1:]}
    sort = key or (lambda r: (r[0].casefold(), r[0]))
    out = [f'# {line}' if line else '#' for line in header]
    n = 0
    for mode, table in (('exact', exact), ('fold', fold)):
        if not table:
            continue
        out.append(f'#@case {mode}')
        for row in sorted(table.values(), key=sort):
            out.append('\t'.join(row))
            n += 1
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')
    log(f'wrote {path}: {n} rows, {os.path.getsize(path)} bytes')
    return n


# English function words, written by us: never a gazetteer pattern on their
# own (checked by ./check), never a given name.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each either few for
from further had has have having he her here hers herself him himself his how i if in into is
it its itself just may me might more most must my myself neither no nor not now of off on
once only or other ought our ours ourselves out over own same shall she should so some such
than that the their theirs them themselves then there these they this those through to too
under until up upon very was we were what when where which while who whom whose why will
with would yet you your yours yourself yourselves one two three new says said per via
""".split())


def load_words():
    """Lower-case entries of wamerican + wbritish, without possessives."""
    words = set()
    for name in ('american-english', 'british-english'):
        with open(need(os.path.join(DICT, name)), encoding='utf-8') as f:
            for w in f:
                w = w.strip()
                if w and "'" not in w and w == w.lower() and w[0].isalpha():
                    words.add(w)
    return words
