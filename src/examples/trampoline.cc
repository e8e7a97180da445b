// Example for qemu-cxx/trampoline.hh: a C callback whose body is C++.
#include "qemu-cxx/trampoline.hh"

// What C calls: noexcept, and the C++ body runs under qemu::guard().
static int c_callback(void *opaque) noexcept
{
    return qemu::guard("example-device", "read", [&] {
        return *static_cast<int *>(opaque) * 2;
    });
}

int main()
{
    int value = 21;
    g_assert(c_callback(&value) == 42);
    // Had the lambda thrown, the process would abort with
    // "C++ exception escaped from example-device callback 'read': ...".
    return 0;
}
