/*
 * qemu-harness: a QEMU binary without a CPU. It loads device modules,
 * builds the devices of a QEMU-style command line, and serves QEMU's qtest
 * protocol and QMP so that QEMU's tooling drives it unchanged.
 *
 * This header joins the host's files: option parsing (options.c), the
 * machine and its devices (machine.c), the qtest server (qtest.c), QMP
 * (qmp.c) and migration (migration.c).
 */
#ifndef QEMU_HARNESS_H
#define QEMU_HARNESS_H

#include "qemu/osdep.h"
#include "qapi/error.h"

G_BEGIN_DECLS

/* The name the harness reports itself with, as "qemu-system-arm" does. */
#define HARNESS_NAME "qemu-harness"

/*
 * One "-opt value" of the command line, as QEMU's QemuOpts sees it:
 * "pl011,id=u0,chardev=c0" with implied key "driver" gives
 * driver=pl011, id=u0, chardev=c0. ",," is a literal comma.
 */
typedef struct HarnessOpts {
    char *text;             /* the option's argument, as typed */
    GPtrArray *keys;        /* char *, in order */
    GPtrArray *values;      /* char *, parallel to keys */
} HarnessOpts;

HarnessOpts *harness_opts_parse(const char *text, const char *implied_key,
                                Error **errp);
const char *harness_opts_get(const HarnessOpts *opts, const char *key);
/* Refuse a key not in @allowed (NULL-terminated), as QemuOpts does. */
bool harness_opts_check_keys(const HarnessOpts *opts,
                             const char *const *allowed, Error **errp);
void harness_opts_free(HarnessOpts *opts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(HarnessOpts, harness_opts_free)

/* Numbers as QEMU takes them: decimal, 0x hex, 0 octal; sizes with k/M/G/T. */
bool harness_parse_u64(const char *text, uint64_t *value);
bool harness_parse_size(const char *text, uint64_t *value);

/* machine.c: the /machine tree, devices, the memory map. */
void harness_machine_init(const char *machine_name);
void harness_system_reset(void);
bool harness_device_add(const HarnessOpts *opts, Error **errp);
bool harness_map_mmio(const HarnessOpts *opts, Error **errp);
bool harness_add_ram(const HarnessOpts *opts, Error **errp);
void harness_device_help(void);
bool harness_device_type_help(const char *type, Error **errp);
const char *harness_machine_name(void);

/*
 * The bounds on what a peer can make the harness hold (QEMU has none):
 * qtest read/write/memset buffers; the longest qtest line, that of
 * "write ADDR LEN 0xHEX" at the largest buffer; the unsent QMP output
 * past which a monitor stops reading and gets no more events.
 */
#define HARNESS_QTEST_MAX_BUFFER (16 * 1024 * 1024)
#define HARNESS_QTEST_MAX_LINE (2 * HARNESS_QTEST_MAX_BUFFER + 256)
#define HARNESS_QMP_MAX_PENDING_OUTPUT (1024 * 1024)

/* qtest.c: QEMU's qtest text protocol on a chardev. */
bool harness_qtest_init(const char *chardev_spec, const char *log_path,
                        Error **errp);
/*
 * Execute one qtest command line (without its '\n'); the reply lines,
 * and any IRQ lines the command causes before its reply, are appended
 * to @out. Public so that the parser can be fuzzed in-process.
 */
void harness_qtest_execute(const char *line, GString *out);
/*
 * The @i-th command of the dispatcher's table and its arguments' usage,
 * NULL past the last: -help lists what the dispatcher runs.
 */
const char *harness_qtest_command(size_t i, const char **usage);

/* runstate.c: the run state QMP reports and changes, as QEMU's RunState. */
typedef enum {
    HARNESS_PRELAUNCH,      /* -S: not started yet */
    HARNESS_RUNNING,
    HARNESS_PAUSED,         /* QMP stop */
    HARNESS_POSTMIGRATE,    /* stopped by a completed migration */
} HarnessRunState;

const char *harness_run_state_name(void);
void harness_set_run_state(HarnessRunState state);
bool harness_running(void);

/* main.c */
void harness_request_quit(void);
/*
 * Load every module of the installed module directory once, when it is
 * the one searched (README.md, "Install"); else nothing.
 */
void harness_load_installed_modules(void);

/* qmp.c: QMP (JSON) monitors on chardevs. */
bool harness_qmp_add(const char *chardev_id, Error **errp);
bool harness_qmp_add_legacy(const char *spec, Error **errp);
void harness_qmp_flush_all(void);
/* The @i-th command of the dispatcher's table, NULL past the last. */
const char *harness_qmp_command(size_t i);
/* The MIGRATION event, {"status": @status}. */
void harness_qmp_migration_event(const char *status);
/* Stops a running machine into @state with QEMU's STOP event. */
void harness_qmp_vm_stop(HarnessRunState state);
/*
 * qmp-id.c: the JSON text of the member "id" of the QMP message @msg, as
 * QEMU echoes it; NULL if @msg has none or is not plain JSON text.
 */
char *harness_qmp_id_text(const char *msg);

/* migration.c: the whole-state stream to and from a URI. */
bool harness_migrate_to(const char *uri, Error **errp);
bool harness_migrate_from(const char *uri, Error **errp);
const char *harness_migration_status(void);
/* QEMU's error-desc of a failed migration, else NULL. */
const char *harness_migration_error(void);
bool harness_migration_times(int64_t *setup, int64_t *downtime,
                             int64_t *total);
/* Reports the migration's progress not reported yet (main thread). */
void harness_migration_poll(void);
/* migrate-set-capabilities: only "events" (MIGRATION events) is known. */
bool harness_migration_set_capability(const char *name, bool state,
                                      Error **errp);

G_END_DECLS

#endif /* QEMU_HARNESS_H */
