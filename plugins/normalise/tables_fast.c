/*
 * normalise: the character tables from the ones the build generated
 * (gen_tables.c): create() copies the table for its normal form and case
 * folding, then lays over it the few characters the whitespace, quotes,
 * dashes and controls options decide, instead of classifying 65,536 code
 * points at every start.
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "normalise.h"

/* Every code point nm_option_class() can class, by range [from, to):
 * C0, ASCII, C1, NBSP, soft hyphen; ogham space; the spaces, zero-width
 * characters, dashes, quotes and separators of General Punctuation; minus;
 * ideographic space; BOM. tests/test_normalise_tables.c checks that the
 * result is nm_tables_compute()'s for every option. */
static const int32_t option_ranges[][2] = {
    {0x0000, 0x0100}, {0x1680, 0x1681}, {0x2000, 0x2070},
    {0x2212, 0x2213}, {0x3000, 0x3001}, {0xFEFF, 0xFF00},
};

static int combo_of(const nm_state *st)
{
    return (st->form == NM_NONE ? 0 : st->form == NM_NFC ? 2 : 4) + (st->casefold ? 1 : 0);
}

int nm_tables_build(nm_state *st)
{
    /* Tables of another Unicode would class new characters wrongly. */
    if (strcmp(utf8proc_unicode_version(), nm_gen_unicode) != 0)
        return nm_tables_compute(st);
    nm_set_decompose_opts(st);
    st->second = malloc(NM_SECOND_END / 8);
    st->cls = malloc(NM_TABLE_END);
    if (!st->second || !st->cls) {
        nm_tables_free(st);
        return -1;
    }
    memcpy(st->second, nm_gen_second, NM_SECOND_END / 8);
    const uint16_t *index = nm_gen_index[combo_of(st)];
    for (size_t b = 0; b < NM_TABLE_END / NM_BLOCK; b++)
        memcpy(st->cls + b * NM_BLOCK, nm_gen_blocks[index[b]], NM_BLOCK);
    for (size_t r = 0; r < sizeof(option_ranges) / sizeof(option_ranges[0]); r++)
        for (int32_t cp = option_ranges[r][0]; cp < option_ranges[r][1]; cp++) {
            unsigned k = nm_option_class(st, cp);
            if (k)
                st->cls[cp] = (uint8_t)k;
        }
    return 0;
}
