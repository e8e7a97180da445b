/*
 * What the libFuzzer targets share: one-time start-up of the shim, extra
 * device modules named in $FUZZ_MODULES (colon-separated), and a loud
 * abort for a finding (libFuzzer then saves the input that caused it).
 */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qom/object.h"

#define FUZZ_FINDING(...)                                   \
    do {                                                    \
        fprintf(stderr, "FUZZ FINDING: " __VA_ARGS__);      \
        fputc('\n', stderr);                                \
        abort();                                            \
    } while (0)

/* The C reference PL011 is compiled into every target; more by env. */
static inline void fuzz_load_modules(void)
{
    const char *env = getenv("FUZZ_MODULES");
    g_auto(GStrv) paths = NULL;

    module_call_init(MODULE_INIT_QOM);
    if (!env || !*env) {
        return;
    }
    paths = g_strsplit(env, ":", -1);
    for (char **p = paths; *p; p++) {
        if (**p) {
            qemu_shim_module_load(*p, &error_fatal);
        }
    }
}

/* $NAME, or @fallback if unset or empty. */
static inline const char *fuzz_env(const char *name, const char *fallback)
{
    const char *v = getenv(name);

    return v && *v ? v : fallback;
}

#endif /* FUZZ_COMMON_H */
