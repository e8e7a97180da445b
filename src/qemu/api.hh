/*
 * qemu/api.hh - QEMU_CXX_API marks what libqemu-cxx exports: the parts of
 * the bindings that do not depend on a device's types (table builders,
 * error paths, logging), compiled once instead of into every module.
 * Modules build with -fvisibility=hidden (qemu-cxx.pc), so anything not
 * marked stays inside the module that instantiates it.
 */
#ifndef QEMU_CXX_API_HH
#define QEMU_CXX_API_HH

#define QEMU_CXX_API __attribute__((visibility("default")))

#endif /* QEMU_CXX_API_HH */
