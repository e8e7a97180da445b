/*
 * qemu-cxx/api.hh - QEMU_CXX_API marks what libqemu-cxx exports: the parts of
 * the bindings that do not depend on a device's types (table builders,
 * error paths, logging), compiled once instead of into every module.
 * Modules build with -fvisibility=hidden (qemu-cxx.pc), so anything not
 * marked stays inside the module that instantiates it.
 */
#ifndef QEMU_CXX_API_HH
#define QEMU_CXX_API_HH

#define QEMU_CXX_API __attribute__((visibility("default")))

/*
 * What the headers instantiate per device type (its TypeInfo, tables,
 * trampolines and their statics) belongs to the module that instantiates
 * it, whatever -fvisibility the module is built with: without this, a
 * default-visibility module would export them as STB_GNU_UNIQUE objects
 * (nm's "u"), which the dynamic linker binds process-wide, so that two
 * modules each defining a class Dev would share one TypeInfo. Hidden
 * visibility on a template is its instantiations' (test:
 * tests/modules/same-name-test.py).
 */
#define QEMU_CXX_LOCAL __attribute__((visibility("hidden")))

#endif /* QEMU_CXX_API_HH */
