/*
 * qobject_to_json() (qapi/qmp/qjson.h): a QObject as the JSON text QEMU
 * 7.2 writes (qobject/qjson.c, json-writer.c), byte for byte: QMP
 * clients, and tests that compare with the real QEMU, see the same text.
 */
#include "qemu/osdep.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qdict.h"
#include "qapi/qmp/qjson.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "utf8.h"

typedef struct JSONWriter {
    GString *out;
    bool pretty;
    unsigned depth;
} JSONWriter;

static void quoted_str(GString *out, const char *str)
{
    const char *end;

    g_string_append_c(out, '"');
    for (const char *p = str; *p; p = end) {
        int cp = mod_utf8_next(p, 6, &end);

        switch (cp) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\b':
            g_string_append(out, "\\b");
            break;
        case '\f':
            g_string_append(out, "\\f");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\r':
            g_string_append(out, "\\r");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            if (cp < 0) {
                cp = 0xFFFD;            /* the replacement character */
            }
            if (cp > 0xFFFF) {
                g_string_append_printf(out, "\\u%04X\\u%04X",
                                       0xD800 + ((cp - 0x10000) >> 10),
                                       0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else if (cp < 0x20 || cp >= 0x7F) {
                g_string_append_printf(out, "\\u%04X", cp);
            } else {
                g_string_append_c(out, cp);
            }
        }
    }
    g_string_append_c(out, '"');
}

/* Pretty: a new line indented to the current depth. */
static void newline(JSONWriter *w)
{
    if (w->pretty) {
        g_string_append_printf(w->out, "\n%*s", w->depth * 4, "");
    }
}

/* Before a member or element: the separator after the previous one. */
static void separate(JSONWriter *w, bool first)
{
    if (!first) {
        g_string_append_c(w->out, ',');
        if (!w->pretty) {
            g_string_append_c(w->out, ' ');
        }
    }
    newline(w);
}

static void write_double(GString *out, double val)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    /* "%.17g" as QEMU, but in the C locale whatever the program's. */
    g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.17g", val));
}

static void write_value(JSONWriter *w, const QObject *obj)
{
    switch (qobject_type(obj)) {
    case QTYPE_QNULL:
        g_string_append(w->out, "null");
        break;
    case QTYPE_QBOOL:
        g_string_append(w->out,
                        qbool_get_bool(qobject_to(QBool, obj)) ? "true"
                                                                : "false");
        break;
    case QTYPE_QNUM: {
        const QNum *num = qobject_to(QNum, obj);

        switch (num->kind) {
        case QNUM_I64:
            g_string_append_printf(w->out, "%" PRId64, num->u.i64);
            break;
        case QNUM_U64:
            g_string_append_printf(w->out, "%" PRIu64, num->u.u64);
            break;
        case QNUM_DOUBLE:
            write_double(w->out, num->u.dbl);
            break;
        }
        break;
    }
    case QTYPE_QSTRING:
        quoted_str(w->out, qstring_get_str(qobject_to(QString, obj)));
        break;
    case QTYPE_QDICT: {
        const QDict *dict = qobject_to(QDict, obj);

        g_string_append_c(w->out, '{');
        w->depth++;
        for (const QDictEntry *e = qdict_first(dict); e;
             e = qdict_next(dict, e)) {
            separate(w, e == qdict_first(dict));
            quoted_str(w->out, qdict_entry_key(e));
            g_string_append(w->out, ": ");
            write_value(w, qdict_entry_value(e));
        }
        w->depth--;
        newline(w);
        g_string_append_c(w->out, '}');
        break;
    }
    case QTYPE_QLIST: {
        const QList *list = qobject_to(QList, obj);

        g_string_append_c(w->out, '[');
        w->depth++;
        for (const QListEntry *e = qlist_first(list); e; e = qlist_next(e)) {
            separate(w, e == qlist_first(list));
            write_value(w, qlist_entry_obj(e));
        }
        w->depth--;
        newline(w);
        g_string_append_c(w->out, ']');
        break;
    }
    default:
        g_assert_not_reached();
    }
}

GString *qobject_to_json_pretty(const QObject *obj, bool pretty)
{
    JSONWriter w = { .out = g_string_new(NULL), .pretty = pretty };

    write_value(&w, obj);
    return w.out;
}

GString *qobject_to_json(const QObject *obj)
{
    return qobject_to_json_pretty(obj, false);
}
