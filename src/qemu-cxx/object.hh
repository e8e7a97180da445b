/*
 * qemu-cxx/object.hh - qemu::Object and ObjectMethods<Self>
 * (qemu-cxx/object-core.hh) with <string>, for code that reads the
 * std::string results of property_type(), property_get<std::string>() and
 * path().
 *
 * Example (compiled and run as a test): src/examples/object.cc
 */
#ifndef QEMU_CXX_OBJECT_HH
#define QEMU_CXX_OBJECT_HH

#include <string>

#include "qemu-cxx/object-core.hh"

#endif /* QEMU_CXX_OBJECT_HH */
