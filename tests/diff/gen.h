/*
 * Seeded random operation sequences for the lockstep engine, weighted
 * towards the PL011's deep states: FIFO enabled and full, every interrupt,
 * every IFLS value, FEN and BRK toggles mid-stream, breaks, unaligned and
 * 8-byte accesses. The same seed always gives the same sequence.
 */
#ifndef DIFF_GEN_H
#define DIFF_GEN_H

#include "lockstep.h"

G_BEGIN_DECLS

/* A tiny PRNG (splitmix64) so that sequences never depend on GLib's. */
typedef struct DiffRng {
    uint64_t state;
} DiffRng;

uint64_t diff_rng_next(DiffRng *rng);
/* Uniform in [0, n); n > 0. */
uint32_t diff_rng_below(DiffRng *rng, uint32_t n);

/* @n operations from @seed. */
GArray *diff_gen_sequence(uint64_t seed, size_t n);

/*
 * One operation decoded from @data (a fuzzer's input); consumes at most
 * @len bytes and returns how many. 0 when @len is 0.
 */
size_t diff_gen_decode(const uint8_t *data, size_t len, DiffOp *op);

G_END_DECLS

#endif /* DIFF_GEN_H */
