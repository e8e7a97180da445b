/*
 * Random operation sequences (gen.h). One grammar serves both the seeded
 * generator and the fuzzer's decoder: only the source of choices differs.
 */
#include "gen.h"

/* PL011 register offsets. */
enum {
    R_DR = 0x000, R_RSR = 0x004, R_FR = 0x018, R_ILPR = 0x020,
    R_IBRD = 0x024, R_FBRD = 0x028, R_LCRH = 0x02c, R_CR = 0x030,
    R_IFLS = 0x034, R_IMSC = 0x038, R_RIS = 0x03c, R_MIS = 0x040,
    R_ICR = 0x044, R_DMACR = 0x048, R_ID = 0xfe0,
};

uint64_t diff_rng_next(DiffRng *rng)
{
    uint64_t z = (rng->state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint32_t diff_rng_below(DiffRng *rng, uint32_t n)
{
    return (uint32_t)(diff_rng_next(rng) % n);
}

/* Where choices come from: a PRNG, or the bytes of a fuzzer's input. */
typedef struct GenSource {
    DiffRng *rng;
    const uint8_t *data;
    size_t len;
    size_t pos;
} GenSource;

static uint32_t pick(GenSource *src, uint32_t n)
{
    uint32_t v = 0;
    unsigned bytes = n <= 0x100 ? 1 : n <= 0x10000 ? 2 : 4;

    if (src->rng) {
        return diff_rng_below(src->rng, n);
    }
    for (unsigned i = 0; i < bytes; i++) {
        v = v << 8 | (src->pos < src->len ? src->data[src->pos++] : 0);
    }
    return v % n;
}

static uint64_t pick64(GenSource *src)
{
    uint64_t hi = pick(src, UINT32_MAX);

    return hi << 32 | pick(src, UINT32_MAX);
}

/*
 * Table entries standing for a value drawn only once the entry is chosen
 * (so that every choice is drawn in a defined order).
 */
#define ANY64    0xfffffffffffffff0ULL      /* any 64-bit value */
#define ANY_ID   0xfffffffffffffff1ULL      /* one of the eight ID registers */
#define ANY_INT  0xfffffffffffffff2ULL      /* any interrupt mask, 11 bits */
#define ANY_U32  0xfffffffffffffff3ULL

static uint64_t pick_from(GenSource *src, const uint64_t *table, size_t n)
{
    uint64_t v = table[pick(src, n)];

    switch (v) {
    case ANY64:
        return pick64(src);
    case ANY_ID:
        return 0xfe0 + 4 * pick(src, 8);
    case ANY_INT:
        return pick(src, 0x800);
    case ANY_U32:
        return pick(src, UINT32_MAX);
    }
    return v;
}

#define PICK_FROM(src, ...) \
    pick_from(src, (const uint64_t[]){ __VA_ARGS__ }, \
              sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t))

/* Mostly 4 bytes; the other widths and unaligned offsets now and then. */
static void pick_access(GenSource *src, DiffOp *op, uint32_t reg)
{
    unsigned w = pick(src, 20);

    op->size = w < 14 ? 4 : w < 16 ? 1 : w < 18 ? 2 : 8;
    op->offset = reg;
    if (pick(src, 20) == 0) {
        op->offset += 1 + pick(src, 3);
    }
}

static uint64_t fit(const DiffOp *op, uint64_t value)
{
    return op->size == 8 ? value : value & ((1ULL << (op->size * 8)) - 1);
}

static void gen_write(GenSource *src, DiffOp *op, uint32_t reg, uint64_t value)
{
    op->kind = DIFF_OP_WRITE;
    pick_access(src, op, reg);
    op->value = fit(op, value);
}

static void gen_read(GenSource *src, DiffOp *op, uint32_t reg)
{
    op->kind = DIFF_OP_READ;
    pick_access(src, op, reg);
}

/* The weights add up to 100. */
static void gen_op(GenSource *src, DiffOp *op)
{
    uint32_t w = pick(src, 100);

    memset(op, 0, sizeof(*op));
    if (w < 14) {
        gen_read(src, op, R_DR);
    } else if (w < 26) {
        gen_read(src, op, PICK_FROM(src, R_FR, R_FR, R_RIS, R_MIS, R_RSR,
                                    R_IMSC, R_LCRH, R_IFLS, R_CR, R_DMACR,
                                    R_IBRD, R_FBRD, R_ILPR, R_ICR, ANY_ID));
    } else if (w < 34) {
        gen_write(src, op, R_DR, pick(src, 8) ? pick(src, 256) : pick64(src));
    } else if (w < 50) {
        op->kind = DIFF_OP_RX;
        op->len = 1 + (pick(src, 4) ? pick(src, 20) : pick(src, DIFF_RX_MAX));
        for (unsigned i = 0; i < op->len; i++) {
            op->bytes[i] = pick(src, 256);
        }
    } else if (w < 58) {
        gen_write(src, op, R_LCRH, PICK_FROM(src, 0x00, 0x10, 0x10, 0x01,
                                             0x11, 0x70, 0x60, 0x71, ANY64));
    } else if (w < 64) {
        gen_write(src, op, R_IMSC, PICK_FROM(src, 0x10, 0x20, 0x30, 0x7ff,
                                             0x0, 0x50, ANY_INT, ANY64));
    } else if (w < 69) {
        gen_write(src, op, R_ICR, PICK_FROM(src, 0x10, 0x20, 0x30, 0x7ff,
                                            ANY_INT, ANY64));
    } else if (w < 73) {
        gen_write(src, op, R_IFLS,
                  pick(src, 4) ? pick(src, 0x40) : pick64(src));
    } else if (w < 76) {
        gen_write(src, op, R_DMACR, pick(src, 2) ? pick(src, 8) : pick64(src));
    } else if (w < 80) {
        uint32_t reg = PICK_FROM(src, R_CR, R_ILPR, R_IBRD, R_FBRD, R_RSR,
                                 R_FR, R_RIS, R_MIS, ANY_ID);

        /* IBRD 1 << 26 makes the 32-bit baud divisor wrap to zero. */
        gen_write(src, op, reg, PICK_FROM(src, 0, 1, 0x300, 0x301, 1ULL << 26,
                                          ANY64));
    } else if (w < 88) {
        /* Anywhere in the region, and now and then just past it. */
        op->kind = pick(src, 2) ? DIFF_OP_READ : DIFF_OP_WRITE;
        op->size = 1 << pick(src, 4);
        op->offset = pick(src, 16) ? pick(src, 0x1000)
                                   : 0x1000 - 8 + pick(src, 0x18);
        op->value = op->kind == DIFF_OP_WRITE ? fit(op, pick64(src)) : 0;
    } else if (w < 91) {
        op->kind = DIFF_OP_BREAK;
    } else if (w < 94) {
        op->kind = DIFF_OP_CLOCK;
        op->value = PICK_FROM(src, 0, 1, 24000000, 7372800, ANY_U32);
    } else if (w < 96) {
        op->kind = DIFF_OP_RESET;
    } else {
        op->kind = DIFF_OP_MIGRATE;
    }
}

GArray *diff_gen_sequence(uint64_t seed, size_t n)
{
    GArray *ops = g_array_sized_new(false, true, sizeof(DiffOp), n);
    DiffRng rng = { .state = seed };
    GenSource src = { .rng = &rng };

    g_array_set_size(ops, n);
    for (size_t i = 0; i < n; i++) {
        gen_op(&src, &g_array_index(ops, DiffOp, i));
    }
    return ops;
}

size_t diff_gen_decode(const uint8_t *data, size_t len, DiffOp *op)
{
    GenSource src = { .data = data, .len = len };

    if (!len) {
        return 0;
    }
    gen_op(&src, op);
    return src.pos;
}
