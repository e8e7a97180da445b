/*
 * char-opts.c - "-chardev" option strings: QemuOpts syntax (implied first
 * option, ",," escapes, short-form booleans), the option names and value
 * types QEMU 7.2 knows, and chardev creation from them with QEMU's errors.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "chardev-internal.h"

typedef enum {
    OPT_STRING,
    OPT_BOOL,
    OPT_NUMBER,
    OPT_SIZE,
} ChrOptType;

/* Every option QEMU 7.2's -chardev accepts, for any backend. */
static const struct {
    const char *name;
    ChrOptType type;
} chardev_opts[] = {
    { "backend", OPT_STRING }, { "path", OPT_STRING },
    { "host", OPT_STRING }, { "port", OPT_STRING }, { "fd", OPT_STRING },
    { "localaddr", OPT_STRING }, { "localport", OPT_STRING },
    { "to", OPT_NUMBER }, { "ipv4", OPT_BOOL }, { "ipv6", OPT_BOOL },
    { "wait", OPT_BOOL }, { "server", OPT_BOOL }, { "delay", OPT_BOOL },
    { "nodelay", OPT_BOOL }, { "reconnect", OPT_NUMBER },
    { "telnet", OPT_BOOL }, { "tn3270", OPT_BOOL },
    { "tls-creds", OPT_STRING }, { "tls-authz", OPT_STRING },
    { "websocket", OPT_BOOL }, { "width", OPT_NUMBER },
    { "height", OPT_NUMBER }, { "cols", OPT_NUMBER }, { "rows", OPT_NUMBER },
    { "mux", OPT_BOOL }, { "signal", OPT_BOOL }, { "name", OPT_STRING },
    { "debug", OPT_NUMBER }, { "size", OPT_SIZE }, { "chardev", OPT_STRING },
    { "append", OPT_BOOL }, { "logfile", OPT_STRING },
    { "logappend", OPT_BOOL }, { "mouse", OPT_BOOL },
    { "clipboard", OPT_BOOL }, { "abstract", OPT_BOOL }, { "tight", OPT_BOOL },
    /* Not in 7.2: the file backend's input, as QEMU 8.1 names it. */
    { "input-path", OPT_STRING },
};

/* Options every backend takes (besides its class's qemu_shim_options). */
static const char *const common_opts[] = {
    "backend", "logfile", "logappend", "mux", NULL,
};

ChardevBackend *chardev_backend_new(const char *driver)
{
    ChardevBackend *backend = g_new0(ChardevBackend, 1);

    backend->driver = g_strdup(driver);
    backend->names = g_ptr_array_new_with_free_func(g_free);
    backend->values = g_ptr_array_new_with_free_func(g_free);
    return backend;
}

void chardev_backend_free(ChardevBackend *backend)
{
    if (backend) {
        g_free(backend->driver);
        g_ptr_array_unref(backend->names);
        g_ptr_array_unref(backend->values);
        g_free(backend);
    }
}

void chardev_backend_add(ChardevBackend *backend, const char *name,
                         const char *value)
{
    g_ptr_array_add(backend->names, g_strdup(name));
    g_ptr_array_add(backend->values, g_strdup(value));
}

const char *chardev_opt_get(ChardevBackend *backend, const char *name)
{
    if (!backend) {
        return NULL;
    }
    for (guint i = backend->names->len; i > 0; i--) {
        if (!strcmp(g_ptr_array_index(backend->names, i - 1), name)) {
            return g_ptr_array_index(backend->values, i - 1);
        }
    }
    return NULL;
}

static bool parse_bool(const char *name, const char *str, bool *value,
                       Error **errp)
{
    if (!strcmp(str, "on") || !strcmp(str, "yes") || !strcmp(str, "true") ||
        !strcmp(str, "y")) {
        *value = true;
        return true;
    }
    if (!strcmp(str, "off") || !strcmp(str, "no") || !strcmp(str, "false") ||
        !strcmp(str, "n")) {
        *value = false;
        return true;
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}

/*
 * QEMU 7.2 (qemu_strtosz) takes hex as well: "0x10"; no fraction, and a
 * suffix ("0x1k") is deprecated, with its warning. 'b' and 'e' are hex
 * digits there, not suffixes. 1: taken, 0: bad syntax, -1: out of range.
 */
static int parse_hex_size(const char *str, uint64_t *value)
{
    static const char suffixes[] = "bkmgtpe";
    const char *s;
    char *end;
    int shift;

    if (!g_ascii_isxdigit(str[2])) {
        return 0;
    }
    errno = 0;
    *value = g_ascii_strtoull(str, &end, 16);
    if (!*end) {
        return errno ? -1 : 1;
    }
    s = strchr(suffixes, g_ascii_tolower(*end));
    if (!s || end[1]) {
        return 0;
    }
    warn_report("Using a multiplier suffix on hex numbers is deprecated: %s",
                str);
    shift = (s - suffixes) * 10;
    if (errno || *value > (UINT64_MAX >> shift)) {
        return -1;
    }
    *value <<= shift;
    return 1;
}

/* QEMU's size syntax: "4096", "64k", "1.5M"; a fraction needs a suffix. */
static bool parse_size(const char *name, const char *str, uint64_t *value,
                       Error **errp)
{
    static const char suffixes[] = "bkmgtpe";
    const char *digits_end = str;
    double number;
    char *end;
    const char *s;
    int shift = 0;

    if (str[0] == '0' && (str[1] == 'x' || str[1] == 'X')) {
        switch (parse_hex_size(str, value)) {
        case 1:
            return true;
        case -1:
            goto range;
        default:
            goto fail;
        }
    }
    while (g_ascii_isdigit(*digits_end) || *digits_end == '.') {
        digits_end++;
    }
    if (!g_ascii_isdigit(*str)) {
        goto fail;
    }
    number = g_ascii_strtod(str, &end);
    if (end != digits_end) {
        goto fail;
    }
    if (*end) {
        s = strchr(suffixes, g_ascii_tolower(*end));
        if (!s || end[1]) {
            goto fail;
        }
        shift = (s - suffixes) * 10;
    } else if (strchr(str, '.')) {
        goto fail;
    }
    number = ldexp(number, shift);
    /* Doubles are exact up to 2^53: beyond, only whole numbers survive. */
    if (number >= 0x1p64) {
        goto range;
    }
    if (!strchr(str, '.') && !shift) {
        *value = g_ascii_strtoull(str, NULL, 10);
    } else {
        *value = (uint64_t)number;
    }
    return true;

fail:
    error_setg(errp, "Parameter '%s' expects a non-negative number "
               "below 2^64", name);
    error_append_hint(errp, "Optional suffix k, M, G, T, P or E means kilo-, "
                      "mega-, giga-, tera-, peta-\nand exabytes, "
                      "respectively.\n");
    return false;

range:
    error_setg(errp, "Value '%s' is out of range for parameter '%s'", str,
               name);
    return false;
}

static bool parse_number(const char *name, const char *str, Error **errp)
{
    char *end;

    errno = 0;
    g_ascii_strtoull(str, &end, 0);
    if (!*str || *end || errno) {
        error_setg(errp, "Parameter '%s' expects a number", name);
        return false;
    }
    return true;
}

bool chardev_opt_get_bool(ChardevBackend *backend, const char *name,
                          bool def, bool *value, Error **errp)
{
    const char *str = chardev_opt_get(backend, name);

    if (!str) {
        *value = def;
        return true;
    }
    return parse_bool(name, str, value, errp);
}

bool chardev_opt_get_size(ChardevBackend *backend, const char *name,
                          uint64_t def, uint64_t *value, Error **errp)
{
    const char *str = chardev_opt_get(backend, name);

    if (!str) {
        *value = def;
        return true;
    }
    return parse_size(name, str, value, errp);
}

/* Check @value against the type QEMU gives option @name. */
static bool chr_opt_validate(const char *name, const char *value,
                             Error **errp)
{
    bool b;
    uint64_t size;

    for (size_t i = 0; i < ARRAY_SIZE(chardev_opts); i++) {
        if (strcmp(chardev_opts[i].name, name)) {
            continue;
        }
        switch (chardev_opts[i].type) {
        case OPT_BOOL:
            return parse_bool(name, value, &b, errp);
        case OPT_SIZE:
            return parse_size(name, value, &size, errp);
        case OPT_NUMBER:
            return parse_number(name, value, errp);
        case OPT_STRING:
            return true;
        }
    }
    error_setg(errp, "Invalid parameter '%s'", name);
    return false;
}

/* A value runs to the next single comma; ",," stands for a comma. */
static const char *get_opt_value(const char *p, char **value)
{
    GString *s = g_string_new(NULL);

    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            p++;
        }
        g_string_append_c(s, *p++);
    }
    *value = g_string_free(s, FALSE);
    return *p == ',' ? p + 1 : p;
}

static bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(*id)) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

/*
 * Parse @str; an element without "=" first is the value of @firstname.
 * The id goes to *@id, the backend name to the result's driver.
 */
static ChardevBackend *chr_opts_parse(const char *str, const char *firstname,
                                      char **id, Error **errp)
{
    g_autoptr(ChardevBackend) backend = chardev_backend_new(NULL);
    const char *p = str;
    bool first = true;

    *id = NULL;
    while (*p) {
        size_t len = strcspn(p, "=,");
        g_autofree char *name = NULL;
        g_autofree char *value = NULL;

        if (p[len] == '=') {
            name = g_strndup(p, len);
            p = get_opt_value(p + len + 1, &value);
        } else if (first && firstname) {
            name = g_strdup(firstname);
            p = get_opt_value(p, &value);
        } else {
            /* A flag: "foo" means foo=on, "nofoo" foo=off (deprecated). */
            g_autofree char *flag = g_strndup(p, len);
            bool off = g_str_has_prefix(flag, "no");

            name = g_strdup(off ? flag + 2 : flag);
            value = g_strdup(off ? "off" : "on");
            warn_report("short-form boolean option '%s' deprecated", flag);
            error_printf("Please use %s=%s instead\n", name, value);
            p += len;
            if (*p == ',') {
                p++;
            }
        }
        first = false;

        if (!strcmp(name, "id")) {
            g_free(*id);
            *id = g_steal_pointer(&value);
            continue;
        }
        chardev_backend_add(backend, name, value);
    }

    if (*id && !id_wellformed(*id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        goto fail;
    }
    if (*id && qemu_chr_find(*id)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", *id);
        goto fail;
    }
    for (guint i = 0; i < backend->names->len; i++) {
        if (!chr_opt_validate(g_ptr_array_index(backend->names, i),
                              g_ptr_array_index(backend->values, i), errp)) {
            goto fail;
        }
    }
    backend->driver = g_strdup(chardev_opt_get(backend, "backend"));
    return g_steal_pointer(&backend);

fail:
    g_clear_pointer(id, g_free);
    return NULL;
}

static bool str_in(const char *const *list, const char *s)
{
    for (; list && *list; list++) {
        if (!strcmp(*list, s)) {
            return true;
        }
    }
    return false;
}

static ChardevClass *chr_get_class(const char *driver, Error **errp)
{
    g_autofree char *type_name = g_strdup_printf("chardev-%s", driver);
    ObjectClass *oc = object_class_by_name(type_name);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_CHARDEV) ||
        CHARDEV_CLASS(oc)->internal) {
        error_setg(errp, "'%s' is not a valid char driver name", driver);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract "
                   "device type");
        return NULL;
    }
    return CHARDEV_CLASS(oc);
}

static void chr_print_one(gpointer data, gpointer user_data)
{
    ObjectClass *oc = (ObjectClass *)data;
    const char *name = object_class_get_name(oc);

    (void)user_data;
    if (!object_class_is_abstract(oc) && !CHARDEV_CLASS(oc)->internal &&
        g_str_has_prefix(name, "chardev-")) {
        printf("  %s\n", name + strlen("chardev-"));
    }
}

static void chr_print_help(void)
{
    GSList *list = object_class_get_list_sorted(TYPE_CHARDEV, false);

    printf("Available chardev backend types: \n");
    g_slist_foreach(list, chr_print_one, NULL);
    g_slist_free(list);
}

/* Refuse options QEMU knows but the shim's @cc does not implement. */
static bool chr_check_supported(ChardevClass *cc, ChardevBackend *backend,
                                Error **errp)
{
    bool mux;

    if (!chardev_opt_get_bool(backend, "mux", false, &mux, errp)) {
        return false;
    }
    if (mux) {
        error_setg(errp, "chardev: mux=on is not supported by qemu-shim");
        return false;
    }
    for (guint i = 0; i < backend->names->len; i++) {
        const char *name = g_ptr_array_index(backend->names, i);

        if (!str_in(common_opts, name) &&
            !str_in(cc->qemu_shim_options, name)) {
            error_setg(errp, "chardev: %s: option '%s' is not supported "
                       "by qemu-shim", backend->driver, name);
            return false;
        }
    }
    return true;
}

static Chardev *chr_new_from_backend(const char *id, ChardevBackend *backend,
                                     GMainContext *context, Error **errp)
{
    g_autofree char *type_name = NULL;
    ChardevClass *cc;

    if (!id) {
        error_setg(errp, "chardev: no id specified");
        return NULL;
    }
    if (!backend->driver) {
        error_setg(errp, "chardev: \"%s\" missing backend", id);
        return NULL;
    }
    cc = chr_get_class(backend->driver, errp);
    if (!cc || !chr_check_supported(cc, backend, errp)) {
        return NULL;
    }
    type_name = g_strdup_printf("chardev-%s", backend->driver);
    return qemu_chardev_new(id, type_name, backend, context, errp);
}

Chardev *qemu_shim_chr_new_from_opts(const char *optstr, Error **errp)
{
    g_autoptr(ChardevBackend) backend = NULL;
    g_autofree char *id = NULL;

    backend = chr_opts_parse(optstr ? optstr : "", "backend", &id, errp);
    if (!backend) {
        return NULL;
    }
    if (backend->driver && !strcmp(backend->driver, "help")) {
        chr_print_help();
        return NULL;
    }
    return chr_new_from_backend(id, backend, NULL, errp);
}

/* QEMU's legacy filename syntax, as far as the shim has the backends. */
static ChardevBackend *chr_parse_compat(const char *label,
                                        const char *filename, Error **errp)
{
    g_autoptr(ChardevBackend) backend = NULL;
    g_autofree char *id = NULL;
    const char *p;

    if (!strcmp(filename, "null") || !strcmp(filename, "stdio")) {
        backend = chardev_backend_new(filename);
    } else if (g_str_has_prefix(filename, "file:")) {
        backend = chardev_backend_new("file");
        chardev_backend_add(backend, "path", filename + strlen("file:"));
    } else if (g_str_has_prefix(filename, "unix:")) {
        p = filename + strlen("unix:");
        backend = chr_opts_parse(p, "path", &id, errp);
        if (!backend) {
            return NULL;
        }
        g_free(backend->driver);
        backend->driver = g_strdup("socket");
    } else {
        error_setg(errp, "chardev: '%s' is not supported by qemu-shim",
                   filename);
        return NULL;
    }
    if (qemu_chr_find(label)) {
        error_setg(errp, "Duplicate ID '%s' for chardev", label);
        return NULL;
    }
    return g_steal_pointer(&backend);
}

Chardev *qemu_chr_new_noreplay(const char *label, const char *filename,
                               bool permit_mux_mon, GMainContext *context)
{
    g_autoptr(ChardevBackend) backend = NULL;
    Error *err = NULL;
    Chardev *chr;

    (void)permit_mux_mon;
    if (g_str_has_prefix(filename, "chardev:")) {
        return qemu_chr_find(filename + strlen("chardev:"));
    }
    backend = chr_parse_compat(label, filename, &err);
    chr = backend ? chr_new_from_backend(label, backend, context, &err)
                  : NULL;
    if (err) {
        error_report_err(err);
    }
    return chr;
}

Chardev *qemu_chr_new(const char *label, const char *filename,
                      GMainContext *context)
{
    return qemu_chr_new_noreplay(label, filename, false, context);
}
