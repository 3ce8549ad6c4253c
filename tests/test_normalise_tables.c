/* The normalise stage's generated character tables: what create() builds
 * from them (nm_tables_build) must be, code point for code point, what
 * classifying each one with utf8proc gives (nm_tables_compute), under every
 * normal form, with and without case folding, and with each of the
 * whitespace, quotes, dashes and controls options on and off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "normalise.h"

/* Build both ways for one set of options; the number of code points where
 * the classes or the second[] bits differ (the first few printed). */
static size_t differences(enum nm_form form, bool casefold, unsigned options)
{
    nm_state fast = {.form = form, .casefold = casefold, .whitespace = options & 1,
                     .quotes = options & 2, .dashes = options & 4, .controls = options & 8};
    nm_state slow = fast;
    assert_int_equal(nm_tables_build(&fast), 0);
    assert_int_equal(nm_tables_compute(&slow), 0);
    assert_int_equal(fast.decompose_opts, slow.decompose_opts);
    size_t bad = 0;
    for (int32_t cp = 0; cp < NM_TABLE_END; cp++)
        if (fast.cls[cp] != slow.cls[cp] && bad++ < 5)
            print_message("form %d casefold %d options %u: U+%04X is %u, not %u\n", (int)form,
                          (int)casefold, options, (unsigned)cp, fast.cls[cp], slow.cls[cp]);
    if (memcmp(fast.second, slow.second, NM_SECOND_END / 8) != 0) {
        print_message("form %d: the second[] sets differ\n", (int)form);
        bad++;
    }
    nm_tables_free(&fast);
    nm_tables_free(&slow);
    return bad;
}

static void test_generated_tables_match_utf8proc(void **state)
{
    (void)state;
    assert_string_equal(nm_gen_unicode, utf8proc_unicode_version());
    static const enum nm_form forms[] = {NM_NONE, NM_NFC, NM_NFKC};
    /* every option off, each alone, each but one, all on */
    static const unsigned option_sets[] = {0, 1, 2, 4, 8, 14, 13, 11, 7, 15};
    for (size_t f = 0; f < 3; f++)
        for (int fold = 0; fold < 2; fold++)
            for (size_t o = 0; o < sizeof(option_sets) / sizeof(option_sets[0]); o++)
                assert_int_equal(differences(forms[f], fold, option_sets[o]), 0);
}

/* The classes the scanner relies on, spot-checked under the defaults
 * (NFC, no folding, every option on), so a table that is wrong the same
 * way both ways still fails. */
static void test_default_classes(void **state)
{
    (void)state;
    nm_state st = {.form = NM_NFC, .whitespace = true, .quotes = true, .dashes = true,
                   .controls = true};
    assert_int_equal(nm_tables_build(&st), 0);
    assert_int_equal(st.cls['a'], NK_SIMPLE | NK_BOUNDARY);
    assert_int_equal(st.cls[' '], NK_SPACE | NK_BOUNDARY);
    assert_int_equal(st.cls['\n'], NK_BREAK | NK_BOUNDARY);
    assert_int_equal(st.cls[0x00], NK_DROP);
    assert_int_equal(st.cls[0xAD], NK_DROP);              /* soft hyphen */
    assert_int_equal(st.cls[0xE9], NK_SIMPLE | NK_BOUNDARY); /* é, precomposed */
    assert_int_equal(st.cls[0x0301], NK_NORM);            /* combining acute composes */
    assert_int_equal(st.cls[0x2019], NK_SQUOTE | NK_BOUNDARY);
    assert_int_equal(st.cls[0x2014], NK_LONGDASH | NK_BOUNDARY);
    assert_int_equal(st.cls[0x2212], NK_DASH | NK_BOUNDARY);
    assert_int_equal(st.cls[0x3000], NK_SPACE | NK_BOUNDARY);
    assert_int_equal(st.cls[0x4E2D], NK_SIMPLE | NK_BOUNDARY); /* 中 */
    assert_int_equal(st.cls[0xAC00], NK_SIMPLE | NK_BOUNDARY); /* 가 */
    assert_int_equal(st.cls[0x11A8] & NK_BOUNDARY, 0);         /* a trailing jamo joins 가 */
    assert_int_equal(st.cls[0x212B] & NK_KIND, NK_NORM);       /* Angstrom sign -> Å */
    nm_tables_free(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_tables_match_utf8proc),
        cmocka_unit_test(test_default_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
