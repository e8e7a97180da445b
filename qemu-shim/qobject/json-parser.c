/*
 * qobject_from_json() (qapi/qmp/qjson.h): JSON text to a QObject, by
 * recursive descent over the whole text. What it accepts, and the error
 * messages, are QEMU 7.2's (qobject/json-lexer.c, json-parser.c,
 * json-streamer.c); QEMU's %-interpolation is not implemented.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qmp/qbool.h"
#include "qapi/qmp/qdict.h"
#include "qapi/qmp/qjson.h"
#include "qapi/qmp/qlist.h"
#include "qapi/qmp/qnull.h"
#include "qapi/qmp/qnum.h"
#include "qapi/qmp/qstring.h"
#include "utf8.h"

/* Objects and arrays inside each other, as QEMU's MAX_NESTING. */
#define JSON_MAX_NESTING 1024

typedef struct JSONParser {
    const char *p;          /* the next byte to read */
    int depth;
    Error *err;             /* the first error; parsing stops there */
} JSONParser;

static void G_GNUC_PRINTF(2, 3) parse_error(JSONParser *ps,
                                            const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    if (ps->err) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&ps->err, "JSON parse error, %s", msg);
}

/* A byte sequence no token starts or continues with, from @start to p. */
static void stray(JSONParser *ps, const char *start)
{
    int len = ps->p - start + (*ps->p ? 1 : 0);

    parse_error(ps, "stray '%.*s'", len, start);
}

static void skip_ws(JSONParser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
           *ps->p == '\r') {
        ps->p++;
    }
}

static int hex4(const char *s)
{
    int cp = 0;

    for (int i = 0; i < 4; i++) {
        if (!g_ascii_isxdigit(s[i])) {
            return -1;
        }
        cp = cp << 4 | g_ascii_xdigit_value(s[i]);
    }
    return cp;
}

/*
 * How much of a bad \u escape at @beg QEMU shows: 6 bytes, as many as
 * the string token in quotes @quote still holds.
 */
static int bad_u_escape_len(const char *beg, char quote)
{
    bool escaped = false;
    int len = 2;

    while (len < 6 && beg[len]) {
        char c = beg[len++];

        if (escaped) {
            escaped = false;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == quote) {
            break;
        }
    }
    return len;
}

/*
 * One \-escape at @ps->p (after the backslash), in quotes @quote,
 * appended to @str.
 */
static bool parse_escape(JSONParser *ps, GString *str, char quote)
{
    const char *beg = ps->p - 1;
    char c = *ps->p++;
    char utf8[5];
    int cp;

    switch (c) {
    case '"': case '\'': case '\\': case '/':
        g_string_append_c(str, c);
        return true;
    case 'b':
        g_string_append_c(str, '\b');
        return true;
    case 'f':
        g_string_append_c(str, '\f');
        return true;
    case 'n':
        g_string_append_c(str, '\n');
        return true;
    case 'r':
        g_string_append_c(str, '\r');
        return true;
    case 't':
        g_string_append_c(str, '\t');
        return true;
    case 'u':
        cp = hex4(ps->p);
        if (cp < 0) {
            parse_error(ps, "%.*s is not a valid Unicode character",
                        bad_u_escape_len(beg, quote), beg);
            return false;
        }
        ps->p += 4;
        /* A leading surrogate and a trailing one: one character. */
        if (cp >= 0xD800 && cp <= 0xDBFF && ps->p[0] == '\\' &&
            ps->p[1] == 'u') {
            int trail = hex4(ps->p + 2);

            if (trail >= 0xDC00 && trail <= 0xDFFF) {
                cp = 0x10000 + ((cp & 0x3FF) << 10) + (trail & 0x3FF);
                ps->p += 6;
            } else {
                cp = -1;
            }
        }
        if (mod_utf8_put(utf8, cp) < 0) {
            parse_error(ps, "%.*s is not a valid Unicode character",
                        (int)(ps->p - beg), beg);
            return false;
        }
        g_string_append(str, utf8);
        return true;
    default:
        if ((unsigned char)c < 0x20) {
            ps->p--;
            stray(ps, beg);
        } else {
            parse_error(ps, "invalid escape sequence in string");
        }
        return false;
    }
}

/* A string in double or (QEMU's extension) single quotes. */
static QObject *parse_string(JSONParser *ps)
{
    const char *start = ps->p;
    char quote = *ps->p++;
    GString *str = g_string_new(NULL);

    while (*ps->p != quote) {
        unsigned char c = *ps->p;
        const char *end;
        char utf8[5];
        int cp;

        if (c < 0x20) {         /* control characters, and the end */
            stray(ps, start);
            goto fail;
        }
        if (c == '\\') {
            ps->p++;
            if (!parse_escape(ps, str, quote)) {
                goto fail;
            }
            continue;
        }
        cp = mod_utf8_next(ps->p, 6, &end);
        if (cp < 0) {
            parse_error(ps, "invalid UTF-8 sequence in string");
            goto fail;
        }
        ps->p = end;
        mod_utf8_put(utf8, cp);
        g_string_append(str, utf8);
    }
    ps->p++;
    return QOBJECT(qstring_from_gstring(str));

fail:
    g_string_free(str, true);
    return NULL;
}

static bool skip_digits(JSONParser *ps)
{
    const char *start = ps->p;

    while (g_ascii_isdigit(*ps->p)) {
        ps->p++;
    }
    return ps->p > start;
}

/*
 * RFC 8259's number. An integer is an int64 QNum if it fits, else a
 * uint64 one, else a double, as QEMU's parse_literal().
 */
static QObject *parse_number(JSONParser *ps)
{
    const char *start = ps->p;
    g_autofree char *text = NULL;
    bool integer = true;
    char *end;

    if (*ps->p == '-') {
        ps->p++;
    }
    if (*ps->p == '0') {
        ps->p++;
    } else if (!skip_digits(ps)) {
        stray(ps, start);
        return NULL;
    }
    if (*ps->p == '.') {
        ps->p++;
        integer = false;
        if (!skip_digits(ps)) {
            stray(ps, start);
            return NULL;
        }
    }
    if (*ps->p == 'e' || *ps->p == 'E') {
        ps->p++;
        integer = false;
        if (*ps->p == '+' || *ps->p == '-') {
            ps->p++;
        }
        if (!skip_digits(ps)) {
            stray(ps, start);
            return NULL;
        }
    }
    text = g_strndup(start, ps->p - start);
    if (integer) {
        int64_t i;
        uint64_t u;

        errno = 0;
        i = g_ascii_strtoll(text, &end, 10);
        if (!errno) {
            return QOBJECT(qnum_from_int(i));
        }
        if (text[0] != '-') {
            errno = 0;
            u = g_ascii_strtoull(text, &end, 10);
            if (!errno) {
                return QOBJECT(qnum_from_uint(u));
            }
        }
    }
    return QOBJECT(qnum_from_double(g_ascii_strtod(text, &end)));
}

/* [a-z]+, of which only three are JSON. */
static QObject *parse_keyword(JSONParser *ps)
{
    const char *start = ps->p;
    size_t len;

    while (*ps->p >= 'a' && *ps->p <= 'z') {
        ps->p++;
    }
    len = ps->p - start;
    if (len == 4 && !strncmp(start, "true", 4)) {
        return QOBJECT(qbool_from_bool(true));
    }
    if (len == 5 && !strncmp(start, "false", 5)) {
        return QOBJECT(qbool_from_bool(false));
    }
    if (len == 4 && !strncmp(start, "null", 4)) {
        return QOBJECT(qnull());
    }
    parse_error(ps, "invalid keyword '%.*s'", (int)len, start);
    return NULL;
}

static QObject *parse_value(JSONParser *ps);

/* Enter an object or array: false past the nesting limit. */
static bool nest(JSONParser *ps)
{
    if (++ps->depth > JSON_MAX_NESTING) {
        if (!ps->err) {
            error_setg(&ps->err, "JSON nesting depth limit exceeded");
        }
        return false;
    }
    return true;
}

/* Skip whitespace, then: false with "premature EOI" at the end. */
static bool more(JSONParser *ps)
{
    skip_ws(ps);
    if (!*ps->p) {
        parse_error(ps, "premature EOI");
        return false;
    }
    return true;
}

static QObject *parse_object(JSONParser *ps)
{
    QDict *dict = qdict_new();

    ps->p++;
    if (!nest(ps) || !more(ps)) {
        goto fail;
    }
    if (*ps->p == '}') {
        ps->p++;
        ps->depth--;
        return QOBJECT(dict);
    }
    for (;;) {
        QObject *key_obj = parse_value(ps);
        QString *key = qobject_to(QString, key_obj);
        QObject *value;

        if (!key) {
            parse_error(ps, "key is not a string in object");
            qobject_unref(key_obj);
            goto fail;
        }
        if (!more(ps) || *ps->p != ':') {
            parse_error(ps, "missing : in object pair");
            qobject_unref(key_obj);
            goto fail;
        }
        ps->p++;
        value = parse_value(ps);
        if (!value) {
            qobject_unref(key_obj);
            goto fail;
        }
        if (qdict_haskey(dict, qstring_get_str(key))) {
            parse_error(ps, "duplicate key");
            qobject_unref(key_obj);
            qobject_unref(value);
            goto fail;
        }
        qdict_put_obj(dict, qstring_get_str(key), value);
        qobject_unref(key_obj);
        if (!more(ps)) {
            goto fail;
        }
        if (*ps->p == '}') {
            break;
        }
        if (*ps->p != ',') {
            parse_error(ps, "expected separator in dict");
            goto fail;
        }
        ps->p++;
    }
    ps->p++;
    ps->depth--;
    return QOBJECT(dict);

fail:
    qobject_unref(dict);
    return NULL;
}

static QObject *parse_array(JSONParser *ps)
{
    QList *list = qlist_new();

    ps->p++;
    if (!nest(ps) || !more(ps)) {
        goto fail;
    }
    if (*ps->p == ']') {
        ps->p++;
        ps->depth--;
        return QOBJECT(list);
    }
    for (;;) {
        QObject *value = parse_value(ps);

        if (!value) {
            goto fail;
        }
        qlist_append_obj(list, value);
        if (!more(ps)) {
            goto fail;
        }
        if (*ps->p == ']') {
            break;
        }
        if (*ps->p != ',') {
            parse_error(ps, "expected separator in list");
            goto fail;
        }
        ps->p++;
    }
    ps->p++;
    ps->depth--;
    return QOBJECT(list);

fail:
    qobject_unref(list);
    return NULL;
}

static QObject *parse_value(JSONParser *ps)
{
    if (!more(ps)) {
        return NULL;
    }
    switch (*ps->p) {
    case '{':
        return parse_object(ps);
    case '[':
        return parse_array(ps);
    case '"':
    case '\'':
        return parse_string(ps);
    case '-':
    case '0' ... '9':
        return parse_number(ps);
    case 'a' ... 'z':
        return parse_keyword(ps);
    case '}':
    case ']':
    case ',':
    case ':':
        parse_error(ps, "expecting value");
        return NULL;
    default:
        stray(ps, ps->p);
        return NULL;
    }
}

QObject *qobject_from_json(const char *string, Error **errp)
{
    JSONParser ps = { .p = string };
    QObject *obj;

    skip_ws(&ps);
    if (!*ps.p) {
        error_setg(errp, "Expecting a JSON value");
        return NULL;
    }
    obj = parse_value(&ps);
    if (obj) {
        skip_ws(&ps);
        if (*ps.p) {
            qobject_unref(obj);
            obj = NULL;
            error_setg(&ps.err, "Expecting at most one JSON value");
        }
    }
    error_propagate(errp, ps.err);
    return obj;
}
