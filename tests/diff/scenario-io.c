/*
 * Lockstep sequences as scenario text (scenario-io.h): the writer the
 * shrinker uses for its minimal scenario, and the parser that replays one.
 */
#include <errno.h>
#include <string.h>

#include "scenario-io.h"

#define DIFF_MAX_OFFSET 0x100f
#define DIFF_MAX_HZ 0xffffffffULL

bool diff_op_is_conformance(const DiffOp *op)
{
    switch (op->kind) {
    case DIFF_OP_READ:
    case DIFF_OP_WRITE:
        return op->offset + op->size <= 0x1000;
    case DIFF_OP_RX:
    case DIFF_OP_BREAK:
    case DIFF_OP_RESET:
        return true;
    default:
        return false;
    }
}

void diff_scenario_format(const DiffOp *ops, size_t n, bool luminary,
                          const char *comment, GString *out)
{
    bool conformance = true;

    if (comment) {
        g_auto(GStrv) lines = g_strsplit(comment, "\n", -1);

        for (char **l = lines; *l; l++) {
            if (**l) {
                g_string_append_printf(out, "# %s\n", *l);
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        conformance &= diff_op_is_conformance(&ops[i]);
    }
    if (!conformance) {
        g_string_append(out, "# lockstep only: uses x- commands or offsets "
                        "past 0xfff\n");
    }
    if (luminary) {
        g_string_append(out, "variant: luminary\n");
    }
    for (size_t i = 0; i < n; i++) {
        diff_op_format(&ops[i], out);
        g_string_append_c(out, '\n');
    }
}

bool diff_scenario_write(const char *path, const DiffOp *ops, size_t n,
                         bool luminary, const char *comment, GError **errp)
{
    g_autoptr(GString) text = g_string_new("");

    diff_scenario_format(ops, n, luminary, comment, text);
    return g_file_set_contents(path, text->str, text->len, errp);
}

static bool parse_number(const char *word, uint64_t max, uint64_t *out)
{
    char *end;

    if (!g_ascii_isdigit(word[0])) {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoull(word, &end, 0);
    return errno == 0 && *end == '\0' && *out <= max;
}

/* "read4" -> 4 with @prefix "read". */
static bool parse_width(const char *word, const char *prefix, uint8_t *size)
{
    size_t len = strlen(prefix);

    if (strncmp(word, prefix, len) || strlen(word) != len + 1) {
        return false;
    }
    switch (word[len]) {
    case '1': case '2': case '4': case '8':
        *size = word[len] - '0';
        return true;
    }
    return false;
}

/* One command, split into words; on failure a reason in @why. */
static bool parse_op(char **w, DiffOp *op, GString *why)
{
    guint n = g_strv_length(w);
    uint64_t v;

    memset(op, 0, sizeof(*op));
    if (parse_width(w[0], "read", &op->size) ||
        parse_width(w[0], "write", &op->size)) {
        bool is_read = w[0][0] == 'r';

        op->kind = is_read ? DIFF_OP_READ : DIFF_OP_WRITE;
        if (is_read ? !(n == 2 || (n == 4 && !strcmp(w[2], "="))) : n != 3) {
            g_string_printf(why, "expected '%s OFFSET%s'", w[0],
                            is_read ? " [= VALUE]" : " VALUE");
            return false;
        }
        if (!parse_number(w[1], DIFF_MAX_OFFSET, &v)) {
            g_string_printf(why, "bad offset '%s' (at most 0x%x)", w[1],
                            DIFF_MAX_OFFSET);
            return false;
        }
        op->offset = v;
        if (!is_read && (!parse_number(w[2], UINT64_MAX, &op->value) ||
                         (op->size < 8 && op->value >> (op->size * 8)))) {
            g_string_printf(why, "bad %u-byte value '%s'", op->size, w[2]);
            return false;
        }
        return true;
    }
    if (!strcmp(w[0], "rx")) {
        op->kind = DIFF_OP_RX;
        if (n < 2 || n - 1 > DIFF_RX_MAX) {
            g_string_printf(why, "expected 'rx BYTE...' (1 to %d bytes)",
                            DIFF_RX_MAX);
            return false;
        }
        for (guint i = 1; i < n; i++) {
            if (strlen(w[i]) != 2 || !g_ascii_isxdigit(w[i][0]) ||
                !g_ascii_isxdigit(w[i][1])) {
                g_string_printf(why, "bad byte '%s' (two hex digits)", w[i]);
                return false;
            }
            op->bytes[op->len++] = g_ascii_xdigit_value(w[i][0]) << 4 |
                                   g_ascii_xdigit_value(w[i][1]);
        }
        return true;
    }
    if (!strcmp(w[0], "x-clock")) {
        op->kind = DIFF_OP_CLOCK;
        if (n != 2 || !parse_number(w[1], DIFF_MAX_HZ, &op->value)) {
            g_string_printf(why, "expected 'x-clock HZ' (32-bit)");
            return false;
        }
        return true;
    }
    if (!strcmp(w[0], "break") || !strcmp(w[0], "reset") ||
        !strcmp(w[0], "x-migrate")) {
        op->kind = w[0][0] == 'b' ? DIFF_OP_BREAK :
                   w[0][0] == 'r' ? DIFF_OP_RESET : DIFF_OP_MIGRATE;
        if (n != 1) {
            g_string_printf(why, "'%s' takes no argument", w[0]);
            return false;
        }
        return true;
    }
    g_string_printf(why, "unknown command '%s'", w[0]);
    return false;
}

GArray *diff_scenario_parse(const char *text, bool *luminary, GError **errp)
{
    g_autoptr(GArray) ops = g_array_new(false, true, sizeof(DiffOp));
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    g_autoptr(GString) why = g_string_new("");

    *luminary = false;
    for (guint i = 0; lines[i]; i++) {
        char *hash = strchr(lines[i], '#');
        g_auto(GStrv) w = NULL;
        DiffOp op;

        if (hash) {
            *hash = '\0';
        }
        /* Event lines belong to the expected trace, not to the commands. */
        if (lines[i][0] == ' ' || lines[i][0] == '\t') {
            continue;
        }
        g_strchomp(lines[i]);
        if (!lines[i][0]) {
            continue;
        }
        if (g_str_has_prefix(lines[i], "variant:")) {
            g_autofree char *v = g_strstrip(g_strdup(lines[i] + 8));

            if (strcmp(v, "luminary")) {
                g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                            "line %u: unknown variant '%s'", i + 1, v);
                return NULL;
            }
            *luminary = true;
            continue;
        }
        if (g_str_has_prefix(lines[i], "target:")) {
            continue;
        }
        w = g_strsplit_set(lines[i], " \t", -1);
        /* Collapse runs of blanks: drop empty words. */
        {
            guint k = 0;

            for (guint j = 0; w[j]; j++) {
                if (*w[j]) {
                    w[k++] = w[j];
                } else {
                    g_free(w[j]);
                }
            }
            w[k] = NULL;
        }
        if (!parse_op(w, &op, why)) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "line %u: %s",
                        i + 1, why->str);
            return NULL;
        }
        g_array_append_val(ops, op);
    }
    return g_steal_pointer(&ops);
}

GArray *diff_scenario_load(const char *path, bool *luminary, GError **errp)
{
    g_autofree char *text = NULL;
    GArray *ops;

    if (!g_file_get_contents(path, &text, NULL, errp)) {
        return NULL;
    }
    ops = diff_scenario_parse(text, luminary, errp);
    if (!ops) {
        g_prefix_error(errp, "%s: ", path);
    }
    return ops;
}
