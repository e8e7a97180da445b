/*
 * libFuzzer target: qemu-harness's qtest command parser and commands.
 * The machine is the one the conformance runner uses (the C reference
 * PL011 at 0x09000000, 64 KiB of RAM at 0x40000000); every input line goes
 * through harness_qtest_execute(). Each command must get exactly one
 * reply line (OK, FAIL or ERR), after any IRQ lines; a crash, a hang or
 * anything else is a finding. Buffers over 1 MiB are skipped: the harness
 * handles them, slowly (64 MiB of hex takes longer than a fuzzer waits).
 */
#include "fuzz-common.h"
#include "harness.h"
#include "chardev/char.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"

#define FUZZ_MAX_LINES 64
/* Larger buffers are correct but slow (a hex pair per byte): no timeouts. */
#define FUZZ_MAX_BUFFER (1 << 20)
#define QTEST_MAX_BUFFER (64 * 1024 * 1024)    /* the harness's own limit */

/* main.c's, which the harness library expects from its host. */
void harness_request_quit(void)
{
}

void harness_load_installed_modules(void)
{
}

static void add(bool (*fn)(const HarnessOpts *, Error **), const char *text,
                const char *implied_key)
{
    g_autoptr(HarnessOpts) opts = harness_opts_parse(text, implied_key,
                                                     &error_fatal);

    fn(opts, &error_fatal);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    fuzz_load_modules();
    qemu_mutex_lock_iothread();
    qemu_set_log(0, &error_abort);
    harness_machine_init("virt");
    qemu_shim_chr_new_from_opts("x-memory,id=c0", &error_fatal);
    add(harness_device_add, "pl011-c,id=uart0,chardev=c0", "driver");
    add(harness_map_mmio, "uart0,addr=0x09000000", "id");
    add(harness_add_ram, "addr=0x40000000,size=64k", NULL);
    return 0;
}

/* The reply of one command: IRQ lines, then one OK/FAIL/ERR line. */
static void check_reply(const char *line, const GString *out)
{
    g_auto(GStrv) lines = NULL;
    guint n, replies = 0;

    if (!out->len || out->str[out->len - 1] != '\n') {
        FUZZ_FINDING("'%s': the reply '%s' does not end a line", line,
                     out->str);
    }
    lines = g_strsplit(out->str, "\n", -1);
    n = g_strv_length(lines) - 1;   /* the text after the last '\n' */
    for (guint i = 0; i < n; i++) {
        if (g_str_has_prefix(lines[i], "IRQ ") && !replies) {
            continue;
        }
        if (g_str_has_prefix(lines[i], "OK") ||
            g_str_has_prefix(lines[i], "FAIL") ||
            g_str_has_prefix(lines[i], "ERR")) {
            replies++;
            continue;
        }
        FUZZ_FINDING("'%s': unexpected reply line '%s'", line, lines[i]);
    }
    if (replies != 1) {
        FUZZ_FINDING("'%s': %u reply lines instead of one", line, replies);
    }
}

/* read/write/memset/b64read/b64write LEN between 1 MiB and the limit. */
static bool is_slow(const char *line)
{
    static const char *const buffered[] = {
        "read", "write", "memset", "b64read", "b64write",
    };
    g_auto(GStrv) words = g_strsplit(line, " ", 4);
    uint64_t len;

    if (g_strv_length(words) < 3 || !harness_parse_u64(words[2], &len) ||
        len <= FUZZ_MAX_BUFFER || len > QTEST_MAX_BUFFER) {
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(buffered); i++) {
        if (!strcmp(words[0], buffered[i])) {
            return true;
        }
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    const char *end = p + size;

    for (int i = 0; i < FUZZ_MAX_LINES && p < end; i++) {
        const char *nl = memchr(p, '\n', end - p);
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        g_autofree char *line = g_strndup(p, len);
        g_autoptr(GString) out = g_string_new("");

        p += len + 1;
        if (is_slow(line)) {
            continue;
        }
        harness_qtest_execute(line, out);
        check_reply(line, out);
    }
    return 0;
}
