/*
 * qemu-cxx/object.hh - qemu::Object and ObjectMethods<Self>
 * (qemu-cxx/object-core.hh) with <string> and <vector>, for code that reads
 * the std::string results of property_type(), property_get<std::string>()
 * and path(), or children()'s std::vector.
 *
 * Example (compiled and run as a test): src/examples/object.cc
 */
#ifndef QEMU_CXX_OBJECT_HH
#define QEMU_CXX_OBJECT_HH

#include <string>
#include <vector>

#include "qemu-cxx/object-core.hh"

namespace qemu::detail {

template <typename S>
struct ObjectList<S, ObjectListTag> {
    using type = std::vector<Ref<Object>>;
};

} // namespace qemu::detail

#endif /* QEMU_CXX_OBJECT_HH */
