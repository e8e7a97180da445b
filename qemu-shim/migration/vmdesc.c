/*
 * The JSON description QEMU appends to a migration stream after QEMU_VM_EOF
 * (QEMU_VM_VMDESCRIPTION): which sections, fields, types and sizes the
 * stream holds. Loaders skip it; scripts/analyze-migration.py reads it.
 * A minimal writer in QEMU's json-writer style ("a": 1, "b": [...]).
 */
#include "qemu/osdep.h"
#include "vmstate-internal.h"

struct JSONWriter {
    GString *s;
    bool need_comma;
};

JSONWriter *vmdesc_new(void)
{
    JSONWriter *w = g_new0(JSONWriter, 1);

    w->s = g_string_new(NULL);
    return w;
}

const char *vmdesc_get(JSONWriter *w, size_t *len)
{
    *len = w->s->len;
    return w->s->str;
}

void vmdesc_free(JSONWriter *w)
{
    if (w) {
        g_string_free(w->s, TRUE);
        g_free(w);
    }
}

static void append_quoted(GString *s, const char *str)
{
    g_string_append_c(s, '"');
    for (; *str; str++) {
        unsigned char c = (unsigned char)*str;

        if (c == '"' || c == '\\') {
            g_string_append_printf(s, "\\%c", c);
        } else if (c < 0x20) {
            g_string_append_printf(s, "\\u%04x", c);
        } else {
            g_string_append_c(s, (char)c);
        }
    }
    g_string_append_c(s, '"');
}

/* The separator and, inside an object, the member name. */
static void begin_value(JSONWriter *w, const char *name)
{
    if (w->need_comma) {
        g_string_append(w->s, ", ");
    }
    if (name) {
        append_quoted(w->s, name);
        g_string_append(w->s, ": ");
    }
}

void vmdesc_start_object(JSONWriter *w, const char *name)
{
    begin_value(w, name);
    g_string_append_c(w->s, '{');
    w->need_comma = false;
}

void vmdesc_end_object(JSONWriter *w)
{
    g_string_append_c(w->s, '}');
    w->need_comma = true;
}

void vmdesc_start_array(JSONWriter *w, const char *name)
{
    begin_value(w, name);
    g_string_append_c(w->s, '[');
    w->need_comma = false;
}

void vmdesc_end_array(JSONWriter *w)
{
    g_string_append_c(w->s, ']');
    w->need_comma = true;
}

void vmdesc_int64(JSONWriter *w, const char *name, int64_t v)
{
    begin_value(w, name);
    g_string_append_printf(w->s, "%" PRId64, v);
    w->need_comma = true;
}

void vmdesc_str(JSONWriter *w, const char *name, const char *v)
{
    begin_value(w, name);
    append_quoted(w->s, v);
    w->need_comma = true;
}
