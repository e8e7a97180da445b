/*
 * QemuOpts-style option arguments: "value,key=value,key=value", where the
 * first item may omit its key (the implied key, e.g. "driver" for
 * -device) and ",," stands for a literal comma, as QEMU parses them.
 */
#include "qemu/osdep.h"
#include "harness.h"

static void harness_opts_set(HarnessOpts *opts, const char *key,
                             const char *value);

/* Read up to the next single ',' (or '=' when @stop_at_eq) into @out. */
static const char *opts_scan(const char *p, bool stop_at_eq, GString *out)
{
    g_string_truncate(out, 0);
    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            p++;                    /* ",," is one literal comma */
        } else if (stop_at_eq && *p == '=') {
            break;
        }
        g_string_append_c(out, *p++);
    }
    return p;
}

HarnessOpts *harness_opts_parse(const char *text, const char *implied_key,
                                Error **errp)
{
    g_autoptr(HarnessOpts) opts = g_new0(HarnessOpts, 1);
    g_autoptr(GString) key = g_string_new(NULL);
    g_autoptr(GString) value = g_string_new(NULL);
    const char *p = text;
    bool first = true;

    opts->text = g_strdup(text);
    opts->keys = g_ptr_array_new_with_free_func(g_free);
    opts->values = g_ptr_array_new_with_free_func(g_free);

    while (*p) {
        p = opts_scan(p, true, key);
        if (*p == '=') {
            p = opts_scan(p + 1, false, value);
        } else if (first && implied_key) {
            g_string_assign(value, key->str);
            g_string_assign(key, implied_key);
        } else if (key->len) {
            /* QemuOpts: a bare "flag" means flag=on, "noflag" is refused. */
            g_string_assign(value, "on");
        }
        if (*p == ',') {
            p++;
        }
        first = false;
        if (!key->len) {
            error_setg(errp, "Invalid parameter ''");
            return NULL;
        }
        harness_opts_set(opts, key->str, value->str);
    }
    return g_steal_pointer(&opts);
}

/* As in QemuOpts, a key given twice keeps its last value. */
static void harness_opts_set(HarnessOpts *opts, const char *key,
                             const char *value)
{
    for (guint i = 0; i < opts->keys->len; i++) {
        if (strcmp(g_ptr_array_index(opts->keys, i), key) == 0) {
            g_free(opts->values->pdata[i]);
            opts->values->pdata[i] = g_strdup(value);
            return;
        }
    }
    g_ptr_array_add(opts->keys, g_strdup(key));
    g_ptr_array_add(opts->values, g_strdup(value));
}

const char *harness_opts_get(const HarnessOpts *opts, const char *key)
{
    for (guint i = 0; i < opts->keys->len; i++) {
        if (strcmp(g_ptr_array_index(opts->keys, i), key) == 0) {
            return g_ptr_array_index(opts->values, i);
        }
    }
    return NULL;
}

/* QemuOpts with a description: a key it does not know is refused. */
bool harness_opts_check_keys(const HarnessOpts *opts,
                             const char *const *allowed, Error **errp)
{
    for (guint i = 0; i < opts->keys->len; i++) {
        const char *key = g_ptr_array_index(opts->keys, i);

        if (!g_strv_contains(allowed, key)) {
            error_setg(errp, "Invalid parameter '%s'", key);
            return false;
        }
    }
    return true;
}

void harness_opts_free(HarnessOpts *opts)
{
    if (!opts) {
        return;
    }
    g_free(opts->text);
    if (opts->keys) {
        g_ptr_array_unref(opts->keys);
    }
    if (opts->values) {
        g_ptr_array_unref(opts->values);
    }
    g_free(opts);
}

bool harness_parse_u64(const char *text, uint64_t *value)
{
    char *end;

    if (!text || !*text || text[0] == '-' || g_ascii_isspace(text[0])) {
        return false;
    }
    errno = 0;
    *value = g_ascii_strtoull(text, &end, 0);
    return errno == 0 && *end == '\0';
}

bool harness_parse_size(const char *text, uint64_t *value)
{
    static const char suffixes[] = "kMGT";
    char *end;
    uint64_t n;
    const char *s;

    if (!text || !*text || text[0] == '-' || g_ascii_isspace(text[0])) {
        return false;
    }
    errno = 0;
    n = g_ascii_strtoull(text, &end, 0);
    if (errno || end == text) {
        return false;
    }
    if (*end == '\0') {
        *value = n;
        return true;
    }
    s = strchr(suffixes, *end == 'K' ? 'k' : *end);
    if (!s || end[1] != '\0') {
        return false;
    }
    for (int shift = (int)(s - suffixes) + 1; shift > 0; shift--) {
        if (n > UINT64_MAX / 1024) {
            return false;
        }
        n *= 1024;
    }
    *value = n;
    return true;
}
