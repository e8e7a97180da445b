/*
 * The loader's plan: the modules to load into qemu-system-arm, and the
 * devices to create, map and wire there. qemu-cxx-run builds it from its
 * command line and checks it; it travels to libqemu-cxx-loader.so in the
 * environment as the loader options themselves, shell-quoted, and the
 * loader parses them again with this same code.
 *
 *   -x-module PATH
 *   -device TYPE[,id=ID][,PROP=VALUE]...
 *   -x-map ID,addr=ADDR[,region=N]     MMIO region N (default 0) at ADDR
 *   -x-irq ID,line=M[,irq=N]           IRQ output N (default 0) to input M
 *                                      of the board's interrupt controller
 */
#ifndef QEMU_CXX_LOADER_PLAN_H
#define QEMU_CXX_LOADER_PLAN_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "../host/harness.h"

G_BEGIN_DECLS

/* The wrapper's name: every error of wrapper and loader starts with it. */
#define LOADER_PROG_NAME "qemu-cxx-run"
/* The environment variable that carries the plan to the loader. */
#define LOADER_PLAN_ENV "QEMU_CXX_LOADER_PLAN"

typedef struct LoaderDevice {
    char *text;             /* the -device argument, as typed */
    HarnessOpts *opts;      /* driver, id, properties */
    const char *type;       /* in opts */
    const char *id;         /* in opts; NULL for an anonymous device */
} LoaderDevice;

typedef struct LoaderMap {
    char *text;
    char *id;
    uint64_t addr;
    uint64_t region;
} LoaderMap;

typedef struct LoaderIrq {
    char *text;
    char *id;
    uint64_t line;          /* input of the interrupt controller */
    uint64_t irq;           /* IRQ output of the device */
} LoaderIrq;

typedef struct LoaderPlan {
    GPtrArray *modules;     /* char *, absolute paths */
    GPtrArray *devices;     /* LoaderDevice * */
    GPtrArray *maps;        /* LoaderMap * */
    GPtrArray *irqs;        /* LoaderIrq * */
} LoaderPlan;

LoaderPlan *loader_plan_new(void);
void loader_plan_free(LoaderPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(LoaderPlan, loader_plan_free)

/* True for the option names (without '-') that belong in a plan. */
bool loader_plan_option(const char *name);

/*
 * Adds "-@name @arg". Errors name the option as typed:
 * "-x-map u1,addr=x: Parameter 'addr' expects an address".
 */
bool loader_plan_add(LoaderPlan *plan, const char *name, const char *arg,
                     Error **errp);

/*
 * Checks what needs the whole plan: device ids are well formed and
 * unique, every -x-map / -x-irq names a device of the plan, and no MMIO
 * region or IRQ output is given twice.
 */
bool loader_plan_check(const LoaderPlan *plan, Error **errp);

const LoaderDevice *loader_plan_find_device(const LoaderPlan *plan,
                                            const char *id);

/* The plan as loader options, each word shell-quoted (for LOADER_PLAN_ENV). */
char *loader_plan_encode(const LoaderPlan *plan);
/* Parses and checks an encoded plan. */
LoaderPlan *loader_plan_decode(const char *text, Error **errp);

G_END_DECLS

#endif
