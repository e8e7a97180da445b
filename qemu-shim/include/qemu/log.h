/*
 * qemu/log.h - QEMU 7.2's debug log: the -d mask (qemu_log_mask), the -D
 * file, and a shim-only capture API so tests can read back exactly what was
 * logged.
 */
#ifndef QEMU_LOG_H
#define QEMU_LOG_H

#include "qemu/osdep.h"
#include "qemu/log-for-trace.h"

G_BEGIN_DECLS

/* Log mask bits, QEMU 7.2 values. The shim's devices use LOG_*; CPU_LOG_*
 * are accepted for source compatibility and never produce output here. */
#define CPU_LOG_TB_OUT_ASM (1 << 0)
#define CPU_LOG_TB_IN_ASM  (1 << 1)
#define CPU_LOG_TB_OP      (1 << 2)
#define CPU_LOG_TB_OP_OPT  (1 << 3)
#define CPU_LOG_INT        (1 << 4)
#define CPU_LOG_EXEC       (1 << 5)
#define CPU_LOG_PCALL      (1 << 6)
#define CPU_LOG_TB_CPU     (1 << 8)
#define CPU_LOG_RESET      (1 << 9)
#define LOG_UNIMP          (1 << 10)
#define LOG_GUEST_ERROR    (1 << 11)
#define CPU_LOG_MMU        (1 << 12)
#define CPU_LOG_TB_NOCHAIN (1 << 13)
#define CPU_LOG_PAGE       (1 << 14)
/* LOG_TRACE (1 << 15) is in qemu/log-for-trace.h */
#define CPU_LOG_TB_OP_IND  (1 << 16)
#define CPU_LOG_TB_FPU     (1 << 17)
#define CPU_LOG_PLUGIN     (1 << 18)
#define LOG_STRACE         (1 << 19)
#define LOG_PER_THREAD     (1 << 20)

/* True if a log file (-D) is open, false if the log goes to stderr. */
bool qemu_log_separate(void);
/* True if any logging is enabled. */
bool qemu_log_enabled(void);

/*
 * Lock the log for a series of related lines. Returns the stream to print
 * to with fprintf(), or NULL if logging is off; pass it to qemu_log_unlock.
 * While a test capture runs the stream is a memory stream whose text is
 * appended to the capture at unlock.
 */
FILE *qemu_log_trylock(void) G_GNUC_WARN_UNUSED_RESULT;
void qemu_log_unlock(FILE *fd);

/* Log only if one of the bits of MASK is enabled. */
#define qemu_log_mask(MASK, FMT, ...)                   \
    do {                                                \
        if (unlikely(qemu_loglevel_mask(MASK))) {       \
            qemu_log(FMT, ## __VA_ARGS__);              \
        }                                               \
    } while (0)

/* The shim has no -dfilter: every address is in range. */
#define qemu_log_mask_and_addr(MASK, ADDR, FMT, ...)    \
    do {                                                \
        (void)(ADDR);                                   \
        qemu_log_mask(MASK, FMT, ## __VA_ARGS__);       \
    } while (0)

typedef struct QEMULogItem {
    int mask;
    const char *name;
    const char *help;
} QEMULogItem;

/* The -d items, terminated by { 0, NULL, NULL }. */
extern const QEMULogItem qemu_log_items[];

/* Set the -d mask. */
bool qemu_set_log(int log_flags, Error **errp);
/* Set the -D file (NULL: back to stderr); opened for append at once. */
bool qemu_set_log_filename(const char *filename, Error **errp);
bool qemu_set_log_filename_flags(const char *name, int flags, Error **errp);
/* -dfilter is not supported: sets an error unless @ranges is empty. */
void qemu_set_dfilter_ranges(const char *ranges, Error **errp);
bool qemu_log_in_addr_range(uint64_t addr);

/* Parse a -d list ("guest_errors,unimp", "all"); 0 if an item is unknown. */
int qemu_str_to_log_mask(const char *str);
/*
 * Shim-only: like qemu_str_to_log_mask, but on an unknown item returns
 * false and sets an error naming it ("unknown log item 'foo'").
 */
bool qemu_shim_str_to_log_mask(const char *str, int *mask, Error **errp);
void qemu_print_log_usage(FILE *f);

/*
 * Shim-only capture for tests: between qemu_shim_log_capture_start() and
 * qemu_shim_log_capture_take(), whatever would be logged is appended to a
 * buffer instead of the log file. take returns that text (g_free it) and
 * ends the capture. The -d mask still decides what is logged: as in QEMU
 * 7.2, nothing is (not even by qemu_log()) while the mask is 0.
 */
void qemu_shim_log_capture_start(void);
char *qemu_shim_log_capture_take(void);
bool qemu_shim_log_capturing(void);

G_END_DECLS

#endif /* QEMU_LOG_H */
