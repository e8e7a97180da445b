// The shim's struct layouts are Debian's qemu-system-arm 7.2.22's, checked
// as C++: the C++ bindings and C++ modules see the same structs through the
// same headers, so every row of abi-layout.def is a static_assert here too.
#include <cstddef>
#include <cstdio>

#include "abi-headers.h"

#define ABI_STRUCT(T, size, align)                                         \
    static_assert(sizeof(T) == (size), "sizeof(" #T ") != " #size);        \
    static_assert(alignof(T) == (align), "alignof(" #T ") != " #align);
#define ABI_FIELD(T, f, off, size)                                         \
    static_assert(offsetof(T, f) == (off),                                 \
                  "offsetof(" #T ", " #f ") != " #off);                    \
    static_assert(sizeof(T::f) == (size), "sizeof(" #T "." #f ") != " #size);
#define ABI_VALUE(name, value)                                             \
    static_assert((long long)(name) == (value), #name " != " #value);
#include "abi-layout.def"
#undef ABI_STRUCT
#undef ABI_FIELD
#undef ABI_VALUE

#define ABI_STRUCT(T, size, align) +2
#define ABI_FIELD(T, f, off, size) +2
#define ABI_VALUE(name, value) +1
constexpr int rows = 0
#include "abi-layout.def"
    ;

int main()
{
    std::printf("C++: %d layout figures checked at compile time\n", rows);
    std::printf("SUBTESTS: %d passed, 0 failed\n", rows);
    return 0;
}
