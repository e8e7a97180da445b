/*
 * String input visitor (qapi/string-input-visitor.h): one scalar parsed
 * from a command-line style string. Integers take C syntax (decimal,
 * 0x hex, 0 octal), sizes take a k/M/G/T/P/E suffix, booleans on/off.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qapi/error.h"
#include "qapi/qmp/qerror.h"
#include "qapi/string-input-visitor.h"
#include "qapi/visitor-impl.h"

struct StringInputVisitor {
    Visitor visitor;
    const char *string;
};

static StringInputVisitor *to_siv(Visitor *v)
{
    return container_of(v, StringInputVisitor, visitor);
}

static void set_bad_value(const char *name, const char *what, Error **errp)
{
    error_setg(errp, QERR_INVALID_PARAMETER_VALUE, name ? name : "null",
               what);
}

static bool parse_type_int64(Visitor *v, const char *name, int64_t *obj,
                             Error **errp)
{
    const char *str = to_siv(v)->string;
    char *end;
    int64_t val;

    errno = 0;
    val = g_ascii_strtoll(str, &end, 0);
    if (!*str || *end || errno) {
        set_bad_value(name, "integer", errp);
        return false;
    }
    *obj = val;
    return true;
}

static bool parse_type_uint64(Visitor *v, const char *name, uint64_t *obj,
                              Error **errp)
{
    const char *str = to_siv(v)->string;
    char *end;
    uint64_t val;

    /* Like QEMU, a negative number wraps (strtoull's rule). */
    errno = 0;
    val = g_ascii_strtoull(str, &end, 0);
    if (!*str || *end || errno) {
        set_bad_value(name, "integer", errp);
        return false;
    }
    *obj = val;
    return true;
}

/* The multiplier of a size suffix, 0 if @c is none. */
static uint64_t suffix_mul(char c)
{
    switch (g_ascii_toupper(c)) {
    case 'B':
        return 1;
    case 'K':
        return 1ULL << 10;
    case 'M':
        return 1ULL << 20;
    case 'G':
        return 1ULL << 30;
    case 'T':
        return 1ULL << 40;
    case 'P':
        return 1ULL << 50;
    case 'E':
        return 1ULL << 60;
    }
    return 0;
}

/*
 * QEMU's qemu_strtosz(): "4096", "0x1000", "4k", "1.5M". A fraction needs
 * a suffix other than B and must give whole bytes' worth once scaled.
 */
static bool parse_size(const char *str, uint64_t *result)
{
    bool hex = g_ascii_strncasecmp(str, "0x", 2) == 0;
    double fraction = 0;
    uint64_t val, mul;
    char *end;

    if (!g_ascii_isxdigit(*str)) {
        return false;       /* no sign, no blanks, something to parse */
    }
    errno = 0;
    val = g_ascii_strtoull(str, &end, hex ? 16 : 10);
    if (errno) {
        return false;
    }
    if (*end == '.') {
        char *fend;

        if (hex) {
            return false;
        }
        fraction = g_ascii_strtod(end, &fend);
        if (fend == end + 1) {
            return false;       /* a lone '.' */
        }
        end = fend;
    }
    mul = suffix_mul(*end);
    if (mul) {
        end++;
    } else {
        mul = 1;
    }
    if (*end || (fraction != 0 && mul == 1)) {
        return false;
    }
    if (val > UINT64_MAX / mul) {
        return false;
    }
    val *= mul;
    if (fraction != 0) {
        uint64_t extra = (uint64_t)(fraction * mul);

        if (val > UINT64_MAX - extra) {
            return false;
        }
        val += extra;
    }
    *result = val;
    return true;
}

static bool parse_type_size(Visitor *v, const char *name, uint64_t *obj,
                            Error **errp)
{
    uint64_t val;

    if (!parse_size(to_siv(v)->string, &val)) {
        set_bad_value(name, "size", errp);
        return false;
    }
    *obj = val;
    return true;
}

static bool parse_type_bool(Visitor *v, const char *name, bool *obj,
                            Error **errp)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    const char *str = to_siv(v)->string;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(yes); i++) {
        if (g_str_equal(str, yes[i])) {
            *obj = true;
            return true;
        }
        if (g_str_equal(str, no[i])) {
            *obj = false;
            return true;
        }
    }
    set_bad_value(name, "'on' or 'off'", errp);
    return false;
}

static bool parse_type_str(Visitor *v, const char *name G_GNUC_UNUSED,
                           char **obj, Error **errp G_GNUC_UNUSED)
{
    *obj = g_strdup(to_siv(v)->string);
    return true;
}

static bool parse_type_number(Visitor *v, const char *name, double *obj,
                              Error **errp)
{
    const char *str = to_siv(v)->string;
    char *end;
    double val;

    errno = 0;
    val = g_ascii_strtod(str, &end);
    if (!*str || *end || errno || !isfinite(val)) {
        set_bad_value(name, "number", errp);
        return false;
    }
    *obj = val;
    return true;
}

static void string_input_free(Visitor *v)
{
    g_free(to_siv(v));
}

Visitor *string_input_visitor_new(const char *str)
{
    StringInputVisitor *v = g_new0(StringInputVisitor, 1);

    assert(str);
    v->visitor.type = VISITOR_INPUT;
    v->visitor.type_int64 = parse_type_int64;
    v->visitor.type_uint64 = parse_type_uint64;
    v->visitor.type_size = parse_type_size;
    v->visitor.type_bool = parse_type_bool;
    v->visitor.type_str = parse_type_str;
    v->visitor.type_number = parse_type_number;
    v->visitor.free = string_input_free;
    v->string = str;
    return &v->visitor;
}
