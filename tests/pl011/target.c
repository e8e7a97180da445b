/*
 * Runs a scenario on one target through libqtest and writes its trace.
 *
 * Events are gathered after each command: bytes the UART transmitted (the
 * chardev write is synchronous, so they are in our socket by the command's
 * reply), the guest-error and unimplemented lines it logged (-d
 * guest_errors,unimp -D FILE; both targets flush each line) and edges of
 * the combined interrupt line (reported before the reply). Received bytes are fed one at a time from a queue of ours: a byte
 * goes into the socket only when the previous one entered the UART, and
 * when the UART refuses it, it waits there until a later command makes
 * room. Whether a byte is "taken" or "refused" must never depend on timing:
 * - taken: our end of the socket holds nothing unread (TIOCOUTQ is 0);
 *   one more round trip then collects the interrupt edges it caused;
 * - refused, on the real QEMU: its pl011_can_receive trace point (-trace,
 *   -D FILE) logged "returning 0" since we started waiting, and the byte
 *   was still in the socket after that line was written;
 * - refused, on the harness: not taken after a few round trips. The
 *   harness polls the socket in the same main-loop iteration as the qtest
 *   socket whenever the UART can receive, so two suffice.
 *
 * A target can also record its PL011's trace events (target_set_events):
 * it then runs with -trace 'pl011_*' -msg timestamp=on, and the event
 * lines of the -D file, their "PID@SEC.USEC:" taken off, are its event
 * sequence, under the command that caused them.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gstdio.h>

#include "libqtest.h"
#include "target.h"

#define UART_CHARDEV        "c0"
#define HARNESS_BASE        0x09000000
#define HARNESS_REFUSE_ROUNDS 4
#define RX_TIMEOUT_US       (5 * G_USEC_PER_SEC)

/* How the real QEMU shows one PL011 variant. */
typedef struct QemuBoard {
    const char *machine;
    const char *mem;            /* -m, or NULL for the board's default */
    uint64_t base;
    const char *irq_owner_type; /* its inputs are intercepted (irq_intercept_in) */
    int irq_line;
} QemuBoard;

static const QemuBoard board_virt = {
    "virt,gic-version=2", "16M", 0x09000000, "arm_gic", 1,
};
static const QemuBoard board_luminary = {
    "lm3s6965evb", NULL, 0x4000c000, "armv7m", 5,
};

/*
 * Where a module's PL011 goes on those boards (qemu:TYPE targets): a free
 * address and an interrupt controller input no board device uses (virt
 * 7.2: SPI 10; lm3s6965evb: NVIC line 50).
 */
static const QemuBoard module_virt = {
    "virt,gic-version=2", "16M", 0x09100000, "arm_gic", 10,
};
static const QemuBoard module_luminary = {
    "lm3s6965evb", NULL, 0x40070000, "armv7m", 50,
};

struct Target {
    char *name;
    bool events;                /* record the PL011's trace events */
    bool is_qemu;               /* the real QEMU runs it */
    bool in_module;             /* the PL011 is TYPE from our modules */
    char *type;                 /* harness: and qemu: the device type */
    TargetConfig cfg;
};

/* One scenario on one target. */
typedef struct Run {
    const Target *t;
    QTestState *qts;
    uint64_t base;
    uint64_t log_base;          /* where "addr" in log lines is reported */
    int irq_line;
    GString *trace;
    GString *events;            /* the event sequence, NULL: not recorded */
    GTree *refusals;            /* distinct pl011_can_receive "returning 0" */
    GByteArray *rxq;            /* bytes of "rx" commands, in order */
    guint rx_next;              /* the next one to feed */
    bool in_flight;             /* rxq[rx_next] sits in the socket */
    char *tmpdir;
    char *log_path;             /* the -D file: log lines, QEMU's trace */
    goffset trace_seen;         /* bytes of it looked at for the trace */
    goffset log_seen;           /* bytes of it looked at for log lines */
    goffset events_seen;        /* bytes of it looked at for events */
} Run;

typedef enum { RX_TAKEN, RX_REFUSED, RX_ERROR } RxResult;

Target *target_new(const char *spec, const TargetConfig *cfg, GError **errp)
{
    g_autoptr(Target) t = g_new0(Target, 1);
    g_autofree char *found = NULL;

    t->name = g_strdup(spec);
    t->cfg = *cfg;
    if (strcmp(spec, "qemu") == 0 ||
        (g_str_has_prefix(spec, "qemu:") && spec[5])) {
        t->is_qemu = true;
        if (spec[4] == ':') {
            t->in_module = true;
            t->type = g_strdup(spec + 5);
            if (!cfg->loader ||
                !g_file_test(cfg->loader, G_FILE_TEST_IS_EXECUTABLE)) {
                g_set_error(errp, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                            "target %s: no qemu-cxx-run binary (--loader)",
                            spec);
                return NULL;
            }
        }
        found = g_find_program_in_path(cfg->qemu);
        if (!found) {
            g_set_error(errp, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                        "target qemu: '%s' not found; scripts/setup.sh "
                        "installs it (Debian package qemu-system-arm)",
                        cfg->qemu);
            return NULL;
        }
    } else if (g_str_has_prefix(spec, "harness:") && spec[8]) {
        t->type = g_strdup(spec + 8);
        if (!cfg->harness || !g_file_test(cfg->harness, G_FILE_TEST_IS_EXECUTABLE)) {
            g_set_error(errp, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT,
                        "target %s: no qemu-harness binary (--harness)", spec);
            return NULL;
        }
    } else {
        g_set_error(errp, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "unknown target '%s' (qemu, qemu:TYPE or harness:TYPE)",
                    spec);
        return NULL;
    }
    return g_steal_pointer(&t);
}

void target_free(Target *t)
{
    if (t) {
        g_free(t->name);
        g_free(t->type);
        g_free(t);
    }
}

void target_set_events(Target *t, bool on)
{
    t->events = on;
}

const char *target_name(const Target *t)
{
    return t->name;
}

const char *target_kind(const Target *t)
{
    return t->is_qemu ? "qemu" : "harness";
}

/* The board's own PL011 for @sc. */
static const QemuBoard *builtin_board(const Scenario *sc)
{
    return sc->luminary ? &board_luminary : &board_virt;
}

/* The board, address and interrupt input of @t's PL011 for @sc. */
static const QemuBoard *qemu_board(const Target *t, const Scenario *sc)
{
    if (t->in_module) {
        return sc->luminary ? &module_luminary : &module_virt;
    }
    return builtin_board(sc);
}

/* "pl011-c" -> "pl011_luminary-c", "pl011-cxx" -> "pl011_luminary-cxx" */
static char *luminary_type(const char *type)
{
    if (!g_str_has_prefix(type, "pl011")) {
        return g_strdup(type);
    }
    return g_strdup_printf("pl011_luminary%s", type + strlen("pl011"));
}

static const char *const qemu_args[] = {
    "-accel", "tcg", "-S", "-display", "none", "-nodefaults",
    "-no-user-config", NULL
};
/* The board's own PL011 on our socket. */
static const char *const qemu_serial_args[] = {
    "-serial", "chardev:" UART_CHARDEV,
    /* "full" versus "not yet" for received bytes: see the top of the file */
    "-trace", "pl011_can_receive",
    NULL
};

static void add_args(GPtrArray *argv, const char *const *args)
{
    for (; *args; args++) {
        g_ptr_array_add(argv, g_strdup(*args));
    }
}

static void add_argf(GPtrArray *argv, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void add_argf(GPtrArray *argv, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(argv, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

static char **build_argv(Run *r, const Scenario *sc)
{
    const Target *t = r->t;
    GPtrArray *argv = g_ptr_array_new();

    if (t->in_module) {
        const QemuBoard *b = qemu_board(t, sc);
        g_autofree char *type = sc->luminary ? luminary_type(t->type)
                                             : g_strdup(t->type);

        /* the same board, our PL011 beside its own (which has no chardev) */
        add_args(argv, (const char *const[]) {
            t->cfg.loader, "-x-qemu", t->cfg.qemu, "-M", b->machine, NULL });
        if (b->mem) {
            add_args(argv, (const char *const[]) { "-m", b->mem, NULL });
        }
        add_args(argv, qemu_args);
        for (const char *const *m = t->cfg.modules; m && *m; m++) {
            add_args(argv, (const char *const[]) { "-x-module", *m, NULL });
        }
        add_args(argv, (const char *const[]) { "-device", NULL });
        add_argf(argv, "%s,id=uart0,chardev=%s", type, UART_CHARDEV);
        add_args(argv, (const char *const[]) { "-x-map", NULL });
        add_argf(argv, "uart0,addr=0x%" PRIx64, b->base);
        add_args(argv, (const char *const[]) { "-x-irq", NULL });
        add_argf(argv, "uart0,line=%d", b->irq_line);
    } else if (t->is_qemu) {
        const QemuBoard *b = qemu_board(t, sc);

        add_args(argv, (const char *const[]) { t->cfg.qemu, "-M", b->machine, NULL });
        if (b->mem) {
            add_args(argv, (const char *const[]) { "-m", b->mem, NULL });
        }
        add_args(argv, qemu_args);
        add_args(argv, qemu_serial_args);
    } else {
        g_autofree char *type = sc->luminary ? luminary_type(t->type)
                                             : g_strdup(t->type);

        add_args(argv, (const char *const[]) { t->cfg.harness, NULL });
        for (const char *const *m = t->cfg.modules; m && *m; m++) {
            add_args(argv, (const char *const[]) { "-x-module", *m, NULL });
        }
        add_args(argv, (const char *const[]) { "-device", NULL });
        add_argf(argv, "%s,id=uart0,chardev=%s", type, UART_CHARDEV);
        add_args(argv, (const char *const[]) { "-x-map", NULL });
        add_argf(argv, "uart0,addr=0x%x", HARNESS_BASE);
    }
    add_args(argv, (const char *const[]) {
        "-d", "guest_errors,unimp", "-D", r->log_path, NULL
    });
    if (t->events) {
        /* with the prefix, to show it is taken off the same way for all */
        add_args(argv, (const char *const[]) {
            "-trace", "pl011_*", "-msg", "timestamp=on", NULL
        });
    }
    g_ptr_array_add(argv, NULL);
    return (char **)g_ptr_array_free(argv, false);
}

static goffset file_size(const char *path)
{
    GStatBuf st;

    return g_stat(path, &st) == 0 ? st.st_size : 0;
}

static bool failed(Run *r, const char *what, GError **errp)
{
    const char *why = r->qts ? qtest_error(r->qts) : NULL;

    if (!why) {
        return false;
    }
    g_set_error(errp, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what, why);
    return true;
}

/* The QOM path of the first child of /machine/unattached of @type. */
static char *find_unattached(Run *r, const char *type, GError **errp)
{
    g_autoptr(JsonObject) rsp = qtest_qmp(r->qts,
        "{\"execute\": \"qom-list\", \"arguments\": "
        "{\"path\": \"/machine/unattached\"}}");
    g_autofree char *want = g_strdup_printf("child<%s>", type);
    JsonArray *props;

    if (!rsp || !json_object_has_member(rsp, "return")) {
        g_set_error(errp, G_IO_ERROR, G_IO_ERROR_FAILED,
                    "qom-list /machine/unattached failed");
        return NULL;
    }
    props = json_object_get_array_member(rsp, "return");
    for (guint i = 0; i < json_array_get_length(props); i++) {
        JsonObject *p = json_array_get_object_element(props, i);

        if (g_strcmp0(json_object_get_string_member(p, "type"), want) == 0) {
            return g_strdup_printf("/machine/unattached/%s",
                                   json_object_get_string_member(p, "name"));
        }
    }
    g_set_error(errp, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                "no %s under /machine/unattached", type);
    return NULL;
}

static bool start(Run *r, const Scenario *sc, GError **errp)
{
    static const char *const chardevs[] = { UART_CHARDEV, NULL };
    QTestOptions opts = { .chardevs = chardevs };
    g_auto(GStrv) argv = NULL;
    g_autofree char *owner = NULL;

    r->tmpdir = g_dir_make_tmp("pl011-conf-XXXXXX", errp);
    if (!r->tmpdir) {
        return false;
    }
    r->log_path = g_build_filename(r->tmpdir, "trace.log", NULL);
    argv = build_argv(r, sc);
    r->qts = qtest_start_argv((const char *const *)argv, &opts, errp);
    if (!r->qts) {
        return false;
    }
    if (r->t->is_qemu) {
        const QemuBoard *b = qemu_board(r->t, sc);

        r->base = b->base;
        /* a module's PL011 sits elsewhere: report as the board's own does */
        r->log_base = builtin_board(sc)->base;
        r->irq_line = b->irq_line;
        owner = find_unattached(r, b->irq_owner_type, errp);
        if (!owner) {
            return false;
        }
        qtest_irq_intercept_in(r->qts, owner);
    } else {
        r->base = HARNESS_BASE;
        r->log_base = HARNESS_BASE;
        r->irq_line = 0;
        qtest_irq_intercept_out(r->qts, "/machine/peripheral/uart0");
    }
    if (failed(r, "irq_intercept", errp)) {
        return false;
    }
    /* What the target logged while it started is no scenario's business. */
    qtest_sync(r->qts);
    r->log_seen = file_size(r->log_path);
    r->events_seen = r->log_seen;
    return true;
}

static void stop(Run *r)
{
    if (r->qts) {
        qtest_quit(r->qts);
    }
    if (r->log_path) {
        g_unlink(r->log_path);
    }
    if (r->tmpdir) {
        g_rmdir(r->tmpdir);
    }
    g_free(r->log_path);
    g_free(r->tmpdir);
}

/* Bytes the UART transmitted since the last look. */
static bool collect_tx(Run *r, GError **errp)
{
    uint8_t buf[64];
    gssize n;

    do {
        n = qtest_chardev_read(r->qts, UART_CHARDEV, buf, sizeof(buf), 0);
        for (gssize i = 0; i < n; i++) {
            g_string_append_printf(r->trace, "  tx %02x\n", buf[i]);
        }
    } while (n == sizeof(buf));
    return !failed(r, "reading the UART's output", errp);
}

/*
 * The memory core's "Invalid read at addr 0x..." names an absolute address:
 * rebase it to where the board's own PL011 sits, so that all targets on a
 * board report the same line.
 */
static char *canonical_log_line(const Run *r, const char *line)
{
    static const char key[] = " at addr 0x";
    const char *at = strstr(line, key);
    char *end;
    uint64_t addr;

    if (!at || r->base == r->log_base || !strstr(line, "Invalid ")) {
        return g_strdup(line);
    }
    addr = g_ascii_strtoull(at + strlen(key), &end, 16);
    if (addr < r->base) {
        return g_strdup(line);
    }
    return g_strdup_printf("%.*s%" PRIX64 "%s", (int)(at + strlen(key) - line),
                           line, addr - r->base + r->log_base, end);
}

/*
 * The bytes of @path from @from on (the log grows by a poll line each main
 * loop turn: never read it all again), or NULL if there are none.
 */
static char *read_from(const char *path, goffset from, gsize *len)
{
    FILE *f = fopen(path, "rb");
    GString *buf;
    char chunk[4096];
    size_t n;

    if (!f) {
        return NULL;
    }
    if (fseeko(f, from, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = g_string_new(NULL);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        g_string_append_len(buf, chunk, n);
    }
    fclose(f);
    *len = buf->len;
    if (!buf->len) {
        g_string_free(buf, true);
        return NULL;
    }
    return g_string_free(buf, false);
}

/* QEMU 7.2's PL011 events (hw/char/trace-events). */
static const char *const pl011_events[] = {
    "pl011_irq_state", "pl011_read", "pl011_read_fifo", "pl011_write",
    "pl011_can_receive", "pl011_put_fifo", "pl011_put_fifo_full",
    "pl011_baudrate_change", NULL
};

/*
 * If @line is a PL011 event's line of the log backend ("NAME ARGS", or
 * "PID@SEC.USEC:NAME ARGS" under -msg timestamp=on), where NAME starts;
 * else NULL ("pl011_read: Bad offset" is a log line).
 */
static const char *event_in_line(const char *line)
{
    const char *p = line;

    if (g_ascii_isdigit(*p)) {
        while (g_ascii_isdigit(*p)) {
            p++;
        }
        if (*p++ != '@' || !g_ascii_isdigit(*p)) {
            return NULL;
        }
        while (g_ascii_isdigit(*p)) {
            p++;
        }
        if (*p++ != '.' || !g_ascii_isdigit(*p)) {
            return NULL;
        }
        while (g_ascii_isdigit(*p)) {
            p++;
        }
        if (*p++ != ':') {
            return NULL;
        }
    }
    for (const char *const *e = pl011_events; *e; e++) {
        size_t n = strlen(*e);

        if (strncmp(p, *e, n) == 0 && p[n] == ' ') {
            return p;
        }
    }
    return NULL;
}

/* The events logged since the last look, under @cmd's line. */
static void collect_events(Run *r, const ScenarioCmd *cmd, uint64_t result)
{
    g_autofree char *text = NULL;
    gsize len;
    const char *p, *nl;

    if (!r->events) {
        return;
    }
    scenario_format_cmd(cmd, result, r->events);
    text = read_from(r->log_path, r->events_seen, &len);
    if (!text) {
        return;
    }
    for (p = text; (nl = memchr(p, '\n', text + len - p)); p = nl + 1) {
        g_autofree char *line = g_strndup(p, nl - p);
        const char *ev = event_in_line(line);

        if (ev && g_str_has_prefix(ev, "pl011_can_receive ")) {
            /* a poll: how often it comes is the main loop's business */
            if (g_str_has_suffix(ev, " returning 0")) {
                g_tree_insert(r->refusals, g_strdup(ev), NULL);
            }
        } else if (ev) {
            g_string_append_printf(r->events, "  %s\n", ev);
        }
    }
    r->events_seen += p - text;
}

/* Log lines (not trace lines) written since the last look. */
static void collect_log(Run *r)
{
    g_autofree char *text = NULL;
    gsize len;
    const char *p, *nl;

    text = read_from(r->log_path, r->log_seen, &len);
    if (!text) {
        return;
    }
    for (p = text; (nl = memchr(p, '\n', text + len - p)); p = nl + 1) {
        g_autofree char *line = g_strndup(p, nl - p);

        if (!event_in_line(line)) {
            g_autofree char *canon = canonical_log_line(r, g_strchomp(line));

            g_string_append_printf(r->trace, "  log %s\n", canon);
        }
    }
    r->log_seen += p - text;
}

/* Edges of the combined line since the last look, oldest first. */
static void collect_irqs(Run *r)
{
    size_t n;
    const QTestIrqEvent *ev = qtest_irq_events(r->qts, &n);

    for (size_t i = 0; i < n; i++) {
        if (ev[i].line == r->irq_line) {
            g_string_append_printf(r->trace, "  irq %d\n", ev[i].level);
        }
    }
    qtest_irq_events_clear(r->qts);
}

/* Whether QEMU's can_receive said "no" in the lines it logged since @r->trace_seen. */
static bool qemu_refused(Run *r)
{
    g_autofree char *text = NULL;
    gsize len;
    bool refused = false;
    const char *p, *nl;

    text = read_from(r->log_path, r->trace_seen, &len);
    if (!text) {
        return false;
    }
    for (p = text; (nl = memchr(p, '\n', text + len - p)); p = nl + 1) {
        g_autofree char *line = g_strndup(p, nl - p);

        if (strstr(line, "pl011_can_receive") && g_str_has_suffix(line, "returning 0")) {
            refused = true;
        }
    }
    r->trace_seen += p - text;
    return refused;
}


static RxResult wait_taken(Run *r, GError **errp)
{
    gint64 deadline = g_get_monotonic_time() + RX_TIMEOUT_US;

    /* Our modules have no pl011_can_receive trace point (yet). */
    bool traced = r->t->is_qemu && !r->t->in_module;

    if (traced) {
        r->trace_seen = file_size(r->log_path);
    }
    for (int round = 0; ; round++) {
        /*
         * Look at the trace before the socket: a "no" logged after the
         * byte entered (the FIFO is full now) must not count as a refusal.
         */
        bool refused = traced ? qemu_refused(r)
                              : round >= HARNESS_REFUSE_ROUNDS;
        int unread = qtest_chardev_unread(r->qts, UART_CHARDEV);

        if (unread < 0) {
            failed(r, "TIOCOUTQ on the UART's socket", errp);
            return RX_ERROR;
        }
        if (unread == 0) {
            return RX_TAKEN;
        }
        if (refused) {
            return RX_REFUSED;
        }
        if (g_get_monotonic_time() > deadline) {
            g_set_error(errp, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        "a received byte was neither taken nor refused "
                        "within %d s%s", (int)(RX_TIMEOUT_US / G_USEC_PER_SEC),
                        traced ? " (does this QEMU have the "
                        "pl011_can_receive trace point?)" : "");
            return RX_ERROR;
        }
        if (!qtest_sync(r->qts)) {
            failed(r, "sync", errp);
            return RX_ERROR;
        }
    }
}

/* Feeds queued bytes until the queue is empty or the UART refuses one. */
static bool feed_rx(Run *r, GError **errp)
{
    while (r->rx_next < r->rxq->len) {
        uint8_t b = r->rxq->data[r->rx_next];

        if (!r->in_flight) {
            if (!qtest_chardev_write(r->qts, UART_CHARDEV, &b, 1)) {
                failed(r, "writing to the UART's socket", errp);
                return false;
            }
            r->in_flight = true;
        }
        switch (wait_taken(r, errp)) {
        case RX_ERROR:
            return false;
        case RX_REFUSED:
            if (r->t->cfg.verbose) {
                g_printerr("  [%s] %02x waits: the UART is full\n", r->t->name, b);
            }
            return true;
        case RX_TAKEN:
            break;
        }
        /* The receive callback's interrupt edges come before this reply. */
        if (!qtest_sync(r->qts)) {
            failed(r, "sync", errp);
            return false;
        }
        g_string_append_printf(r->trace, "  enter %02x\n", b);
        collect_irqs(r);
        r->in_flight = false;
        r->rx_next++;
    }
    return true;
}

static bool qmp_ok(Run *r, const char *cmd, GError **errp)
{
    g_autoptr(JsonObject) rsp = qtest_qmp(r->qts, "%s", cmd);

    if (!rsp || !json_object_has_member(rsp, "return")) {
        g_set_error(errp, G_IO_ERROR, G_IO_ERROR_FAILED, "QMP %s failed%s%s",
                    cmd, qtest_error(r->qts) ? ": " : "",
                    qtest_error(r->qts) ? qtest_error(r->qts) : "");
        return false;
    }
    return true;
}

static bool run_cmd(Run *r, const ScenarioCmd *cmd, GError **errp)
{
    uint64_t addr = r->base + cmd->offset;
    uint64_t result = 0;

    switch (cmd->kind) {
    case SCN_READ:
        switch (cmd->size) {
        case 1: result = qtest_readb(r->qts, addr); break;
        case 2: result = qtest_readw(r->qts, addr); break;
        case 4: result = qtest_readl(r->qts, addr); break;
        default: result = qtest_readq(r->qts, addr); break;
        }
        break;
    case SCN_WRITE:
        switch (cmd->size) {
        case 1: qtest_writeb(r->qts, addr, cmd->value); break;
        case 2: qtest_writew(r->qts, addr, cmd->value); break;
        case 4: qtest_writel(r->qts, addr, cmd->value); break;
        default: qtest_writeq(r->qts, addr, cmd->value); break;
        }
        break;
    case SCN_RX:
        g_byte_array_append(r->rxq, cmd->bytes->data, cmd->bytes->len);
        break;
    case SCN_BREAK:
        if (!qmp_ok(r, "{\"execute\": \"chardev-send-break\", "
                    "\"arguments\": {\"id\": \"" UART_CHARDEV "\"}}", errp)) {
            return false;
        }
        qtest_sync(r->qts);     /* collects the edges it caused */
        break;
    case SCN_RESET: {
        g_autoptr(JsonObject) ev = NULL;

        if (!qmp_ok(r, "{\"execute\": \"system_reset\"}", errp)) {
            return false;
        }
        /* QEMU resets on its main loop after the reply; RESET says it is done. */
        ev = qtest_qmp_eventwait_ref(r->qts, "RESET");
        if (!ev) {
            g_set_error(errp, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        "system_reset: no RESET event");
            return false;
        }
        qtest_sync(r->qts);
        break;
    }
    }
    if (failed(r, "command", errp)) {
        return false;
    }
    scenario_format_cmd(cmd, result, r->trace);
    if (!collect_tx(r, errp)) {
        return false;
    }
    collect_log(r);
    collect_irqs(r);
    if (!feed_rx(r, errp)) {
        return false;
    }
    collect_events(r, cmd, result);
    return true;
}

static gint compare_strings(gconstpointer a, gconstpointer b,
                            gpointer data G_GNUC_UNUSED)
{
    return strcmp(a, b);
}

static gboolean append_poll(gpointer key, gpointer value G_GNUC_UNUSED,
                            gpointer out)
{
    g_string_append_printf(out, "  %s\n", (const char *)key);
    return false;
}

char *target_run(Target *t, const Scenario *sc, char **events, GError **errp)
{
    Run r = { .t = t };
    g_autoptr(GString) trace = g_string_new("");
    g_autoptr(GString) ev = t->events && events ? g_string_new("") : NULL;
    g_autoptr(GTree) refusals = g_tree_new_full(compare_strings, NULL,
                                                g_free, NULL);
    g_autoptr(GByteArray) rxq = g_byte_array_new();
    bool ok;

    r.trace = trace;
    r.events = ev;
    r.refusals = refusals;
    r.rxq = rxq;
    ok = start(&r, sc, errp);
    if (ok) {
        scenario_trace_header(sc, trace);
        for (size_t i = 0; ok && i < sc->n_cmds; i++) {
            ok = run_cmd(&r, &sc->cmds[i], errp);
            if (!ok) {
                g_prefix_error(errp, "%s, command %zu: ", sc->name, i + 1);
            }
        }
    }
    stop(&r);
    if (ev) {
        g_string_append(ev, "pl011_can_receive refused, distinct:\n");
        g_tree_foreach(refusals, append_poll, ev);
    }
    if (ok && events) {
        *events = ev ? g_string_free(g_steal_pointer(&ev), false) : NULL;
    }
    return ok ? g_string_free(g_steal_pointer(&trace), false) : NULL;
}

bool target_new_all(const char *const *specs, const TargetConfig *cfg,
                    GPtrArray *targets, GError **errp)
{
    for (const char *const *s = specs; *s; s++) {
        Target *t = target_new(*s, cfg, errp);

        if (!t) {
            return false;
        }
        g_ptr_array_add(targets, t);
    }
    return true;
}
