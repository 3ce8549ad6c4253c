#include "progress.h"

#include <inttypes.h>
#include <stdlib.h>

#include "run.h"
#include "stage.h"

#define REDRAW_NS 250000000u /* four times a second on a terminal */
#define LOG_NS 1000000000u   /* once a second into a file */

struct td_progress {
    FILE *out;
    bool redraw;
    const td_input *in;
    uint64_t t0, next;
    bool drawn;
};

td_progress *td_progress_new(FILE *out, bool redraw, const td_input *in)
{
    td_progress *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->out = out;
    p->redraw = redraw;
    p->in = in;
    p->t0 = td_now_ns();
    p->next = p->t0 + REDRAW_NS;
    return p;
}

static void draw(td_progress *p, const td_run_summary *sum, uint64_t now)
{
    double secs = (double)(now - p->t0) / 1e9;
    double mb = (double)sum->bytes_in / 1e6;
    char eta[48] = "";
    uint64_t consumed, total;
    if (p->in && td_input_position(p->in, &consumed, &total) && total > 0 && consumed > 0 &&
        secs > 0) {
        double left = consumed >= total ? 0
                                         : secs * (double)(total - consumed) / (double)consumed;
        unsigned s = (unsigned)(left + 0.5);
        snprintf(eta, sizeof(eta), ", %.0f%%, ETA %u:%02u:%02u",
                 100.0 * (double)(consumed > total ? total : consumed) / (double)total,
                 s / 3600, s / 60 % 60, s % 60);
    }
    fprintf(p->out, "%stidings: %" PRIu64 " docs, %.1f MB, %.0f docs/s, %.1f MB/s%s%s",
            p->redraw ? "\r" : "", sum->documents, mb,
            secs > 0 ? (double)sum->documents / secs : 0.0, secs > 0 ? mb / secs : 0.0, eta,
            p->redraw ? "\033[K" : "\n");
    fflush(p->out);
    p->drawn = true;
}

void td_progress_note(td_progress *p, const td_run_summary *sum)
{
    uint64_t now = td_now_ns();
    if (now < p->next)
        return;
    p->next = now + (p->redraw ? REDRAW_NS : LOG_NS);
    draw(p, sum, now);
}

void td_progress_end(td_progress *p, const td_run_summary *sum)
{
    if (!p)
        return;
    if (!p->redraw) {
        draw(p, sum, td_now_ns());
    } else if (p->drawn) {
        fputs("\r\033[K", p->out);
        fflush(p->out);
    }
}

void td_progress_free(td_progress *p) { free(p); }
