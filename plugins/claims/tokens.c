/* A four-digit year (the inline token helpers are in claims.h). */
#include <string.h>

#include "claims.h"

bool cl_is_year(const cl_doc *d, size_t i)
{
    if (i >= d->nt || d->t[i].kind != K_NUMBER || !d->t[i].has_value)
        return false;
    if (d->t[i].end - d->t[i].start != 4)
        return false;
    double v = d->t[i].value;
    return v >= 1900 && v <= 2100 && v == (double)(long)v;
}
