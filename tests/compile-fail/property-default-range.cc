// Compile-fail: a property default that does not fit its field.
#include "qemu-cxx/properties.hh"

struct Conf {
    uint8_t depth;

    static qemu::Properties<Conf> properties()
    {
#ifdef QEMU_CXX_COMPILE_FAIL
        return { QEMU_PROP("depth", depth, 300) };
#else
        return { QEMU_PROP("depth", depth, 255) };
#endif
    }
};

Property *f();
Property *f()
{
    return qemu::property_table<Conf>();
}
