/* Feed dates as ISO 8601. RSS writes RFC 822 ("Wed, 14 Jan 2026 09:30:00
 * +0800", often with a zone name or a two-digit year); Atom and dc:date
 * write RFC 3339 already, which is checked and kept. The zone is kept as
 * given, not converted: the date a reader of the feed saw. */
#include "feed.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return s;
}

/* Up to max digits as a number: the count read, 0 for none. */
static int digits(const char **s, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && isdigit((unsigned char)(*s)[n])) {
        v = v * 10 + ((*s)[n] - '0');
        n++;
    }
    *s += n;
    *out = v;
    return n;
}

static int days_in(int month, int year)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* RFC 3339 / ISO 8601: YYYY-MM-DD, optionally THH:MM[:SS[.frac]][Z|+hh:mm]. */
static int iso(const char *s, char out[40])
{
    const char *p = s;
    int y, m, d;
    if (digits(&p, 4, &y) != 4 || *p++ != '-' || digits(&p, 2, &m) != 2 || *p++ != '-' ||
        digits(&p, 2, &d) != 2 || m < 1 || m > 12 || d < 1 || d > days_in(m, y))
        return -1;
    if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        int hh, mm, ss = 0;
        p++;
        if (digits(&p, 2, &hh) != 2 || *p++ != ':' || digits(&p, 2, &mm) != 2 || hh > 23 ||
            mm > 59)
            return -1;
        if (*p == ':' && (p++, digits(&p, 2, &ss) != 2 || ss > 60))
            return -1;
        if (*p == '.' || *p == ',')
            for (p++; isdigit((unsigned char)*p); p++)
                ;
        char zone[16] = "";
        if (*p == 'Z' || *p == 'z') {
            strcpy(zone, "Z");
            p++;
        } else if (*p == '+' || *p == '-') {
            char sign = *p++;
            int zh, zm = 0;
            if (digits(&p, 2, &zh) != 2 || zh > 23)
                return -1;
            if (*p == ':')
                p++;
            if (isdigit((unsigned char)*p) && (digits(&p, 2, &zm) != 2 || zm > 59))
                return -1;
            snprintf(zone, sizeof(zone), "%c%02d:%02d", sign, zh, zm);
        }
        if (*skip_space(p))
            return -1;
        snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, hh, mm, ss, zone);
        return 0;
    }
    if (*skip_space(p))
        return -1;
    snprintf(out, 40, "%04d-%02d-%02d", y, m, d);
    return 0;
}

/* RFC 822 zones by name, as hours from UTC (military letters aside). */
static int zone_name(const char *s, size_t n, int *minutes)
{
    static const struct {
        const char *name;
        int minutes;
    } zones[] = {{"GMT", 0},        {"UT", 0},         {"UTC", 0},        {"Z", 0},
                 {"EST", -5 * 60},  {"EDT", -4 * 60},  {"CST", -6 * 60},  {"CDT", -5 * 60},
                 {"MST", -7 * 60},  {"MDT", -6 * 60},  {"PST", -8 * 60},  {"PDT", -7 * 60},
                 {"BST", 60},       {"CET", 60},       {"CEST", 120}};
    for (size_t i = 0; i < sizeof(zones) / sizeof(*zones); i++)
        if (strlen(zones[i].name) == n && strncasecmp(zones[i].name, s, n) == 0) {
            *minutes = zones[i].minutes;
            return 0;
        }
    return -1;
}

static int rfc822(const char *s, char out[40])
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    const char *p = skip_space(s);
    /* An optional day name and comma. */
    const char *q = p;
    while (isalpha((unsigned char)*q))
        q++;
    if (q > p && *q == ',')
        p = skip_space(q + 1);
    else if (q > p)
        p = skip_space(q); /* "Wed 14 Jan 2026" */
    int d, y, m = 0;
    if (digits(&p, 2, &d) == 0)
        return -1;
    p = skip_space(p);
    if (*p == '-')
        p++;
    for (int i = 0; i < 12; i++)
        if (strncasecmp(p, months[i], 3) == 0)
            m = i + 1;
    if (!m)
        return -1;
    while (isalpha((unsigned char)*p)) /* "January" as well as "Jan" */
        p++;
    if (*p == '.')
        p++;
    p = skip_space(p);
    if (*p == '-')
        p++;
    int ny = digits(&p, 4, &y);
    if (ny == 2)
        y += y < 50 ? 2000 : 1900; /* RFC 2822's reading of two-digit years */
    else if (ny != 4)
        return -1;
    if (d < 1 || d > days_in(m, y))
        return -1;
    p = skip_space(p);
    if (!*p) {
        snprintf(out, 40, "%04d-%02d-%02d", y, m, d);
        return 0;
    }
    int hh, mm, ss = 0;
    if (digits(&p, 2, &hh) == 0 || *p++ != ':' || digits(&p, 2, &mm) != 2 || hh > 23 || mm > 59)
        return -1;
    if (*p == ':' && (p++, digits(&p, 2, &ss) != 2 || ss > 60))
        return -1;
    p = skip_space(p);
    char zone[16] = "";
    if (*p == '+' || *p == '-') {
        char sign = *p++;
        int z;
        if (digits(&p, 4, &z) != 4 || z / 100 > 23 || z % 100 > 59)
            return -1;
        snprintf(zone, sizeof(zone), "%c%02d:%02d", sign, z / 100, z % 100);
    } else if (isalpha((unsigned char)*p)) {
        const char *e = p;
        while (isalpha((unsigned char)*e))
            e++;
        int minutes;
        if (zone_name(p, (size_t)(e - p), &minutes) != 0)
            return -1;
        if (minutes == 0)
            strcpy(zone, "Z");
        else
            snprintf(zone, sizeof(zone), "%c%02d:%02d", minutes < 0 ? '-' : '+',
                     (minutes < 0 ? -minutes : minutes) / 60,
                     (minutes < 0 ? -minutes : minutes) % 60);
        p = e;
    }
    if (*skip_space(p) && *skip_space(p) != '(') /* "(PST)" comments are allowed */
        return -1;
    snprintf(out, 40, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, hh, mm, ss, zone);
    return 0;
}

int td_feed_date_iso(const char *s, char out[40])
{
    if (!s)
        return -1;
    s = skip_space(s);
    if (iso(s, out) == 0)
        return 0;
    return rfc822(s, out);
}
