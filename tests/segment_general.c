/* The segment tokeniser without its inner loop (fast_words), under other
 * names: the general path alone, which test_segment_fast compares the
 * plugin's tokeniser with, token for token. */
#define SEG_NO_FAST 1
#define seg_tokenise seg_tokenise_general
#define seg_shape_of seg_shape_of_general
#define seg_toks_free seg_toks_free_general
#define seg_label_names seg_label_names_general
#define seg_shape_names seg_shape_names_general
#include "../plugins/segment/tokenise.c"
