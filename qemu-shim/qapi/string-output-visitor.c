/*
 * String output visitor (qapi/string-output-visitor.h): one scalar printed
 * the way QEMU 7.2 prints property values, with extra detail for humans.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/string-output-visitor.h"
#include "qapi/visitor-impl.h"

struct StringOutputVisitor {
    Visitor visitor;
    bool human;
    char *string;
    char **result;
};

static StringOutputVisitor *to_sov(Visitor *v)
{
    return container_of(v, StringOutputVisitor, visitor);
}

/* Takes ownership of @string; the last scalar visited wins. */
static void string_output_set(StringOutputVisitor *sov, char *string)
{
    g_free(sov->string);
    sov->string = string;
}

static bool print_type_int64(Visitor *v, const char *name G_GNUC_UNUSED,
                             int64_t *obj, Error **errp G_GNUC_UNUSED)
{
    StringOutputVisitor *sov = to_sov(v);

    string_output_set(sov, sov->human
                      ? g_strdup_printf("%" PRId64 " (0x%" PRIx64 ")",
                                        *obj, (uint64_t)*obj)
                      : g_strdup_printf("%" PRId64, *obj));
    return true;
}

static bool print_type_uint64(Visitor *v, const char *name G_GNUC_UNUSED,
                              uint64_t *obj, Error **errp G_GNUC_UNUSED)
{
    StringOutputVisitor *sov = to_sov(v);

    string_output_set(sov, sov->human
                      ? g_strdup_printf("%" PRIu64 " (0x%" PRIx64 ")",
                                        *obj, *obj)
                      : g_strdup_printf("%" PRIu64, *obj));
    return true;
}

/* "1 MiB", "1.5 KiB": three significant digits, like QEMU's size_to_str. */
static char *size_to_str(uint64_t val)
{
    static const char *const suffixes[] = { "", "Ki", "Mi", "Gi", "Ti",
                                            "Pi", "Ei" };
    size_t i = 0;

    while (i + 1 < ARRAY_SIZE(suffixes) &&
           (double)val / (1ULL << (i * 10)) >= 1000) {
        i++;
    }
    return g_strdup_printf("%0.3g %sB", (double)val / (1ULL << (i * 10)),
                           suffixes[i]);
}

static bool print_type_size(Visitor *v, const char *name G_GNUC_UNUSED,
                            uint64_t *obj, Error **errp G_GNUC_UNUSED)
{
    StringOutputVisitor *sov = to_sov(v);
    g_autofree char *pretty = NULL;

    if (!sov->human) {
        string_output_set(sov, g_strdup_printf("%" PRIu64, *obj));
        return true;
    }
    pretty = size_to_str(*obj);
    string_output_set(sov, g_strdup_printf("%" PRIu64 " (%s)", *obj, pretty));
    return true;
}

static bool print_type_bool(Visitor *v, const char *name G_GNUC_UNUSED,
                            bool *obj, Error **errp G_GNUC_UNUSED)
{
    string_output_set(to_sov(v), g_strdup(*obj ? "true" : "false"));
    return true;
}

static bool print_type_str(Visitor *v, const char *name G_GNUC_UNUSED,
                           char **obj, Error **errp G_GNUC_UNUSED)
{
    StringOutputVisitor *sov = to_sov(v);

    if (sov->human) {
        string_output_set(sov, *obj ? g_strdup_printf("\"%s\"", *obj)
                                    : g_strdup("<null>"));
    } else {
        string_output_set(sov, g_strdup(*obj ? *obj : ""));
    }
    return true;
}

static bool print_type_number(Visitor *v, const char *name G_GNUC_UNUSED,
                              double *obj, Error **errp G_GNUC_UNUSED)
{
    string_output_set(to_sov(v), g_strdup_printf("%.17g", *obj));
    return true;
}

static void string_output_complete(Visitor *v, void *opaque)
{
    StringOutputVisitor *sov = to_sov(v);

    g_assert(opaque == sov->result);
    *sov->result = sov->string ? sov->string : g_strdup("");
    sov->string = NULL;
}

static void string_output_free(Visitor *v)
{
    StringOutputVisitor *sov = to_sov(v);

    g_free(sov->string);
    g_free(sov);
}

Visitor *string_output_visitor_new(bool human, char **result)
{
    StringOutputVisitor *v = g_new0(StringOutputVisitor, 1);

    v->visitor.type = VISITOR_OUTPUT;
    v->visitor.type_int64 = print_type_int64;
    v->visitor.type_uint64 = print_type_uint64;
    v->visitor.type_size = print_type_size;
    v->visitor.type_bool = print_type_bool;
    v->visitor.type_str = print_type_str;
    v->visitor.type_number = print_type_number;
    v->visitor.complete = string_output_complete;
    v->visitor.free = string_output_free;
    v->human = human;
    v->result = result;
    *result = NULL;
    return &v->visitor;
}
