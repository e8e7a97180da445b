// Compile-fail: QEMU_PROP(name, field) on an integer field does not
// silently mean "no default"; the twin says qemu::no_default.
#include "qemu-cxx/properties.hh"

struct Dev {
    uint8_t depth;
    static qemu::Properties<Dev> properties()
    {
#ifdef QEMU_CXX_COMPILE_FAIL
        return { QEMU_PROP("depth", depth) };
#else
        return { QEMU_PROP("depth", depth, qemu::no_default) };
#endif
    }
};

void f();
void f()
{
    qemu::property_table<Dev>();
}
