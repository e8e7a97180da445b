/*
 * qemu/module.h - QEMU 7.2's module init hooks (module_init, type_init,
 * module_call_init), plus the shim's module loader and ABI stamp.
 *
 * A constructor registers each init function; module_call_init() runs the
 * ones registered since its previous call for that type, so a shared object
 * dlopen'ed late contributes its types at the next call.
 */
#ifndef QEMU_MODULE_H
#define QEMU_MODULE_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

typedef enum {
    MODULE_INIT_MIGRATION,
    MODULE_INIT_BLOCK,
    MODULE_INIT_OPTS,
    MODULE_INIT_QOM,
    MODULE_INIT_TRACE,
    MODULE_INIT_XEN_BACKEND,
    MODULE_INIT_LIBQOS,
    MODULE_INIT_FUZZ_TARGET,
    MODULE_INIT_MAX
} module_init_type;

/*
 * Shim-only: the ABI a module was compiled against. Bump it whenever a
 * change to the shim's headers breaks binary compatibility with modules.
 */
#define QEMU_SHIM_ABI_STAMP "qemu-shim-abi-7.2.22-debian-1"

/* Shim-only: the name of the stamp symbol the loader looks up with dlsym. */
#define QEMU_SHIM_STAMP_SYMBOL "qemu_shim_module_stamp"

/*
 * Shim-only: define the weak, exported symbol
 * `const char qemu_shim_module_stamp[]` holding QEMU_SHIM_ABI_STAMP.
 * Emitted from assembly so that it is defined at most once per translation
 * unit (.ifndef) however many module_init() a file has, and weak so that the
 * copies of several files of one module merge at link time. It is valid at
 * file scope in both C and C++. libqemu-shim itself never expands it.
 */
#define QEMU_SHIM_MODULE_STAMP()                                             \
    __asm__(".ifndef qemu_shim_module_stamp\n\t"                             \
            ".pushsection .rodata.qemu_shim_module_stamp,\"a\"\n\t"          \
            ".weak qemu_shim_module_stamp\n\t"                               \
            ".type qemu_shim_module_stamp, %object\n"                        \
            "qemu_shim_module_stamp:\n\t"                                    \
            ".asciz \"" QEMU_SHIM_ABI_STAMP "\"\n\t"                         \
            ".size qemu_shim_module_stamp, .-qemu_shim_module_stamp\n\t"     \
            ".popsection\n\t"                                                \
            ".endif\n")

/*
 * Shim-only: a module whose C++ code defines QOM classes (qemu-cxx's
 * QEMU_CXX_DEFINE_TYPE) carries this weak, exported marker, so that the
 * loader can tell a module that forgot to register them (no type_init,
 * hence no stamp) from one not built against qemu-shim at all.
 */
#define QEMU_SHIM_CXX_CLASSES_SYMBOL "qemu_shim_module_cxx_classes"
#define QEMU_SHIM_MODULE_CXX_CLASSES()                                       \
    __asm__(".ifndef qemu_shim_module_cxx_classes\n\t"                       \
            ".pushsection .rodata.qemu_shim_module_cxx_classes,\"a\"\n\t"    \
            ".weak qemu_shim_module_cxx_classes\n\t"                         \
            ".type qemu_shim_module_cxx_classes, %object\n"                   \
            "qemu_shim_module_cxx_classes:\n\t"                              \
            ".byte 1\n\t"                                                    \
            ".size qemu_shim_module_cxx_classes, 1\n\t"                      \
            ".popsection\n\t"                                                \
            ".endif\n")

#define module_init(function, type)                                          \
    QEMU_SHIM_MODULE_STAMP();                                                \
    static void __attribute__((constructor)) do_qemu_init_ ## function(void) \
    {                                                                        \
        register_module_init(function, type);                                \
    }

#define block_init(function) module_init(function, MODULE_INIT_BLOCK)
#define opts_init(function) module_init(function, MODULE_INIT_OPTS)
#define type_init(function) module_init(function, MODULE_INIT_QOM)
#define trace_init(function) module_init(function, MODULE_INIT_TRACE)
#define xen_backend_init(function) \
    module_init(function, MODULE_INIT_XEN_BACKEND)
#define libqos_init(function) module_init(function, MODULE_INIT_LIBQOS)
#define fuzz_target_init(function) \
    module_init(function, MODULE_INIT_FUZZ_TARGET)
#define migration_init(function) module_init(function, MODULE_INIT_MIGRATION)

/* Module metadata QEMU's build collects; nothing to collect here. */
#define module_obj(name)
#define module_dep(name)
#define module_arch(name)
#define module_kconfig(name)

void register_module_init(void (*fn)(void), module_init_type type);
void register_dso_module_init(void (*fn)(void), module_init_type type);

/* Run, once each, the init functions of @type not run yet. */
void module_call_init(module_init_type type);

/*
 * Shim-only: load the device module at @path (dlopen RTLD_NOW|RTLD_LOCAL),
 * check its ABI stamp and run its QOM inits. On failure sets a one-line
 * error naming the module and the cause, and returns false.
 */
bool qemu_shim_module_load(const char *path, Error **errp);

/* Shim-only: qemu_shim_module_load() every *.so of @dir, in sorted order. */
bool qemu_shim_module_load_dir(const char *dir, Error **errp);

G_END_DECLS

#endif /* QEMU_MODULE_H */
