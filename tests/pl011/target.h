/*
 * Targets of the PL011 conformance runner: the real qemu-system-arm 7.2 and
 * qemu-harness with a PL011 module. A target runs one scenario in a fresh
 * process and returns its trace.
 */
#ifndef PL011_TARGET_H
#define PL011_TARGET_H

#include "scenario.h"

G_BEGIN_DECLS

typedef struct TargetConfig {
    const char *qemu;           /* qemu-system-arm (looked up in PATH) */
    const char *harness;        /* the qemu-harness binary */
    const char *loader;         /* qemu-cxx-run, for "qemu:TYPE" targets */
    const char *const *modules; /* loaded into every harness and qemu:TYPE target */
    bool verbose;               /* print the RX feeding decisions */
} TargetConfig;

typedef struct Target Target;

/*
 * "qemu" (the real QEMU's own PL011: -M virt, or -M lm3s6965evb for the
 * luminary variant), "harness:TYPE" (qemu-harness with -device TYPE; for
 * the luminary variant "pl011" in TYPE becomes "pl011_luminary") or
 * "qemu:TYPE" (our module's TYPE inside the real QEMU, through qemu-cxx-run,
 * on the same boards, beside the board's own PL011).
 */
Target *target_new(const char *spec, const TargetConfig *cfg, GError **errp);
void target_free(Target *t);

/*
 * Every target of @specs, appended to @targets (which frees them). A
 * target that cannot be set up fails the whole run: never a silent skip.
 */
bool target_new_all(const char *const *specs, const TargetConfig *cfg,
                    GPtrArray *targets, GError **errp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Target, target_free)

const char *target_name(const Target *t);
/* "qemu" or "harness", as a scenario's "target:" line names them. */
const char *target_kind(const Target *t);

/*
 * Whether runs of @t record its PL011's trace events: -trace 'pl011_*'
 * (with -msg timestamp=on, whose prefix is taken off).
 */
void target_set_events(Target *t, bool on);

/*
 * Starts the target, runs @sc, stops the target. Returns the trace, or NULL
 * with @errp set when the target could not be driven (it did not start,
 * died, refused a command, a byte was neither taken nor refused). When @t
 * records events and @events is not NULL, *@events gets them: each
 * command's line, then its events indented by two spaces, in order.
 */
char *target_run(Target *t, const Scenario *sc, char **events, GError **errp);

G_END_DECLS

#endif
