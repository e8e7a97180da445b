/*
 * The "id" of a QMP command as its text, for the one id QEMU 7.2 cannot
 * echo as JSON: one holding a number beyond a double (1e400), which QEMU
 * parses to infinity and prints as "inf". The harness echoes such an id
 * as sent, its other numbers rewritten as QEMU prints them: integers that
 * fit int64 or uint64 stay integers, other numbers become doubles printed
 * with "%.17g" (2^64 -> 1.8446744073709552e+19). Every other id is
 * echoed from its QObject (qmp.c).
 */
#include "qemu/osdep.h"
#include "harness.h"
#include <math.h>

/* Skip JSON whitespace. */
static const char *skip_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
        p++;
    }
    return p;
}

/* The end of the string starting at @p (a '"'), or NULL. */
static const char *skip_string(const char *p)
{
    for (p++; *p; p++) {
        if (*p == '\\') {
            if (!*++p) {
                return NULL;
            }
        } else if (*p == '"') {
            return p + 1;
        }
    }
    return NULL;
}

/* The end of the value starting at @p, or NULL if it is not plain JSON. */
static const char *skip_value(const char *p)
{
    int depth = 0;

    do {
        p = skip_ws(p);
        if (*p == '"') {
            p = skip_string(p);
            if (!p) {
                return NULL;
            }
        } else if (*p == '{' || *p == '[') {
            depth++;
            p++;
        } else if (*p == '}' || *p == ']') {
            if (--depth < 0) {
                return NULL;
            }
            p++;
        } else if (*p == ',' || *p == ':') {
            if (!depth) {
                return NULL;
            }
            p++;
        } else if (g_ascii_isalnum(*p) || *p == '-' || *p == '+' ||
                   *p == '.') {
            while (g_ascii_isalnum(*p) || *p == '-' || *p == '+' ||
                   *p == '.') {
                p++;
            }
        } else {
            return NULL;    /* e.g. a single-quoted string */
        }
    } while (depth > 0);
    return p;
}

/* One number token, as QEMU's parser and printer turn it around. */
static void append_number(GString *out, const char *tok, size_t len)
{
    g_autofree char *text = g_strndup(tok, len);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    char *end;
    double d;

    if (!strpbrk(text, ".eE")) {
        gint64 i;
        guint64 u;

        errno = 0;
        i = g_ascii_strtoll(text, &end, 10);
        if (!errno && !*end) {
            g_string_append_printf(out, "%" G_GINT64_FORMAT, i);
            return;
        }
        if (text[0] != '-') {
            errno = 0;
            u = g_ascii_strtoull(text, &end, 10);
            if (!errno && !*end) {
                g_string_append_printf(out, "%" G_GUINT64_FORMAT, u);
                return;
            }
        }
    }
    d = g_ascii_strtod(text, &end);
    if (*end || !isfinite(d)) {
        g_string_append_len(out, tok, len);
        return;
    }
    g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.17g", d));
}

/* Copy the value [p, end) with every number rewritten. */
static char *rewrite_numbers(const char *p, const char *end)
{
    GString *out = g_string_new(NULL);

    while (p < end) {
        if (*p == '"') {
            const char *q = skip_string(p);

            g_string_append_len(out, p, q - p);
            p = q;
        } else if (*p == '-' || g_ascii_isdigit(*p)) {
            const char *q = p;

            while (q < end && (g_ascii_isalnum(*q) || strchr("+-.", *q))) {
                q++;
            }
            append_number(out, p, q - p);
            p = q;
        } else {
            g_string_append_c(out, *p++);
        }
    }
    return g_string_free(out, false);
}

char *harness_qmp_id_text(const char *msg)
{
    const char *p = skip_ws(msg), *value = NULL, *value_end = NULL;

    if (*p != '{') {
        return NULL;
    }
    p = skip_ws(p + 1);
    while (*p == '"') {
        const char *key = p, *key_end = skip_string(p);

        if (!key_end) {
            return NULL;
        }
        p = skip_ws(key_end);
        if (*p != ':') {
            return NULL;
        }
        p = skip_ws(p + 1);
        /* The last "id" (the parser refuses a key twice anyway). */
        if (key_end - key == 4 && !strncmp(key, "\"id\"", 4)) {
            value = p;
            value_end = skip_value(p);
            if (!value_end) {
                return NULL;
            }
            p = value_end;
        } else if (!(p = skip_value(p))) {
            return NULL;
        }
        p = skip_ws(p);
        if (*p != ',') {
            break;
        }
        p = skip_ws(p + 1);
    }
    return value ? rewrite_numbers(value, value_end) : NULL;
}
