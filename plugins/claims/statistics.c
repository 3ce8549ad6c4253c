/* Writes each figure that stands alone as a `statistic` claim. */
#include <stdio.h>
#include <string.h>

#include "claims.h"

static const char *direction_names[] = {"down", "", "up", "flat"};

int cl_emit_statistics(cl_doc *d)
{
    for (size_t k = 0; k < d->nf; k++) {
        cl_fig *f = &d->f[k];
        if (f->role)
            continue;
        td_doc *doc = d->doc;
        td_annot *a = td_doc_add(doc, CL_NAME(d, claim), CL_NAME(d, statistic), d->t[f->t0].start,
                                 d->t[f->t1 - 1].end);
        if (!a)
            return -1;
        /* units, qualifiers and bases are literals, the lexicon's strings
         * (the state's) or the document's: set without a copy */
        /* the figure's rule, a literal, set without a copy; "rule+link"
         * made and copied only when a link rule joins it */
        char rule[96];
        const char *rule_const = f->rule;
        if (f->link_rule && f->link_rule[0]) {
            size_t n1 = strlen(f->rule), n2 = strlen(f->link_rule);
            if (n1 + n2 + 2 <= sizeof(rule)) {
                memcpy(rule, f->rule, n1);
                rule[n1] = '+';
                memcpy(rule + n1 + 1, f->link_rule, n2);
                rule[n1 + 1 + n2] = '\0';
                rule_const = NULL;
            }
        }
        if (td_annot_set_num(doc, a, CL_NAME(d, value), f->range ? f->vmin : f->value) != 0 ||
            td_annot_set_const(doc, a, CL_NAME(d, unit), f->unit) != 0)
            return -1;
        if (f->qualifier && td_annot_set_const(doc, a, CL_NAME(d, qualifier), f->qualifier) != 0)
            return -1;
        if (f->range && (td_annot_set_num(doc, a, CL_NAME(d, value_min), f->vmin) != 0 ||
                         td_annot_set_num(doc, a, CL_NAME(d, value_max), f->vmax) != 0))
            return -1;
        if (f->alt && (td_annot_set_num(doc, a, CL_NAME(d, alt_value), f->alt_value) != 0 ||
                       td_annot_set_const(doc, a, CL_NAME(d, alt_unit), f->alt_unit) != 0))
            return -1;
        if (f->change && td_annot_set_num(doc, a, CL_NAME(d, change_pct), f->change_pct) != 0)
            return -1;
        if (f->dir &&
            td_annot_set_const(doc, a, CL_NAME(d, direction), direction_names[f->dir + 1]) != 0)
            return -1;
        if (f->prev && td_annot_set_num(doc, a, CL_NAME(d, previous_value), f->prev_value) != 0)
            return -1;
        if (f->basis && td_annot_set_const(doc, a, CL_NAME(d, change_basis), f->basis) != 0)
            return -1;
        if (f->share && td_annot_set_num(doc, a, CL_NAME(d, share_pct), f->share_pct) != 0)
            return -1;
        if (f->period[0] && td_annot_set_str(doc, a, CL_NAME(d, period), f->period) != 0)
            return -1;
        if (f->metric_end > f->metric_start &&
            td_annot_set_strn(doc, a, CL_NAME(d, metric), d->text + f->metric_start,
                              f->metric_end - f->metric_start) != 0)
            return -1;
        if (f->subject && td_annot_set_ref(doc, a, CL_NAME(d, subject), f->subject) != 0)
            return -1;
        if (rule_const ? td_annot_set_const(doc, a, CL_NAME(d, rule), rule_const) != 0
                       : td_annot_set_str(doc, a, CL_NAME(d, rule), rule) != 0)
            return -1;
        f->annot = a;
    }
    return 0;
}
