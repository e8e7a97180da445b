// Compile-fail: a private properties() is rejected, not ignored.
#include "qemu-cxx/properties.hh"

class Conf {
#ifdef QEMU_CXX_COMPILE_FAIL
private:
#else
public:
#endif
    bool fast;

    static qemu::Properties<Conf> properties()
    {
        return { QEMU_PROP("fast", fast, true) };
    }
};

bool f();
bool f()
{
    return qemu::HasProperties<Conf>;
}
