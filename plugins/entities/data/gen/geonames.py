"""GeoNames cities (CC BY 4.0) as embedded in libgeonames0.

libgeonames0 is a GPL library; we take none of its code, only the data file
it carries: a GResource (/com/lomiri/geonames/cities.compiled) holding a
serialised GVariant of type a(sssssssudd), one record per city of GeoNames'
cities15000 dump: (geonameid, name, admin1 code, admin1 name, country code,
country name, time zone, population, latitude, longitude). `gresource`
(libglib2.0-bin) extracts the file; this module parses the GVariant.
"""
import os
import shutil
import struct
import subprocess

from .common import GEONAMES_SO, SourceMissing, need, log

RESOURCE = '/com/lomiri/geonames/cities.compiled'
NSTRINGS = 7


def _extract():
    so = os.path.realpath(need(GEONAMES_SO))
    tool = shutil.which('gresource')
    if not tool:
        raise SourceMissing('gresource not found (install the Debian package libglib2.0-bin)')
    try:
        return subprocess.run([tool, 'extract', so, RESOURCE], check=True,
                              capture_output=True).stdout
    except subprocess.CalledProcessError as e:
        raise SourceMissing(f'{so}: no {RESOURCE} ({e.stderr.decode(errors="replace").strip()})')


def _offset_size(n):
    return 1 if n <= 0xff else 2 if n <= 0xffff else 4 if n <= 0xffffffff else 8


def _read_offset(b, pos, size):
    return int.from_bytes(b[pos:pos + size], 'little')


def cities():
    """[dict(name, admin1, admin1_name, country, population)]"""
    b = _extract()
    n = len(b)
    osz = _offset_size(n)
    # array of variable-size elements: element end offsets at the tail; the
    # last offset is where the first element's offset sits
    table = _read_offset(b, n - osz, osz)
    count = (n - table) // osz
    out = []
    start = 0
    for i in range(count):
        end = _read_offset(b, table + i * osz, osz)
        e = b[start:end]
        pos = 0
        strs = []
        for _ in range(NSTRINGS):
            z = e.index(b'\0', pos)
            strs.append(e[pos:z].decode('utf-8'))
            pos = z + 1
        pos = (pos + 3) & ~3
        (population,) = struct.unpack_from('<I', e, pos)
        out.append({'name': strs[1], 'admin1': strs[2], 'admin1_name': strs[3],
                    'country': strs[4], 'population': population, 'tz': strs[6]})
        start = (end + 7) & ~7
    if len(out) < 1000:
        raise SourceMissing(f'{GEONAMES_SO}: only {len(out)} cities parsed (format changed?)')
    log(f'geonames: {len(out)} cities in {RESOURCE}')
    return out
