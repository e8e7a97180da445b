/*
 * Lockstep differential testing of two PL011 implementations in one
 * process: the same operations go to both, and after each one everything
 * a guest or a host could observe is compared. Side A is the reference.
 */
#ifndef DIFF_LOCKSTEP_H
#define DIFF_LOCKSTEP_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

#include "qemu/osdep.h"
#include "qapi/error.h"

G_BEGIN_DECLS

/* Where the two UARTs sit in the system address space (4 KiB each). */
/* Where each side's UART sits in its own address space (virt's address). */
#define DIFF_BASE 0x09000000ULL
#define DIFF_NUM_IRQS 6
#define DIFF_RX_MAX 24

typedef enum DiffOpKind {
    DIFF_OP_READ,       /* a CPU load of @size bytes at @offset */
    DIFF_OP_WRITE,      /* a CPU store of @value */
    DIFF_OP_RX,         /* @len bytes arrive on the receive side */
    DIFF_OP_BREAK,      /* a break condition on the receive side */
    DIFF_OP_CLOCK,      /* the "clk" input's source changes to @value Hz */
    DIFF_OP_RESET,      /* device_cold_reset() */
    DIFF_OP_MIGRATE,    /* save the VMState and load it back */
    DIFF_OP__MAX,
} DiffOpKind;

/* Fixed-size, so that sequences are plain arrays to generate and shrink. */
typedef struct DiffOp {
    DiffOpKind kind;
    uint8_t size;           /* READ, WRITE: 1, 2, 4 or 8 */
    uint8_t len;            /* RX: bytes used in @bytes */
    uint32_t offset;        /* READ, WRITE: from the UART's base */
    uint64_t value;         /* WRITE: the value; CLOCK: the frequency */
    uint8_t bytes[DIFF_RX_MAX];
} DiffOp;

const char *diff_op_kind_name(DiffOpKind kind);
/* One line in the scenario syntax (see scenario-io.c). */
void diff_op_format(const DiffOp *op, GString *out);

/* What the generator reached, summed over runs (see diff_stats_print). */
typedef struct DiffStats {
    uint64_t ops[DIFF_OP__MAX];
    uint64_t runs;
    int max_fifo_depth;         /* largest read_count seen */
    uint64_t fifo_full_rx;      /* RX while bytes were left queued */
    uint32_t int_level_seen;    /* RIS bits that were ever set */
    uint64_t irq_raised[DIFF_NUM_IRQS];
    uint64_t ifls_seen;         /* bit n: IFLS & 0x3f == n was stored */
    uint64_t fen_toggles;
    uint64_t brk_toggles;
    uint64_t wide_accesses;     /* 8-byte */
    uint64_t unaligned_accesses;
    uint64_t past_end_accesses;
} DiffStats;

void diff_stats_print(const DiffStats *stats, FILE *f);

/* Before the first pair: QOM, the log mask, the BQL. Idempotent. */
void diff_init(void);

typedef struct DiffPair DiffPair;

/*
 * Two realized devices of QOM types @type_a and @type_b, each with its own
 * x-memory chardev, intercepted IRQ lines, a clock source on "clk", and
 * an address space with region 0 mapped at DIFF_BASE.
 */
DiffPair *diff_pair_new(const char *type_a, const char *type_b, Error **errp);
void diff_pair_free(DiffPair *pair);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DiffPair, diff_pair_free)

/*
 * Apply @op to both devices. Returns true if every observation agrees;
 * otherwise appends both sides' observations to @why (if not NULL).
 */
bool diff_pair_step(DiffPair *pair, const DiffOp *op, DiffStats *stats,
                    GString *why);

/*
 * Run @ops on a fresh pair. Returns the index of the first operation after
 * which the devices differ, or -1 if they never do; -2 if the pair cannot
 * be created (@why says why).
 */
long diff_run(const char *type_a, const char *type_b, const DiffOp *ops,
              size_t n, DiffStats *stats, GString *why);

G_END_DECLS

#endif /* DIFF_LOCKSTEP_H */
