/* The entities lexicon's perfect hash (plugins/entities/lextable.c),
 * compiled into the test: every word of a list found with its classes
 * (a word given twice with both), words one byte off found not, keys
 * made near the end of a text, thousands of words, and the build's error
 * on more class combinations than a slot can index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lextable.h"

/* The classes of the n bytes at s, as ent_tokens asks: the key read from
 * a text that ends at `end`. */
static uint32_t get_in(const ent_lextable *t, const char *s, size_t n, const char *end)
{
    uint64_t key[2];
    ent_lex_key(s, n, end, key);
    return ent_lextable_get(t, key);
}

/* The word alone in a buffer that ends where it does (the copy path) and
 * inside a longer text (the two loads past the word). */
static uint32_t get(const ent_lextable *t, const char *w)
{
    size_t n = strlen(w);
    char text[64];
    assert_true(n + 20 < sizeof(text));
    memcpy(text, w, n);
    memcpy(text + n, " and the rest.....", 18);
    uint32_t inside = get_in(t, text, n, text + n + 18);
    char *alone = malloc(n);
    assert_non_null(alone);
    memcpy(alone, w, n);
    uint32_t at_end = get_in(t, alone, n, alone + n);
    free(alone);
    assert_int_equal(inside, at_end);
    return inside;
}

static const ent_lexeme words[] = {
    {"the", LX_STOP | LX_DET}, {"The", LX_STOP | LX_DET}, {"a", LX_STOP | LX_DET},
    {"of", LX_STOP}, {"of", LX_CONN}, /* twice: the classes OR-ed */
    {"administration", LX_DEFINITE}, /* 14 bytes, the longest the table holds */
    {"commission", LX_DEFINITE}, {"chief", LX_RMOD}, {"Chief", LX_RMOD},
    {"Ms", LX_HON | LX_FEMALE}, {"Okafor", LX_GIVEN}, {"think-tank", LX_ORGNOUN},
    {"&", LX_CONN}, {"'s", LX_CONN}, {"vice-president", LX_ROLE},
    {"internationally", LX_STOP}, /* 15 bytes: left to the hash set */
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void test_words_found_with_their_classes(void **state)
{
    (void)state;
    ent_lextable lower, other;
    assert_int_equal(ent_lextable_build(&lower, words, NWORDS, true), 0);
    assert_int_equal(ent_lextable_build(&other, words, NWORDS, false), 0);
    assert_int_equal(get(&lower, "the"), LX_STOP | LX_DET);
    assert_int_equal(get(&other, "The"), LX_STOP | LX_DET);
    assert_int_equal(get(&lower, "a"), LX_STOP | LX_DET);
    assert_int_equal(get(&lower, "of"), LX_STOP | LX_CONN);
    assert_int_equal(get(&lower, "administration"), LX_DEFINITE);
    assert_int_equal(get(&lower, "think-tank"), LX_ORGNOUN);
    assert_int_equal(get(&lower, "vice-president"), LX_ROLE);
    assert_int_equal(get(&other, "Chief"), LX_RMOD);
    assert_int_equal(get(&other, "Ms"), LX_HON | LX_FEMALE);
    assert_int_equal(get(&other, "Okafor"), LX_GIVEN);
    assert_int_equal(get(&other, "&"), LX_CONN);
    assert_int_equal(get(&other, "'s"), LX_CONN);
    /* each table has its own case's words only */
    assert_int_equal(get(&other, "the"), 0);
    assert_int_equal(get(&lower, "The"), 0);
    assert_int_equal(get(&lower, "Okafor"), 0);
    ent_lextable_free(&lower);
    ent_lextable_free(&other);
}

static void test_words_one_byte_off_are_absent(void **state)
{
    (void)state;
    ent_lextable lower;
    assert_int_equal(ent_lextable_build(&lower, words, NWORDS, true), 0);
    static const char *const absent[] = {
        "th", "thee", "them", "tHe", "o", "off", "administratio", "administrationx",
        "commissions", "chef", "think-tan", "vice-presiden", "internationall", "b", "z",
    };
    for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
        size_t n = strlen(absent[i]);
        if (n <= ENT_LEX_MAXLEN && get(&lower, absent[i]) != 0)
            fail_msg("\"%s\" found", absent[i]);
    }
    /* "the" followed by a NUL byte is a word of four bytes, not "the" */
    char nul[20] = "the";
    assert_int_equal(get_in(&lower, nul, 4, nul + sizeof(nul)), 0);
    assert_int_equal(get_in(&lower, nul, 3, nul + sizeof(nul)), LX_STOP | LX_DET);
    ent_lextable_free(&lower);
}

/* Thousands of words, as the shipped lists give (given names and all):
 * every one found, with its own classes, and none of their near misses. */
static void test_thousands_of_words(void **state)
{
    (void)state;
    enum { N = 12000 };
    ent_lexeme *lx = malloc(N * sizeof(*lx));
    char *text = malloc(N * 16);
    assert_non_null(lx);
    assert_non_null(text);
    for (size_t i = 0; i < N; i++) {
        char *w = text + i * 16;
        /* lengths 1 to 14, sharing prefixes: "k", "ka", ... */
        snprintf(w, 16, "k%zu%.*s", i, (int)(i % 9), "abcdefghij");
        lx[i] = (ent_lexeme){w, (uint32_t)(1u << (i % 20))};
    }
    ent_lextable t;
    assert_int_equal(ent_lextable_build(&t, lx, N, true), 0);
    for (size_t i = 0; i < N; i++) {
        const char *w = lx[i].word;
        if (strlen(w) > ENT_LEX_MAXLEN)
            continue;
        if (get(&t, w) != lx[i].bits)
            fail_msg("\"%s\": %u, not %u", w, get(&t, w), lx[i].bits);
        char miss[20];
        snprintf(miss, sizeof(miss), "%sz", w);
        if (strlen(miss) <= ENT_LEX_MAXLEN && get(&t, miss) != 0)
            fail_msg("\"%s\" found", miss);
    }
    ent_lextable_free(&t);
    free(lx);
    free(text);
}

static void test_too_many_class_combinations(void **state)
{
    (void)state;
    /* 300 words of 300 combinations: a slot's byte indexes 255 */
    enum { N = 300 };
    ent_lexeme lx[N];
    char text[N][8];
    for (size_t i = 0; i < N; i++) {
        snprintf(text[i], sizeof(text[i]), "w%zu", i);
        lx[i] = (ent_lexeme){text[i], (uint32_t)(i + 1)};
    }
    ent_lextable t;
    assert_int_equal(ent_lextable_build(&t, lx, N, true), -2);
    assert_null(t.slot); /* nothing left to free */
    /* 255 of them fit */
    assert_int_equal(ent_lextable_build(&t, lx, 255, true), 0);
    assert_int_equal(get(&t, "w254"), 255);
    assert_int_equal(get(&t, "w255"), 0);
    ent_lextable_free(&t);
}

static void test_empty_list(void **state)
{
    (void)state;
    ent_lextable t;
    assert_int_equal(ent_lextable_build(&t, NULL, 0, true), 0);
    assert_int_equal(get(&t, "the"), 0);
    ent_lextable_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words_found_with_their_classes),
        cmocka_unit_test(test_words_one_byte_off_are_absent),
        cmocka_unit_test(test_thousands_of_words),
        cmocka_unit_test(test_too_many_class_combinations),
        cmocka_unit_test(test_empty_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
