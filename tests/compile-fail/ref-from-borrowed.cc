// Compile-fail: a non-owning reference copied into an owning Ref without
// taking a reference. The twin says how: ref() (or Ref::borrow).
#include "qemu-cxx/object.hh"

qemu::Ref<qemu::Object> keep(qemu::Object &obj);
qemu::Ref<qemu::Object> keep(qemu::Object &obj)
{
#ifdef QEMU_CXX_COMPILE_FAIL
    qemu::Ref<qemu::Object> r = obj;
#else
    qemu::Ref<qemu::Object> r = obj.ref();
#endif
    return r;
}
