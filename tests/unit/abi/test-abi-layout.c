/*
 * The shim's struct layouts are Debian's qemu-system-arm 7.2.22's, checked
 * as C: every row of abi-layout.def is a _Static_assert, so a wrong layout
 * does not compile. At run time the test counts the rows it checked.
 */
#include <stddef.h>
#include <stdio.h>

#include "abi-headers.h"

#define ABI_STRUCT(T, size, align)                                         \
    _Static_assert(sizeof(T) == (size), "sizeof(" #T ") != " #size);       \
    _Static_assert(_Alignof(T) == (align), "alignof(" #T ") != " #align);
#define ABI_FIELD(T, f, off, size)                                         \
    _Static_assert(offsetof(T, f) == (off),                                \
                   "offsetof(" #T ", " #f ") != " #off);                   \
    _Static_assert(sizeof(((T *)0)->f) == (size),                          \
                   "sizeof(" #T "." #f ") != " #size);
#define ABI_VALUE(name, value)                                             \
    _Static_assert((long long)(name) == (value), #name " != " #value);
#include "abi-layout.def"
#undef ABI_STRUCT
#undef ABI_FIELD
#undef ABI_VALUE

/* The same rows again, checked at run time, so the count is real. */
typedef struct Row {
    const char *what;
    size_t shim, real;
} Row;

#define ABI_STRUCT(T, size, align)                                         \
    { "sizeof(" #T ")", sizeof(T), size },                                  \
    { "alignof(" #T ")", _Alignof(T), align },
#define ABI_FIELD(T, f, off, size)                                         \
    { "offsetof(" #T ", " #f ")", offsetof(T, f), off },                    \
    { "sizeof(" #T "." #f ")", sizeof(((T *)0)->f), size },
#define ABI_VALUE(name, value) { #name, (size_t)(name), (size_t)(value) },
static const Row rows[] = {
#include "abi-layout.def"
};

int main(void)
{
    size_t n = sizeof(rows) / sizeof(rows[0]);
    unsigned failed = 0;

    for (size_t i = 0; i < n; i++) {
        if (rows[i].shim != rows[i].real) {
            printf("MISMATCH %s: shim %zu, qemu 7.2.22 %zu\n", rows[i].what,
                   rows[i].shim, rows[i].real);
            failed++;
        }
    }
    printf("C: %zu layout figures checked\n", n);
    printf("SUBTESTS: %zu passed, %u failed\n", n - failed, failed);
    return failed != 0;
}
