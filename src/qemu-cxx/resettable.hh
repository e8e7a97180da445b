/*
 * qemu-cxx/resettable.hh - qemu::Resettable, the Resettable interface: an
 * example of an interface wrapper reached with qemu::interface_cast.
 *
 * RFC patch 7 (interfaces were left out of the RFC). A QOM interface has
 * no instance struct of its own: the "instance" is the object, so the
 * wrapper is an empty view of it and its methods go through the
 * interface class.
 */
#ifndef QEMU_CXX_RESETTABLE_HH
#define QEMU_CXX_RESETTABLE_HH

#include "qemu/osdep.h"
#include "hw/resettable.h"

#include "qemu-cxx/object-core.hh"

namespace qemu {

class Resettable {
    QEMU_CXX_INTERFACE_WRAPPER(Resettable);

public:
    /* The implementation of the interface by this object's class. */
    ::ResettableClass *get_class() noexcept
    {
        return RESETTABLE_GET_CLASS(obj());
    }

    Object &as_object() noexcept
    {
        return *Object::from_ptr(obj());
    }

    /* A cold reset through the interface (resettable_reset()). */
    void cold_reset() noexcept
    {
        resettable_reset(obj(), RESET_TYPE_COLD);
    }

private:
    ::Object *obj() noexcept
    {
        return reinterpret_cast<::Object *>(this);
    }
};

} // namespace qemu

QEMU_CXX_DECLARE_INTERFACE(qemu::Resettable, TYPE_RESETTABLE_INTERFACE,
                           ::ResettableClass);

#endif /* QEMU_CXX_RESETTABLE_HH */
