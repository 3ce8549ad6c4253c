/* Plugin, data and pipeline folders: installed, build tree, or from the
 * environment and the command line. */
#include "paths.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int push(char ***list, size_t *n, const char *dir, size_t len)
{
    if (len == 0)
        return 0;
    for (size_t i = 0; i < *n; i++)
        if (strlen((*list)[i]) == len && strncmp((*list)[i], dir, len) == 0)
            return 0;
    char **l = realloc(*list, (*n + 1) * sizeof(*l));
    if (!l)
        return -1;
    *list = l;
    l[*n] = strndup(dir, len);
    if (!l[*n])
        return -1;
    (*n)++;
    return 0;
}

static int push_colon_list(char ***list, size_t *n, const char *s)
{
    while (s && *s) {
        const char *colon = strchr(s, ':');
        size_t len = colon ? (size_t)(colon - s) : strlen(s);
        if (push(list, n, s, len) != 0)
            return -1;
        s = colon ? colon + 1 : NULL;
    }
    return 0;
}

/* True when the running program lives under the build tree (the libtool
 * wrapper runs .libs/lt-<name> there), so the freshly built plugins win. */
static bool running_from_build_tree(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char build[PATH_MAX];
    if (!realpath(TD_BUILDDIR, build))
        return false;
    size_t len = strlen(build);
    return strncmp(exe, build, len) == 0 && exe[len] == '/';
}

int td_paths_init(td_paths *paths, const char *extra)
{
    memset(paths, 0, sizeof(*paths));
    paths->build_tree = running_from_build_tree();
    if (push_colon_list(&paths->plugin_dirs, &paths->nplugin_dirs, extra) != 0 ||
        push_colon_list(&paths->plugin_dirs, &paths->nplugin_dirs,
                        getenv("TIDINGS_PLUGIN_PATH")) != 0)
        goto fail;
    const char *own = paths->build_tree ? TD_BUILDDIR "/plugins" : TD_PKGLIBDIR;
    if (push(&paths->plugin_dirs, &paths->nplugin_dirs, own, strlen(own)) != 0 ||
        push_colon_list(&paths->data_dirs, &paths->ndata_dirs, getenv("TIDINGS_DATA_PATH")) != 0)
        goto fail;
    return 0;
fail:
    td_paths_free(paths);
    return -1;
}

void td_paths_free(td_paths *paths)
{
    for (size_t i = 0; i < paths->nplugin_dirs; i++)
        free(paths->plugin_dirs[i]);
    free(paths->plugin_dirs);
    for (size_t i = 0; i < paths->ndata_dirs; i++)
        free(paths->data_dirs[i]);
    free(paths->data_dirs);
    memset(paths, 0, sizeof(*paths));
}

/* Installed plugins sit in the folder as NAME.so; in a build tree libtool
 * leaves them in NAME/.libs/NAME.so (plugins/) or .libs/NAME.so. */
static bool plugin_in_dir(const char *dir, const char *name, char *buf, size_t buflen)
{
    int n = snprintf(buf, buflen, "%s/%s.so", dir, name);
    if (n > 0 && (size_t)n < buflen && is_file(buf))
        return true;
    n = snprintf(buf, buflen, "%s/%s/.libs/%s.so", dir, name, name);
    if (n > 0 && (size_t)n < buflen && is_file(buf))
        return true;
    n = snprintf(buf, buflen, "%s/.libs/%s.so", dir, name);
    return n > 0 && (size_t)n < buflen && is_file(buf);
}

int td_paths_find_plugin(const td_paths *paths, const char *name, char *buf, size_t buflen)
{
    if (strchr(name, '/')) {
        int n = snprintf(buf, buflen, "%s", name);
        return n > 0 && (size_t)n < buflen && is_file(buf) ? 0 : -1;
    }
    for (size_t i = 0; i < paths->nplugin_dirs; i++)
        if (plugin_in_dir(paths->plugin_dirs[i], name, buf, buflen))
            return 0;
    return -1;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t td_paths_each_plugin(const td_paths *paths, void (*fn)(const char *path, void *user),
                            void *user)
{
    /* Collect candidate names from every folder, sorted, then resolve each
     * through the normal search so the listing shows what `run` would load. */
    char **names = NULL;
    size_t n = 0;
    for (size_t k = 0; k < paths->nplugin_dirs * 2; k++) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof(dir), k % 2 ? "%s/.libs" : "%s", paths->plugin_dirs[k / 2]);
        DIR *d = opendir(dir);
        if (!d)
            continue;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            const char *nm = e->d_name;
            size_t len = strlen(nm);
            if (nm[0] == '.')
                continue;
            if (len > 3 && strcmp(nm + len - 3, ".so") == 0)
                len -= 3;
            else {
                char sub[PATH_MAX * 2];
                snprintf(sub, sizeof(sub), "%s/%s", dir, nm);
                if (k % 2 || !is_dir(sub))
                    continue;
            }
            if (push(&names, &n, nm, len) != 0)
                break;
        }
        closedir(d);
    }
    if (n)
        qsort(names, n, sizeof(*names), name_cmp);
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        char path[PATH_MAX];
        if (td_paths_find_plugin(paths, names[i], path, sizeof(path)) == 0) {
            fn(path, user);
            found++;
        }
        free(names[i]);
    }
    free(names);
    return found;
}

/* Folders looked in, for the message when nothing is found. */
typedef struct tried_list {
    char *buf;
    size_t len, cap;
} tried_list;

static void note_tried(tried_list *t, const char *what)
{
    if (!t->buf || t->len + 1 >= t->cap)
        return;
    int n = snprintf(t->buf + t->len, t->cap - t->len, "%s%s", t->len ? ", " : "", what);
    if (n > 0)
        t->len = (size_t)n < t->cap - t->len ? t->len + (size_t)n : t->cap - 1;
}

/* Is dir/rel/file a file? Writes the candidate into buf and notes dir/rel. */
static bool try_data(char *buf, size_t buflen, tried_list *t, const char *dir, const char *rel,
                     const char *file)
{
    char folder[PATH_MAX];
    int n = rel ? snprintf(folder, sizeof(folder), "%s/%s", dir, rel)
                : snprintf(folder, sizeof(folder), "%s", dir);
    if (n <= 0 || (size_t)n >= sizeof(folder))
        return false;
    n = snprintf(buf, buflen, "%s/%s", folder, file);
    if (n > 0 && (size_t)n < buflen && is_file(buf))
        return true;
    note_tried(t, folder);
    return false;
}

static bool under(const char *path, const char *dir)
{
    size_t len = strlen(dir);
    return strncmp(path, dir, len) == 0 && path[len] == '/';
}

int td_paths_find_data(const td_paths *paths, const td_data_query *q, char *buf, size_t buflen,
                       char *tried, size_t triedlen)
{
    tried_list t = {.buf = tried, .cap = triedlen};
    if (tried && triedlen)
        tried[0] = '\0';
    if (strchr(q->file, '/')) {
        int n = q->file[0] != '/' && q->base_dir && *q->base_dir
                    ? snprintf(buf, buflen, "%s/%s", q->base_dir, q->file)
                    : snprintf(buf, buflen, "%s", q->file);
        if (n > 0 && (size_t)n < buflen && is_file(buf))
            return 0;
        if (n > 0 && (size_t)n < buflen)
            note_tried(&t, buf);
        return -1;
    }
    for (size_t i = 0; i < paths->ndata_dirs; i++)
        if (try_data(buf, buflen, &t, paths->data_dirs[i], q->plugin, q->file) ||
            try_data(buf, buflen, &t, paths->data_dirs[i], NULL, q->file))
            return 0;
    const char *own = paths->build_tree ? TD_BUILDDIR "/plugins" : TD_PKGLIBDIR;
    if (q->plugin_file && !under(q->plugin_file, own)) {
        char sodir[PATH_MAX];
        snprintf(sodir, sizeof(sodir), "%s", q->plugin_file);
        char *slash = strrchr(sodir, '/');
        if (slash)
            *slash = '\0';
        else
            snprintf(sodir, sizeof(sodir), ".");
        char rel[PATH_MAX];
        snprintf(rel, sizeof(rel), "%s/data", q->plugin);
        if (try_data(buf, buflen, &t, sodir, rel, q->file) ||
            try_data(buf, buflen, &t, sodir, "data", q->file))
            return 0;
    }
    if (paths->build_tree) {
        char rel[PATH_MAX];
        snprintf(rel, sizeof(rel), "plugins/%s/data", q->plugin);
        return try_data(buf, buflen, &t, TD_SRCDIR, rel, q->file) ? 0 : -1;
    }
    return try_data(buf, buflen, &t, TD_PKGDATADIR, q->plugin, q->file) ? 0 : -1;
}

const char *td_paths_pipelines_dir(const td_paths *paths)
{
    return paths->build_tree ? TD_SRCDIR "/pipelines" : TD_PKGDATADIR "/pipelines";
}

void td_paths_describe(const td_paths *paths, char *buf, size_t buflen)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < paths->nplugin_dirs && off < buflen; i++) {
        int n = snprintf(buf + off, buflen - off, "%s%s", i ? ":" : "", paths->plugin_dirs[i]);
        if (n < 0)
            break;
        off += (size_t)n;
    }
}
