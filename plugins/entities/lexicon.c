/* entities: the rules' own words, with their classes.
 *
 * Function words, determiners, name particles, reporting verbs, the nouns
 * that say "a company" and the like. They are part of the rules, not of
 * the gazetteers, so they live here; ent_tokens() looks every token up
 * once, and the rules test bits (LX_* in entities.h) instead of comparing
 * strings. */
#include <stdlib.h>

#include "entities.h"
#include "lextable.h"

/* Words whose class holds in either case of the first letter. */
static const ent_lexeme either_case[] = {
    {"the", LX_STOP | LX_DET}, {"a", LX_STOP | LX_DET}, {"an", LX_STOP | LX_DET},
    {"its", LX_STOP | LX_DET | LX_ITS}, {"his", LX_STOP | LX_DET | LX_HE},
    {"her", LX_STOP | LX_DET | LX_SHE}, {"their", LX_STOP | LX_DET | LX_ITS},
    {"our", LX_STOP | LX_DET}, {"of", LX_STOP}, {"at", LX_STOP}, {"and", LX_STOP},
    {"or", LX_STOP}, {"to", LX_STOP}, {"for", LX_STOP}, {"in", LX_STOP}, {"on", LX_STOP},
    {"with", LX_STOP}, {"by", LX_STOP}, {"as", LX_STOP}, {"is", LX_STOP}, {"was", LX_STOP},
    {"are", LX_STOP}, {"were", LX_STOP}, {"be", LX_STOP}, {"been", LX_STOP},
    {"said", LX_STOP}, {"says", LX_STOP}, {"has", LX_STOP}, {"have", LX_STOP},
    {"had", LX_STOP}, {"who", LX_STOP}, {"which", LX_STOP}, {"that", LX_STOP},
    {"from", LX_STOP}, {"after", LX_STOP}, {"before", LX_STOP}, {"while", LX_STOP},
    {"but", LX_STOP}, {"told", LX_STOP}, {"added", LX_STOP}, {"according", LX_STOP},
    {"will", LX_STOP}, {"would", LX_STOP}, {"also", LX_STOP}, {"not", LX_STOP},
    {"this", LX_STOP}, {"these", LX_STOP}, {"than", LX_STOP}, {"more", LX_STOP},
    {"most", LX_STOP}, {"when", LX_STOP}, {"where", LX_STOP}, {"there", LX_STOP},
    {"it", LX_STOP}, {"he", LX_STOP | LX_HE}, {"she", LX_STOP | LX_SHE}, {"they", LX_STOP},
    {"him", LX_HE},
};

/* Words in lower case only. */
static const ent_lexeme lower_case[] = {
    /* name particles */
#define PC (LX_PARTICLE | LX_CONN)
    {"von", PC}, {"van", PC}, {"der", PC}, {"den", PC}, {"de", PC}, {"da", PC}, {"di", PC},
    {"du", PC}, {"del", PC}, {"della", PC}, {"dos", PC}, {"das", PC}, {"bin", PC}, {"al", PC},
    {"la", PC}, {"le", PC}, {"ter", PC},
    /* words inside names of bodies */
    {"of", LX_CONN}, {"for", LX_CONN}, {"on", LX_CONN}, {"and", LX_CONN}, {"the", LX_CONN},
    {"&", LX_CONN}, {"'s", LX_CONN}, {"'", LX_CONN}, {"-", LX_CONN}, {"en", LX_CONN},
    {"y", LX_CONN}, {"et", LX_CONN}, {"des", LX_CONN},
    /* reporting verbs */
    {"said", LX_REPORT}, {"says", LX_REPORT}, {"told", LX_REPORT}, {"added", LX_REPORT},
    {"warned", LX_REPORT}, {"noted", LX_REPORT}, {"argued", LX_REPORT},
    {"explained", LX_REPORT}, {"expects", LX_REPORT}, {"predicted", LX_REPORT},
    /* nouns that say "a company" (or a body) of the name beside them */
    {"firm", LX_ORGNOUN}, {"company", LX_ORGNOUN}, {"group", LX_ORGNOUN}, {"bank", LX_ORGNOUN},
    {"carmaker", LX_ORGNOUN}, {"maker", LX_ORGNOUN}, {"manufacturer", LX_ORGNOUN},
    {"retailer", LX_ORGNOUN}, {"lender", LX_ORGNOUN}, {"insurer", LX_ORGNOUN},
    {"airline", LX_ORGNOUN}, {"carrier", LX_ORGNOUN}, {"operator", LX_ORGNOUN},
    {"giant", LX_ORGNOUN}, {"conglomerate", LX_ORGNOUN}, {"rival", LX_ORGNOUN},
    {"subsidiary", LX_ORGNOUN | LX_ORGTHING}, {"unit", LX_ORGNOUN | LX_ORGTHING},
    {"supplier", LX_ORGNOUN}, {"distributor", LX_ORGNOUN}, {"broker", LX_ORGNOUN},
    {"brokerage", LX_ORGNOUN}, {"consultancy", LX_ORGNOUN}, {"regulator", LX_ORGNOUN},
    {"agency", LX_ORGNOUN | LX_DEFINITE}, {"newspaper", LX_ORGNOUN},
    {"broadcaster", LX_ORGNOUN}, {"publisher", LX_ORGNOUN}, {"producer", LX_ORGNOUN},
    {"exporter", LX_ORGNOUN}, {"importer", LX_ORGNOUN}, {"chain", LX_ORGNOUN},
    {"miner", LX_ORGNOUN}, {"refiner", LX_ORGNOUN}, {"shipper", LX_ORGNOUN},
    {"developer", LX_ORGNOUN}, {"telecoms", LX_ORGNOUN}, {"utility", LX_ORGNOUN},
    {"fund", LX_ORGNOUN | LX_DEFINITE}, {"investor", LX_ORGNOUN}, {"watchdog", LX_ORGNOUN},
    {"automaker", LX_ORGNOUN}, {"steelmaker", LX_ORGNOUN}, {"chipmaker", LX_ORGNOUN},
    {"drugmaker", LX_ORGNOUN}, {"builder", LX_ORGNOUN}, {"owner", LX_ORGNOUN},
    {"parent", LX_ORGNOUN}, {"outlet", LX_ORGNOUN}, {"magazine", LX_ORGNOUN},
    {"daily", LX_ORGNOUN}, {"association", LX_ORGNOUN}, {"body", LX_ORGNOUN},
    {"organisation", LX_ORGNOUN | LX_DEFINITE}, {"organization", LX_ORGNOUN | LX_DEFINITE},
    {"think-tank", LX_ORGNOUN}, {"institute", LX_ORGNOUN | LX_DEFINITE},
    {"consortium", LX_ORGNOUN}, {"marque", LX_ORGNOUN}, {"brand", LX_ORGNOUN | LX_ORGTHING},
    {"corporation", LX_ORGNOUN}, {"conglomerate", LX_ORGNOUN}, {"multinational", LX_ORGNOUN},
    {"bank", LX_ORGNOUN}, {"broker", LX_ORGNOUN}, {"network", LX_ORGNOUN},
    /* what a body has: "X's chief executive", "X's shares" */
    {"chief", LX_ORGTHING}, {"boss", LX_ORGTHING}, {"shares", LX_ORGTHING},
    {"share", LX_ORGTHING}, {"profits", LX_ORGTHING}, {"profit", LX_ORGTHING},
    {"chairman", LX_ORGTHING}, {"board", LX_ORGTHING}, {"sales", LX_ORGTHING},
    {"revenue", LX_ORGTHING}, {"revenues", LX_ORGTHING}, {"stock", LX_ORGTHING},
    {"founder", LX_ORGTHING}, {"spokesman", LX_ORGTHING}, {"spokeswoman", LX_ORGTHING},
    {"spokesperson", LX_ORGTHING}, {"directors", LX_ORGTHING}, {"management", LX_ORGTHING},
    {"takeover", LX_ORGTHING}, {"bid", LX_ORGTHING}, {"results", LX_ORGTHING},
    {"earnings", LX_ORGTHING}, {"offer", LX_ORGTHING}, {"headquarters", LX_ORGTHING},
    {"executives", LX_ORGTHING}, {"customers", LX_ORGTHING}, {"shareholders", LX_ORGTHING},
    {"staff", LX_ORGTHING}, {"workers", LX_ORGTHING}, {"employees", LX_ORGTHING},
    {"debts", LX_ORGTHING}, {"debt", LX_ORGTHING}, {"assets", LX_ORGTHING},
    {"bosses", LX_ORGTHING}, {"plant", LX_ORGTHING}, {"factory", LX_ORGTHING},
    {"stores", LX_ORGTHING}, {"products", LX_ORGTHING}, {"bonds", LX_ORGTHING},
    {"losses", LX_ORGTHING},
    /* where a body's words are */
    {"statement", LX_STATEMENT}, {"filing", LX_STATEMENT}, {"note", LX_STATEMENT},
    {"release", LX_STATEMENT}, {"report", LX_STATEMENT}, {"letter", LX_STATEMENT},
    /* "the administration": a body named earlier by its key word */
    {"administration", LX_DEFINITE}, {"commission", LX_DEFINITE}, {"ministry", LX_DEFINITE},
    {"authority", LX_DEFINITE}, {"committee", LX_DEFINITE}, {"council", LX_DEFINITE},
    {"federation", LX_DEFINITE}, {"bureau", LX_DEFINITE},
    /* "EU growth": a bloc's economy is a place's */
    {"growth", LX_ECONOMY}, {"economy", LX_ECONOMY}, {"economies", LX_ECONOMY},
    {"exports", LX_ECONOMY}, {"imports", LX_ECONOMY}, {"market", LX_ECONOMY},
    {"markets", LX_ECONOMY}, {"countries", LX_ECONOMY}, {"nations", LX_ECONOMY},
    {"consumers", LX_ECONOMY}, {"output", LX_ECONOMY}, {"inflation", LX_ECONOMY},
    {"demand", LX_ECONOMY},
    /* "demand in the EU" */
    {"in", LX_PLACEPREP}, {"to", LX_PLACEPREP}, {"from", LX_PLACEPREP},
    {"across", LX_PLACEPREP}, {"within", LX_PLACEPREP}, {"into", LX_PLACEPREP},
    {"throughout", LX_PLACEPREP}, {"outside", LX_PLACEPREP}, {"inside", LX_PLACEPREP},
};

/* Upper-case words of a class. */
static const ent_lexeme exact[] = {
    {"GDP", LX_ECONOMY},
    /* directions after a place name: "Bristol South", "Leeds North West" */
    {"North", LX_DIRECTION}, {"South", LX_DIRECTION}, {"East", LX_DIRECTION},
    {"West", LX_DIRECTION}, {"Central", LX_DIRECTION}, {"Northern", LX_DIRECTION},
    {"Southern", LX_DIRECTION}, {"Eastern", LX_DIRECTION}, {"Western", LX_DIRECTION},
    {"Upper", LX_DIRECTION}, {"Lower", LX_DIRECTION}, {"Greater", LX_DIRECTION},
    {"Inner", LX_DIRECTION}, {"Outer", LX_DIRECTION}, {"Northeast", LX_DIRECTION},
    {"Northwest", LX_DIRECTION}, {"Southeast", LX_DIRECTION}, {"Southwest", LX_DIRECTION},
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

int ent_lexicon_build(ent_wordset *ws, ent_lextable lt[2], const ent_lexeme *extra, size_t nextra)
{
    /* "the" and "The": each word of either_case twice, the capitalised
     * copies kept in one buffer the word set owns */
    enum { NE = N(either_case), NL = N(lower_case), NX = N(exact) };
    ent_lexeme *all = malloc((2 * NE + NL + NX + nextra) * sizeof(*all));
    char *caps = malloc(NE * 16);
    if (!caps || !all) {
        free(all);
        free(caps);
        return -1;
    }
    size_t n = 0;
    for (size_t i = 0; i < NE; i++) {
        all[n++] = either_case[i];
        size_t len = strlen(either_case[i].word);
        if (len >= 16)
            continue;
        char *c = caps + i * 16;
        memcpy(c, either_case[i].word, len + 1);
        c[0] = (char)(c[0] - 32);
        all[n++] = (ent_lexeme){c, either_case[i].bits};
    }
    for (size_t i = 0; i < NL; i++)
        all[n++] = lower_case[i];
    for (size_t i = 0; i < NX; i++)
        all[n++] = exact[i];
    for (size_t i = 0; i < nextra; i++)
        all[n++] = extra[i];
    /* the hash set answers the words the packed tables have no room for
     * (moved to the front of `all`), and with the first bytes of all of
     * them whether a punctuation token may be a word of the lexicon */
    size_t nlong = 0;
    for (size_t i = 0; i < n; i++)
        if (strlen(all[i].word) > ENT_LEX_MAXLEN) {
            ent_lexeme w = all[nlong];
            all[nlong++] = all[i];
            all[i] = w;
        }
    int rc = ent_wordset_build(ws, all, nlong);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        unsigned char c = (unsigned char)all[i].word[0];
        if (c)
            ws->first[c >> 6] |= (uint64_t)1 << (c & 63);
    }
    if (rc == 0 && ((rc = ent_lextable_build(&lt[0], all, n, false)) != 0 ||
                    (rc = ent_lextable_build(&lt[1], all, n, true)) != 0)) {
        ent_lextable_free(&lt[0]);
        ent_wordset_free(ws);
    }
    free(all);
    if (rc != 0) {
        free(caps);
        return rc == -2 ? -2 : -1;
    }
    ws->strings = caps;
    return 0;
}
