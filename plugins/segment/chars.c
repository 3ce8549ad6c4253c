/* segment: character classes of non-ASCII code points (scanner.h has the
 * ASCII fast path). */
#include <utf8proc.h>

#include "scanner.h"

#define R10(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1, [c + 4] = 1, \
                [c + 5] = 1, [c + 6] = 1, [c + 7] = 1, [c + 8] = 1, [c + 9] = 1
const bool seg_ascii_alnum[256] = {
    R10('0'),
    R10('A'), R10('A' + 10), [ 'A' + 20] = 1, ['A' + 21] = 1, ['A' + 22] = 1, ['A' + 23] = 1,
    ['A' + 24] = 1, ['A' + 25] = 1,
    R10('a'), R10('a' + 10), ['a' + 20] = 1, ['a' + 21] = 1, ['a' + 22] = 1, ['a' + 23] = 1,
    ['a' + 24] = 1, ['a' + 25] = 1,
};

/* 1 lower, 2 upper, 4 digit: what a word's shape is made of. */
#define LOW10(c) [c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1, [c + 4] = 1, \
                 [c + 5] = 1, [c + 6] = 1, [c + 7] = 1, [c + 8] = 1, [c + 9] = 1
#define UP10(c) [c] = 2, [c + 1] = 2, [c + 2] = 2, [c + 3] = 2, [c + 4] = 2, \
                [c + 5] = 2, [c + 6] = 2, [c + 7] = 2, [c + 8] = 2, [c + 9] = 2
const uint8_t seg_ascii_case[256] = {
    ['0'] = 4, ['1'] = 4, ['2'] = 4, ['3'] = 4, ['4'] = 4,
    ['5'] = 4, ['6'] = 4, ['7'] = 4, ['8'] = 4, ['9'] = 4,
    UP10('A'), UP10('A' + 10), ['A' + 20] = 2, ['A' + 21] = 2, ['A' + 22] = 2,
    ['A' + 23] = 2, ['A' + 24] = 2, ['A' + 25] = 2,
    LOW10('a'), LOW10('a' + 10), ['a' + 20] = 1, ['a' + 21] = 1, ['a' + 22] = 1,
    ['a' + 23] = 1, ['a' + 24] = 1, ['a' + 25] = 1,
};
#undef LOW10
#undef UP10
#undef R10

/* run_shape()'s table (scanner.h), by first & CASE_UPPER, then rest. */
const uint8_t seg_run_shapes[16] = {
    /* first lower case, by rest: none, lower -> "x"; with upper or digits -> "mixed" */
    SHAPE_LOWER, SHAPE_LOWER, SHAPE_MIXED, SHAPE_MIXED,
    SHAPE_MIXED, SHAPE_MIXED, SHAPE_MIXED, SHAPE_MIXED,
    /* first upper case: "A", "China" -> "Xx"; "GDP" -> "XX"; "iPhone"-like and digits -> "mixed" */
    SHAPE_CAP, SHAPE_CAP, SHAPE_UPPER, SHAPE_MIXED,
    SHAPE_MIXED, SHAPE_MIXED, SHAPE_MIXED, SHAPE_MIXED,
};

/* What the byte after a run of ASCII letters and digits makes of it. */
#define JOIN8(c) [c] = END_JOIN, [c + 1] = END_JOIN, [c + 2] = END_JOIN, [c + 3] = END_JOIN, \
                 [c + 4] = END_JOIN, [c + 5] = END_JOIN, [c + 6] = END_JOIN, [c + 7] = END_JOIN
#define JOIN64(c) JOIN8(c), JOIN8(c + 8), JOIN8(c + 16), JOIN8(c + 24), JOIN8(c + 32), \
                  JOIN8(c + 40), JOIN8(c + 48), JOIN8(c + 56)
const uint8_t seg_word_end[256] = {
    ['_'] = END_EMAIL, ['+'] = END_EMAIL, ['%'] = END_EMAIL, ['@'] = END_EMAIL,
    ['-'] = END_HYPHEN, ['.'] = END_PERIOD,
    ['\''] = END_JOIN, [':'] = END_JOIN, ['$'] = END_JOIN, JOIN64(0x80), JOIN64(0xC0),
};
#undef JOIN64
#undef JOIN8

int seg_uclass(int32_t cp)
{
    switch (cp) {
    case 0x85: case 0x2028: return C_NEWLINE;
    case 0x2029: return C_PARAGRAPH;
    case 0x200B: return C_SPACE; /* ZERO WIDTH SPACE separates words */
    case 0x2030: case 0x2031: return C_SYMBOL; /* per mille, per ten thousand */
    default: break;
    }
    if (td_utf8_is_space(cp))
        return C_SPACE;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT: return C_UPPER;
    case UTF8PROC_CATEGORY_LL: return C_LOWER;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: return C_LETTER;
    case UTF8PROC_CATEGORY_ND: return C_DIGIT;
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: return C_NUMERIC;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_CF: return C_JOIN;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_CC: return C_SPACE;
    case UTF8PROC_CATEGORY_ZL: return C_NEWLINE;
    case UTF8PROC_CATEGORY_ZP: return C_PARAGRAPH;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return C_PUNCT;
    default: return C_SYMBOL; /* S*, private use, unassigned, U+FFFD */
    }
}
