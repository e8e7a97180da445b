/*
 * A C++ module that defines a QOM class but forgot QEMU_CXX_TYPE_INIT:
 * it has no ABI stamp, and the loader must say what is missing rather
 * than "not built against qemu-shim".
 */
#include "qemu-cxx/class.hh"
#include "qemu-cxx/sysbus.hh"

class Forgotten : public qemu::ObjectImpl<Forgotten, qemu::SysBusDevice> {
protected:
    Forgotten() = default;
};
QEMU_CXX_DEFINE_TYPE(Forgotten, "x-forgotten", qemu::SysBusDevice);
