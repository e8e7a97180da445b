/*
 * Scenario files: parsing, the canonical text of commands, and --record
 * (writing a target's trace back into the file). See README.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "scenario.h"

#define EVENT_INDENT "  "

/* A line without its comment and trailing blanks; *comment gets the '#...'. */
static char *strip_line(const char *line, const char **comment)
{
    const char *hash = strchr(line, '#');
    char *text = hash ? g_strndup(line, hash - line) : g_strdup(line);

    if (comment) {
        *comment = hash;
    }
    return g_strchomp(text);
}

/* The blank-separated words of @text. */
static char **split_words(const char *text)
{
    g_auto(GStrv) parts = g_strsplit_set(text, " \t", -1);
    GPtrArray *words = g_ptr_array_new();

    for (char **p = parts; *p; p++) {
        if (**p) {
            g_ptr_array_add(words, g_strdup(*p));
        }
    }
    g_ptr_array_add(words, NULL);
    return (char **)g_ptr_array_free(words, false);
}

static bool parse_u64(const char *word, uint64_t *out)
{
    char *end;

    if (!g_ascii_isdigit(word[0])) {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoull(word, &end, 0);
    return errno == 0 && *end == '\0';
}

static bool parse_access(const char *word, const char *prefix, unsigned *size)
{
    size_t len = strlen(prefix);

    if (strncmp(word, prefix, len) != 0 || strlen(word) != len + 1) {
        return false;
    }
    switch (word[len]) {
    case '1': case '2': case '4': case '8':
        *size = word[len] - '0';
        return true;
    }
    return false;
}

static bool parse_offset(const char *word, uint64_t *offset, GString *why)
{
    if (!parse_u64(word, offset)) {
        g_string_printf(why, "bad offset '%s'", word);
        return false;
    }
    if (*offset >= 0x1000) {
        g_string_printf(why, "offset %s is outside the UART's 4 KiB region", word);
        return false;
    }
    return true;
}

/* One command line (already split in words); false with @why on an error. */
static bool parse_cmd(char **w, ScenarioCmd *cmd, GString *why)
{
    guint n = g_strv_length(w);

    if (parse_access(w[0], "read", &cmd->size)) {
        cmd->kind = SCN_READ;
        /* "= VALUE" is the expected result: the trace comparison checks it. */
        if (n != 2 && !(n == 4 && strcmp(w[2], "=") == 0)) {
            g_string_printf(why, "expected '%s OFFSET = VALUE'", w[0]);
            return false;
        }
        return parse_offset(w[1], &cmd->offset, why);
    }
    if (parse_access(w[0], "write", &cmd->size)) {
        cmd->kind = SCN_WRITE;
        if (n != 3) {
            g_string_printf(why, "expected '%s OFFSET VALUE'", w[0]);
            return false;
        }
        if (!parse_offset(w[1], &cmd->offset, why)) {
            return false;
        }
        if (!parse_u64(w[2], &cmd->value) ||
            (cmd->size < 8 && cmd->value >> (cmd->size * 8))) {
            g_string_printf(why, "bad %u-byte value '%s'", cmd->size, w[2]);
            return false;
        }
        return true;
    }
    if (strcmp(w[0], "rx") == 0) {
        cmd->kind = SCN_RX;
        if (n < 2) {
            g_string_printf(why, "expected 'rx BYTE...' (two hex digits each)");
            return false;
        }
        cmd->bytes = g_byte_array_new();
        for (guint i = 1; i < n; i++) {
            uint8_t b;

            if (strlen(w[i]) != 2 || !g_ascii_isxdigit(w[i][0]) ||
                !g_ascii_isxdigit(w[i][1])) {
                g_string_printf(why, "bad byte '%s' (two hex digits)", w[i]);
                return false;
            }
            b = g_ascii_xdigit_value(w[i][0]) << 4 | g_ascii_xdigit_value(w[i][1]);
            g_byte_array_append(cmd->bytes, &b, 1);
        }
        return true;
    }
    if (strcmp(w[0], "break") == 0 || strcmp(w[0], "reset") == 0) {
        cmd->kind = w[0][0] == 'b' ? SCN_BREAK : SCN_RESET;
        if (n != 1) {
            g_string_printf(why, "'%s' takes no argument", w[0]);
            return false;
        }
        return true;
    }
    g_string_printf(why, "unknown command '%s'", w[0]);
    return false;
}

/* "variant: luminary" or "target: KIND..."; false if @text is no directive. */
static bool parse_directive(Scenario *sc, const char *text, GString *why,
                            bool *ok)
{
    const char *colon = strchr(text, ':');
    g_autofree char *key = NULL;
    g_auto(GStrv) w = NULL;

    if (!colon) {
        return false;
    }
    key = g_strndup(text, colon - text);
    w = split_words(colon + 1);
    *ok = false;
    if (strcmp(key, "variant") == 0) {
        if (g_strv_length(w) != 1 || strcmp(w[0], "luminary") != 0) {
            g_autofree char *v = g_strstrip(g_strdup(colon + 1));

            g_string_printf(why, "unknown variant '%s' (only 'luminary')", v);
            return true;
        }
        sc->luminary = true;
    } else if (strcmp(key, "target") == 0) {
        g_autoptr(GPtrArray) kinds = g_ptr_array_new_with_free_func(g_free);

        for (char **k = w; *k; k++) {
            if (strcmp(*k, "qemu") != 0 && strcmp(*k, "harness") != 0) {
                g_string_printf(why, "unknown target kind '%s' "
                                "(qemu or harness)", *k);
                return true;
            }
            g_ptr_array_add(kinds, g_strdup(*k));
        }
        if (!kinds->len) {
            g_string_printf(why, "'target:' names no target kind");
            return true;
        }
        g_ptr_array_add(kinds, NULL);
        g_strfreev(sc->targets);
        sc->targets = (char **)g_ptr_array_free(g_steal_pointer(&kinds), false);
    } else {
        g_string_printf(why, "unknown directive '%s:'", key);
        return true;
    }
    *ok = true;
    return true;
}

Scenario *scenario_load(const char *path, GError **errp)
{
    g_autofree char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, errp)) {
        return NULL;
    }
    return scenario_parse(path, text, errp);
}

Scenario *scenario_parse(const char *path, const char *text, GError **errp)
{
    g_autoptr(Scenario) sc = g_new0(Scenario, 1);
    g_autofree char *base = g_path_get_basename(path);
    g_autoptr(GArray) cmds = g_array_new(false, true, sizeof(ScenarioCmd));
    g_autoptr(GString) expected = g_string_new("");
    g_autoptr(GString) why = g_string_new("");
    char *dot = strrchr(base, '.');

    sc->path = g_strdup(path);
    sc->name = dot ? g_strndup(base, dot - base) : g_strdup(base);
    sc->lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; sc->lines[i]; i++) {
        g_autofree char *line = strip_line(sc->lines[i], NULL);
        g_auto(GStrv) w = NULL;
        ScenarioCmd cmd = { 0 };
        bool ok = true;

        if (!*line) {
            continue;
        }
        g_string_append_printf(expected, "%s\n", line);
        if (g_ascii_isspace(line[0])) {
            continue;       /* an expected event */
        }
        if (parse_directive(sc, line, why, &ok)) {
            if (ok && cmds->len) {
                g_string_printf(why, "directives go before the first command");
                ok = false;
            }
        } else {
            w = split_words(line);
            ok = parse_cmd(w, &cmd, why);
            if (ok) {
                g_array_append_val(cmds, cmd);
            } else if (cmd.bytes) {
                g_byte_array_unref(cmd.bytes);
            }
        }
        if (!ok) {
            g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%u: %s",
                        path, i + 1, why->str);
            return NULL;
        }
    }
    if (!cmds->len) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: no command in the scenario", path);
        return NULL;
    }
    sc->n_cmds = cmds->len;
    sc->cmds = (ScenarioCmd *)g_array_free(g_steal_pointer(&cmds), false);
    sc->expected = g_string_free(g_steal_pointer(&expected), false);
    return g_steal_pointer(&sc);
}

void scenario_free(Scenario *sc)
{
    if (!sc) {
        return;
    }
    for (size_t i = 0; i < sc->n_cmds; i++) {
        if (sc->cmds[i].bytes) {
            g_byte_array_unref(sc->cmds[i].bytes);
        }
    }
    g_free(sc->cmds);
    g_strfreev(sc->targets);
    g_strfreev(sc->lines);
    g_free(sc->expected);
    g_free(sc->name);
    g_free(sc->path);
    g_free(sc);
}

unsigned scenario_file_line(const Scenario *sc, unsigned index)
{
    unsigned i;

    for (i = 0; sc->lines[i]; i++) {
        g_autofree char *line = strip_line(sc->lines[i], NULL);

        if (*line && index-- == 0) {
            break;
        }
    }
    return i + 1;
}

bool scenario_wants_target(const Scenario *sc, const char *kind)
{
    return !sc->targets || g_strv_contains((const char *const *)sc->targets, kind);
}

void scenario_trace_header(const Scenario *sc, GString *trace)
{
    /* In the file's order, so that a recorded file compares equal. */
    for (guint i = 0; sc->lines[i]; i++) {
        g_autofree char *line = strip_line(sc->lines[i], NULL);
        bool ok;
        g_autoptr(GString) why = g_string_new("");
        Scenario probe = { 0 };

        if (!*line || g_ascii_isspace(line[0])) {
            continue;
        }
        if (!parse_directive(&probe, line, why, &ok)) {
            break;          /* the first command ends the header */
        }
        if (probe.luminary) {
            g_string_append(trace, "variant: luminary\n");
        }
        if (probe.targets) {
            g_autofree char *kinds = g_strjoinv(" ", probe.targets);

            g_string_append_printf(trace, "target: %s\n", kinds);
            g_strfreev(probe.targets);
        }
    }
}

void scenario_format_cmd(const ScenarioCmd *cmd, uint64_t result, GString *out)
{
    switch (cmd->kind) {
    case SCN_READ:
        g_string_append_printf(out, "read%u 0x%03" PRIx64 " = 0x%" PRIx64,
                               cmd->size, cmd->offset, result);
        break;
    case SCN_WRITE:
        g_string_append_printf(out, "write%u 0x%03" PRIx64 " 0x%" PRIx64,
                               cmd->size, cmd->offset, cmd->value);
        break;
    case SCN_RX:
        g_string_append(out, "rx");
        for (guint i = 0; i < cmd->bytes->len; i++) {
            g_string_append_printf(out, " %02x", cmd->bytes->data[i]);
        }
        break;
    case SCN_BREAK:
        g_string_append(out, "break");
        break;
    case SCN_RESET:
        g_string_append(out, "reset");
        break;
    }
    g_string_append_c(out, '\n');
}

/* @text, then @comment at its old column @col (or two blanks further). */
static void append_with_comment(GString *out, const char *text,
                                const char *comment, size_t col)
{
    g_string_append(out, text);
    if (comment) {
        size_t len = strlen(text);

        if (len + 1 < col) {
            g_string_append_printf(out, "%*s", (int)(col - len), "");
        } else {
            g_string_append(out, "  ");
        }
        g_string_append(out, comment);
    }
    g_string_append_c(out, '\n');
}

bool scenario_record(const Scenario *sc, const char *trace, GError **errp)
{
    g_auto(GStrv) tl = g_strsplit(trace, "\n", -1);
    g_autoptr(GString) out = g_string_new("");
    guint t = 0, i = 0;

    /* The original lines, with the trace's lines in place of the old ones. */
    while (sc->lines[i]) {
        const char *comment;
        const char *raw = sc->lines[i];
        g_autofree char *text = strip_line(raw, &comment);
        size_t col = comment ? (size_t)(comment - raw) : 0;
        g_autoptr(GPtrArray) old_events = g_ptr_array_new_with_free_func(g_free);
        g_autoptr(GPtrArray) kept = g_ptr_array_new();

        if (!sc->lines[i + 1] && !*raw) {
            break;          /* the newline that ends the file */
        }
        i++;
        if (!*text) {
            g_string_append_printf(out, "%s\n", raw);
            continue;
        }
        if (g_ascii_isspace(text[0]) || !tl[t]) {
            continue;       /* an orphan event: dropped */
        }
        append_with_comment(out, tl[t++], comment, col);
        /* this command's old events (and comment lines among them) */
        for (; sc->lines[i]; i++) {
            g_autofree char *ev = strip_line(sc->lines[i], NULL);

            if (*ev && !g_ascii_isspace(ev[0])) {
                break;
            }
            if (*ev) {
                g_ptr_array_add(old_events, g_strdup(sc->lines[i]));
            } else if (sc->lines[i + 1]) {
                g_ptr_array_add(kept, sc->lines[i]);
            }
        }
        for (guint k = 0; tl[t] && g_ascii_isspace(tl[t][0]); t++, k++) {
            const char *oc = NULL;
            size_t ocol = 0;

            if (k < old_events->len) {
                const char *old = g_ptr_array_index(old_events, k);
                g_autofree char *otext = strip_line(old, &oc);

                if (strcmp(otext, tl[t]) != 0) {
                    oc = NULL;
                }
                ocol = oc ? (size_t)(oc - old) : 0;
            }
            append_with_comment(out, tl[t], oc, ocol);
        }
        for (guint k = 0; k < kept->len; k++) {
            g_string_append_printf(out, "%s\n",
                                   (char *)g_ptr_array_index(kept, k));
        }
    }
    if (tl[t] && *tl[t]) {
        g_set_error(errp, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "%s: the trace has lines the file has no place for "
                    "(from '%s')", sc->path, tl[t]);
        return false;
    }
    return g_file_set_contents(sc->path, out->str, out->len, errp);
}
