/*
 * QEMU 7.2's qtest text protocol. One command per line, words separated by
 * single spaces; every command gets one reply line ("OK ...", "FAIL ...",
 * "ERR ..."), and interrupt edges on intercepted lines are reported as
 * "IRQ raise N" / "IRQ lower N" as they happen, before the reply of the
 * command that caused them.
 *
 * Differences from QEMU 7.2, all deliberate:
 * - malformed commands get a FAIL reply where QEMU asserts and dies;
 * - irq_intercept_out also reports a sysbus device's IRQ lines (the
 *   "sysbus-irq" GPIO list), numbered as sysbus_init_irq() created them;
 * - clock_step and clock_set work (QEMU offers them only with -accel qtest);
 * - the harness quits when the qtest connection closes;
 * - harness-only commands are named x-...
 */
#include "qemu/osdep.h"
#include "harness.h"
#include "chardev/char-fe.h"
#include "chardev/char.h"
#include "exec/address-spaces.h"
#include "exec/memory.h"
#include "hw/irq.h"
#include "hw/qdev-core.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qom/object.h"

/*
 * Larger read/write/memset requests are refused instead of allocated; a
 * line longer than any valid command is answered with one ERR and skipped
 * up to its newline, so that a peer cannot make the buffer grow without end.
 */
#define QTEST_MAX_BUFFER HARNESS_QTEST_MAX_BUFFER
#define QTEST_MAX_LINE HARNESS_QTEST_MAX_LINE
#define QTEST_MAX_IRQ 256
/* More words than any command takes; the rest are only counted. */
#define QTEST_MAX_WORDS 8

static CharBackend qtest_chr;
static GString *qtest_inbuf;
static size_t qtest_scanned;    /* bytes of qtest_inbuf known to hold no \n */
static bool qtest_skipping;     /* inside a line already refused */
static GString *qtest_outbuf;   /* replies and IRQ lines not yet sent */
static FILE *qtest_log;
static GTimer *qtest_timer;
static bool qtest_busy;         /* inside a command: IRQ lines wait for it */
static DeviceState *irq_intercept_dev;
static int irq_levels[QTEST_MAX_IRQ];

/*
 * g_string_append_len() without its general insert path, which showed in
 * every round trip: a copy when the bytes fit.
 */
static inline void qtest_buf_append(GString *buf, const char *data, size_t len)
{
    if (buf->len + len < buf->allocated_len) {
        memcpy(buf->str + buf->len, data, len);
        buf->len += len;
        buf->str[buf->len] = '\0';
    } else {
        g_string_append_len(buf, data, len);
    }
}

static void qtest_log_line(char dir, const char *text, size_t len)
{
    if (!qtest_log) {
        return;
    }
    fprintf(qtest_log, "[%c +%f] %.*s\n", dir,
            qtest_timer ? g_timer_elapsed(qtest_timer, NULL) : 0.0,
            (int)len, text);
    fflush(qtest_log);
}

/* Send everything queued, logging each line. */
static void qtest_flush(void)
{
    const char *p = qtest_outbuf->str;
    const char *nl;

    if (!qtest_outbuf->len) {
        return;
    }
    while (qtest_log && (nl = strchr(p, '\n'))) {
        qtest_log_line('S', p, nl - p);
        p = nl + 1;
    }
    if (qemu_chr_fe_backend_connected(&qtest_chr)) {
        qemu_chr_fe_write_all(&qtest_chr, (const uint8_t *)qtest_outbuf->str,
                              qtest_outbuf->len);
    }
    g_string_truncate(qtest_outbuf, 0);
}

static void qtest_irq_handler(void *opaque, int n, int level)
{
    if (n < 0 || n >= QTEST_MAX_IRQ || irq_levels[n] == !!level) {
        return;
    }
    irq_levels[n] = !!level;
    g_string_append_printf(qtest_outbuf, "IRQ %s %d\n",
                           level ? "raise" : "lower", n);
    if (!qtest_busy) {
        qtest_flush();      /* an edge from outside a command, e.g. RX */
    }
}

/* The words of one command; handlers reply into qtest_outbuf. */
typedef struct QTestCommand {
    const char *name;
    const char *usage;      /* its arguments, for -help */
    int min_args;
    int max_args;
    void (*run)(char **words, int nargs);
} QTestCommand;

static void reply(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static void reply(const char *fmt, ...)
{
    va_list ap;

    /* "OK" and the other constant replies skip printf. */
    if (!strchr(fmt, '%')) {
        g_string_append(qtest_outbuf, fmt);
        g_string_append_c(qtest_outbuf, '\n');
        return;
    }
    va_start(ap, fmt);
    g_string_append_vprintf(qtest_outbuf, fmt, ap);
    va_end(ap);
    g_string_append_c(qtest_outbuf, '\n');
}

/*
 * "0x" and 1 to 16 hex digits, what libqtest sends for every address:
 * parsed here, as harness_parse_u64() would, without strtoull's locale
 * and overflow machinery. Anything else goes to harness_parse_u64().
 */
/* Each hex digit's value plus one; 0 for every other byte. */
static const uint8_t hex_digit_plus_one[256] = {
    ['0'] = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ['a'] = 11, 12, 13, 14, 15, 16,
    ['A'] = 11, 12, 13, 14, 15, 16,
};

static inline int hex_digit(char c)
{
    return hex_digit_plus_one[(uint8_t)c] - 1;
}

static bool parse_hex_u64(const char *text, uint64_t *value)
{
    uint64_t v = 0;
    int n = 0;

    if (text[0] != '0' || (text[1] | 0x20) != 'x') {
        return false;
    }
    for (text += 2; *text && n < 17; text++, n++) {
        int d = hex_digit(*text);

        if (d < 0) {
            return false;
        }
        v = v << 4 | (uint64_t)d;
    }
    if (*text || n == 0 || n > 16) {
        return false;
    }
    *value = v;
    return true;
}

/* Parse a number argument, replying FAIL when it is not one. */
static bool arg_u64(char **words, int i, uint64_t *value)
{
    if (!parse_hex_u64(words[i], value) &&
        !harness_parse_u64(words[i], value)) {
        reply("FAIL %s: invalid argument '%s'", words[0], words[i]);
        return false;
    }
    return true;
}

static bool arg_i64(char **words, int i, int64_t *value)
{
    const char *text = words[i];
    uint64_t magnitude;
    bool negative = text[0] == '-';

    if (!harness_parse_u64(negative ? text + 1 : text, &magnitude) ||
        magnitude > (uint64_t)INT64_MAX) {
        reply("FAIL %s: invalid argument '%s'", words[0], text);
        return false;
    }
    *value = negative ? -(int64_t)magnitude : (int64_t)magnitude;
    return true;
}

static bool arg_length(char **words, int i, uint64_t *len)
{
    if (!arg_u64(words, i, len)) {
        return false;
    }
    if (*len == 0 || *len > QTEST_MAX_BUFFER) {
        reply("FAIL %s: invalid length '%s'", words[0], words[i]);
        return false;
    }
    return true;
}

static unsigned access_size(const char *command, int suffix_pos)
{
    switch (command[suffix_pos]) {
    case 'b': return 1;
    case 'w': return 2;
    case 'l': return 4;
    default: return 8;
    }
}

/* writeb/w/l/q ADDR VALUE: a CPU store of the target's (little) endianness. */
static void cmd_write_n(char **words, int nargs)
{
    unsigned size = access_size(words[0], 5);
    uint64_t addr, value;
    uint8_t data[8];

    if (!arg_u64(words, 1, &addr) || !arg_u64(words, 2, &value)) {
        return;
    }
    for (unsigned i = 0; i < size; i++) {
        data[i] = value >> (8 * i);
    }
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        data, size);
    reply("OK");
}

/*
 * The 8 lowercase hex digits of @v at @out, all at once: each nibble is
 * spread into a byte of its own (most significant first once the bytes
 * are swapped into memory order), then '0' is added to every byte and
 * 'a' - '0' - 10 more to those above 9.
 */
static void hex8(char *out, uint32_t v)
{
    uint64_t x = v;

    x = (x & 0xffff0000u) << 16 | (x & 0xffffu);
    x = (x & 0x0000ff000000ff00ull) << 8 | (x & 0x000000ff000000ffull);
    x = (x & 0x00f000f000f000f0ull) << 4 | (x & 0x000f000f000f000full);
    /* Bytes above 9: 6 more carries into bit 4. */
    x += 0x3030303030303030ull +
         (((x + 0x0606060606060606ull) >> 4) & 0x0101010101010101ull) *
         ('a' - '0' - 10);
    x = GUINT64_TO_BE(x);
    memcpy(out, &x, 8);
}

/* readb/w/l/q ADDR: the value, always printed as 0x%016x like QEMU. */
static void cmd_read_n(char **words, int nargs)
{
    unsigned size = access_size(words[0], 4);
    uint64_t addr, value = 0;
    uint8_t data[8] = { 0 };

    if (!arg_u64(words, 1, &addr)) {
        return;
    }
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                       data, size);
    for (unsigned i = 0; i < size; i++) {
        value |= (uint64_t)data[i] << (8 * i);
    }
    /* "OK 0x%016" PRIx64 "\n", the reply of every read round trip. */
    char text[] = "OK 0x0123456789abcdef\n";
    hex8(text + 5, value >> 32);
    hex8(text + 13, value);
    qtest_buf_append(qtest_outbuf, text, sizeof(text) - 1);
}

/* read ADDR LEN: the bytes in hex. */
static void cmd_read(char **words, int nargs)
{
    uint64_t addr, len;
    g_autofree uint8_t *data = NULL;

    if (!arg_u64(words, 1, &addr) || !arg_length(words, 2, &len)) {
        return;
    }
    data = g_malloc(len);
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                       data, len);
    g_string_append(qtest_outbuf, "OK 0x");
    for (uint64_t i = 0; i < len; i++) {
        static const char hex[] = "0123456789abcdef";

        g_string_append_c(qtest_outbuf, hex[data[i] >> 4]);
        g_string_append_c(qtest_outbuf, hex[data[i] & 0xf]);
    }
    g_string_append_c(qtest_outbuf, '\n');
}

/* b64read ADDR LEN: the bytes in base64. */
static void cmd_b64read(char **words, int nargs)
{
    uint64_t addr, len;
    g_autofree uint8_t *data = NULL;
    g_autofree char *b64 = NULL;

    if (!arg_u64(words, 1, &addr) || !arg_length(words, 2, &len)) {
        return;
    }
    data = g_malloc(len);
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                       data, len);
    b64 = g_base64_encode(data, len);
    reply("OK %s", b64);
}

/* write ADDR LEN 0xDATA: missing bytes are zero, as in QEMU. */
static void cmd_write(char **words, int nargs)
{
    uint64_t addr, len;
    size_t data_len = strlen(words[3]);
    g_autofree uint8_t *data = NULL;

    if (!arg_u64(words, 1, &addr) || !arg_length(words, 2, &len)) {
        return;
    }
    if (data_len < 3 || words[3][0] != '0' || (words[3][1] | 0x20) != 'x') {
        reply("ERR invalid argument size");
        return;
    }
    data = g_malloc0(len);
    for (uint64_t i = 0; i < len && i * 2 + 4 <= data_len; i++) {
        int hi = hex_digit(words[3][i * 2 + 2]);
        int lo = hex_digit(words[3][i * 2 + 3]);

        if (hi < 0 || lo < 0) {
            reply("FAIL write: invalid hex data");
            return;
        }
        data[i] = hi << 4 | lo;
    }
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        data, len);
    reply("OK");
}

/* b64write ADDR LEN DATA: as QEMU, a short decode writes zeros after it. */
static void cmd_b64write(char **words, int nargs)
{
    uint64_t addr, len;
    gsize out_len;
    g_autofree uint8_t *data = NULL;
    guchar *decoded;

    if (!arg_u64(words, 1, &addr) || !arg_length(words, 2, &len)) {
        return;
    }
    if (strlen(words[3]) < 3) {
        reply("ERR invalid argument size");
        return;
    }
    decoded = g_base64_decode_inplace(words[3], &out_len);
    data = g_malloc0(len);
    memcpy(data, decoded, MIN(out_len, len));
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        data, len);
    reply("OK");
}

/* memset ADDR LEN BYTE */
static void cmd_memset(char **words, int nargs)
{
    uint64_t addr, len, pattern;
    g_autofree uint8_t *data = NULL;

    if (!arg_u64(words, 1, &addr) || !arg_u64(words, 2, &len) ||
        !arg_u64(words, 3, &pattern)) {
        return;
    }
    if (len > QTEST_MAX_BUFFER) {
        reply("FAIL memset: invalid length '%s'", words[2]);
        return;
    }
    if (len) {
        data = g_malloc(len);
        memset(data, (int)(pattern & 0xff), len);
        address_space_write(&address_space_memory, addr,
                            MEMTXATTRS_UNSPECIFIED, data, len);
    }
    reply("OK");
}

static DeviceState *resolve_device(const char *path)
{
    Object *obj = object_resolve_path(path, NULL);

    return obj ? (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE) : NULL;
}

/* irq_intercept_out PATH / irq_intercept_in PATH: one device at a time. */
static void cmd_irq_intercept(char **words, int nargs)
{
    bool out = strcmp(words[0], "irq_intercept_out") == 0;
    DeviceState *dev = resolve_device(words[1]);
    Error *err = NULL;
    bool ok;

    if (!dev) {
        reply("FAIL Unknown device");
        return;
    }
    if (irq_intercept_dev) {
        reply(irq_intercept_dev == dev ? "OK"
                                       : "FAIL IRQ intercept already enabled");
        return;
    }
    ok = out ? qemu_shim_gpio_intercept_out(dev, qtest_irq_handler, NULL, &err)
             : qemu_shim_gpio_intercept_in(dev, qtest_irq_handler, NULL, &err);
    if (!ok) {
        reply("FAIL %s", error_get_pretty(err));
        error_free(err);
        return;
    }
    irq_intercept_dev = dev;
    reply("OK");
}

/* set_irq_in PATH NAME N LEVEL ("unnamed-gpio-in" for the unnamed list). */
static void cmd_set_irq_in(char **words, int nargs)
{
    DeviceState *dev = resolve_device(words[1]);
    const char *name = strcmp(words[2], "unnamed-gpio-in") ? words[2] : NULL;
    NamedGPIOList *ngl;
    int64_t n, level;

    if (!dev) {
        reply("FAIL Unknown device");
        return;
    }
    if (!arg_i64(words, 3, &n) || !arg_i64(words, 4, &level)) {
        return;
    }
    for (ngl = dev->gpios.lh_first; ngl; ngl = ngl->node.le_next) {
        if (g_strcmp0(ngl->name, name) == 0) {
            break;
        }
    }
    if (!ngl || n < 0 || n >= ngl->num_in) {
        reply("FAIL No such input line");
        return;
    }
    qemu_set_irq(qdev_get_gpio_in_named(dev, name, n), level);
    reply("OK");
}

/* clock_step [NS]: without NS, up to the next timer deadline. */
static void cmd_clock_step(char **words, int nargs)
{
    int64_t ns;

    if (nargs >= 1) {
        if (!arg_i64(words, 1, &ns)) {
            return;
        }
    } else {
        ns = qemu_shim_clock_next_deadline();
    }
    if (ns > 0) {
        qemu_shim_clock_step(ns);
    }
    reply("OK %" PRIi64, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void cmd_clock_set(char **words, int nargs)
{
    int64_t ns;

    if (!arg_i64(words, 1, &ns)) {
        return;
    }
    qemu_shim_clock_set(ns);
    reply("OK %" PRIi64, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL));
}

static void cmd_endianness(char **words, int nargs)
{
    reply("OK little");
}

static const QTestCommand qtest_commands[] = {
    { "readb", "ADDR", 1, 1, cmd_read_n },
    { "readw", "ADDR", 1, 1, cmd_read_n },
    { "readl", "ADDR", 1, 1, cmd_read_n },
    { "readq", "ADDR", 1, 1, cmd_read_n },
    { "writeb", "ADDR VALUE", 2, 2, cmd_write_n },
    { "writew", "ADDR VALUE", 2, 2, cmd_write_n },
    { "writel", "ADDR VALUE", 2, 2, cmd_write_n },
    { "writeq", "ADDR VALUE", 2, 2, cmd_write_n },
    { "read", "ADDR SIZE", 2, 2, cmd_read },
    { "write", "ADDR SIZE 0xDATA", 3, 3, cmd_write },
    { "b64read", "ADDR SIZE", 2, 2, cmd_b64read },
    { "b64write", "ADDR SIZE BASE64", 3, 3, cmd_b64write },
    { "memset", "ADDR SIZE BYTE", 3, 3, cmd_memset },
    { "irq_intercept_out", "QOM-PATH", 1, 1, cmd_irq_intercept },
    { "irq_intercept_in", "QOM-PATH", 1, 1, cmd_irq_intercept },
    { "set_irq_in", "QOM-PATH NAME N LEVEL", 4, 4, cmd_set_irq_in },
    { "clock_step", "[NS]", 0, 1, cmd_clock_step },
    { "clock_set", "NS", 1, 1, cmd_clock_set },
    { "endianness", "", 0, 0, cmd_endianness },
};

const char *harness_qtest_command(size_t i, const char **usage)
{
    if (i >= ARRAY_SIZE(qtest_commands)) {
        return NULL;
    }
    *usage = qtest_commands[i].usage;
    return qtest_commands[i].name;
}

/* Commands come in runs: the last one found is tried first. */
static const QTestCommand *qtest_last_command = qtest_commands;

static void qtest_run(char **words, int nargs)
{
    for (size_t i = 0; i <= ARRAY_SIZE(qtest_commands); i++) {
        const QTestCommand *cmd = i ? &qtest_commands[i - 1]
                                    : qtest_last_command;

        /* The first letter sorts out most of the table without a call. */
        if (cmd->name[0] != words[0][0] || strcmp(words[0], cmd->name) != 0) {
            continue;
        }
        qtest_last_command = cmd;
        if (nargs < cmd->min_args || nargs > cmd->max_args) {
            reply("FAIL %s: expects %d%s argument%s, got %d", cmd->name,
                  cmd->min_args, cmd->max_args > cmd->min_args ? " or more" : "",
                  cmd->max_args == 1 ? "" : "s", nargs);
            return;
        }
        cmd->run(words, nargs);
        return;
    }
    reply("FAIL Unknown command '%s'", words[0]);
}

/*
 * Log, parse and run one command line; its output lands in qtest_outbuf.
 * The words are split in place at every single space (as g_strsplit()
 * would: two spaces make an empty word), without allocating.
 */
static void qtest_execute_line(char *line)
{
    char *words[QTEST_MAX_WORDS + 1] = { line };
    int nwords = 1;

    if (qtest_log) {
        qtest_log_line('R', line, strlen(line));
    }
    for (char *p = line; (p = strchr(p, ' ')); ) {
        *p++ = '\0';
        if (nwords < QTEST_MAX_WORDS) {
            words[nwords] = p;
        }
        nwords++;
    }
    qtest_busy = true;
    if (!line[0]) {
        reply("FAIL Unknown command ''");
    } else {
        qtest_run(words, nwords - 1);
    }
    qtest_busy = false;
}

void harness_qtest_execute(const char *line, GString *out)
{
    GString *saved = qtest_outbuf;
    g_autofree char *copy = g_strdup(line);

    qtest_outbuf = out;
    qtest_execute_line(copy);
    qtest_outbuf = saved;
}

/*
 * Run the complete lines of qtest_inbuf. Only bytes not scanned before are
 * searched for '\n', so a line arriving in many pieces costs linear time.
 */
static void qtest_process_inbuf(void)
{
    size_t start = 0;
    char *nl;

    while ((nl = memchr(qtest_inbuf->str + qtest_scanned, '\n',
                        qtest_inbuf->len - qtest_scanned))) {
        size_t end = nl - qtest_inbuf->str;

        if (qtest_skipping) {
            qtest_skipping = false;     /* the refused line ends here */
        } else {
            /* The line is run where it lies (qtest_read does not nest). */
            qtest_inbuf->str[end] = '\0';
            qtest_execute_line(qtest_inbuf->str + start);
            qtest_flush();
        }
        start = qtest_scanned = end + 1;
    }
    /* Usually every byte was a complete line. */
    if (start == qtest_inbuf->len) {
        g_string_truncate(qtest_inbuf, 0);
    } else {
        g_string_erase(qtest_inbuf, 0, start);
    }
    qtest_scanned = qtest_inbuf->len;
    if (qtest_inbuf->len > QTEST_MAX_LINE) {
        if (!qtest_skipping) {
            qtest_log_line('R', qtest_inbuf->str, 64);
            reply("ERR line longer than %d bytes", QTEST_MAX_LINE);
            qtest_flush();
            qtest_skipping = true;
        }
        g_string_truncate(qtest_inbuf, 0);
        qtest_scanned = 0;
    }
}

static int qtest_can_read(void *opaque)
{
    return 4096;
}

static void qtest_read(void *opaque, const uint8_t *buf, int size)
{
    qtest_buf_append(qtest_inbuf, (const char *)buf, size);
    qtest_process_inbuf();
}

static void qtest_event(void *opaque, QEMUChrEvent event)
{
    switch (event) {
    case CHR_EVENT_OPENED:
        g_string_truncate(qtest_inbuf, 0);
        qtest_scanned = 0;
        qtest_skipping = false;
        memset(irq_levels, 0, sizeof(irq_levels));
        g_clear_pointer(&qtest_timer, g_timer_destroy);
        qtest_timer = g_timer_new();
        if (qtest_log) {
            fprintf(qtest_log, "[I %f] OPENED\n", 0.0);
        }
        break;
    case CHR_EVENT_CLOSED:
        if (qtest_log) {
            fprintf(qtest_log, "[I +%f] CLOSED\n",
                    qtest_timer ? g_timer_elapsed(qtest_timer, NULL) : 0.0);
        }
        /*
         * Unlike QEMU, a harness whose qtest client went away has nothing
         * left to do: it quits, so "... | qemu-harness -qtest stdio" ends.
         */
        harness_request_quit();
        break;
    default:
        break;
    }
}

bool harness_qtest_init(const char *chardev_spec, const char *log_path,
                        Error **errp)
{
    Chardev *chr;

    qtest_inbuf = g_string_new(NULL);
    qtest_outbuf = g_string_new(NULL);
    /* "none" and /dev/null (libqtest's choice) mean no log at all. */
    if (log_path && strcmp(log_path, "none") != 0 &&
        strcmp(log_path, "/dev/null") != 0) {
        qtest_log = fopen(log_path, "w");
        if (!qtest_log) {
            error_setg_errno(errp, errno, "Could not open qtest log '%s'",
                             log_path);
            return false;
        }
    }
    chr = qemu_chr_new("qtest", chardev_spec, NULL);
    if (!chr) {
        error_setg(errp, "Failed to initialize device for qtest: \"%s\"",
                   chardev_spec);
        return false;
    }
    if (!qemu_chr_fe_init(&qtest_chr, chr, errp)) {
        return false;
    }
    qemu_chr_fe_set_handlers(&qtest_chr, qtest_can_read, qtest_read,
                             qtest_event, NULL, NULL, NULL, true);
    return true;
}
