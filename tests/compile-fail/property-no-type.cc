// Compile-fail: a field of a type qdev has no property type for.
#include "qemu-cxx/properties.hh"

struct Conf {
#ifdef QEMU_CXX_COMPILE_FAIL
    int16_t offset;
#else
    int32_t offset;
#endif

    static qemu::Properties<Conf> properties()
    {
        return { QEMU_PROP("offset", offset, -1) };
    }
};

Property *f();
Property *f()
{
    return qemu::property_table<Conf>();
}
