/*
 * The MMIO access patterns the benchmarks measure, shared by the callgrind
 * (instructions) and wall-clock modes so both count exactly the same work.
 */
#ifndef TESTS_BENCH_BENCH_CASES_H
#define TESTS_BENCH_BENCH_CASES_H

#include "bench-dev.h"

G_BEGIN_DECLS

/* Every case does its accesses in rounds of this many. */
#define BENCH_ROUND 16

/* Which device a case drives: its register map. */
typedef enum BenchKind {
    BENCH_PL011,        /* a PL011 (either variant) */
    BENCH_TESTDEV,      /* x-cxx-test-device or its C twin x-c-test-device */
} BenchKind;

typedef struct BenchCase {
    const char *name;
    BenchKind kind;
    const char *backend;            /* the chardev the device gets */
    /* Once after creation (e.g. enable the FIFO); may be NULL. */
    void (*setup)(BenchDev *b);
    /* Before every round, not measured (e.g. refill the FIFO); may be NULL. */
    bool (*prepare)(BenchDev *b);
    /* BENCH_ROUND accesses; returns a value the caller checks or sinks. */
    uint32_t (*round)(BenchDev *b, BenchPath path);
    /* What round() must return when prepare() is used; else unchecked. */
    uint32_t expect;
} BenchCase;

extern const BenchCase bench_cases[];
extern const size_t bench_ncases;

const BenchCase *bench_case_find(const char *name);
/* "pl011" or "testdev"; false for another name. */
bool bench_kind_parse(const char *name, BenchKind *kind);

G_END_DECLS

#endif /* TESTS_BENCH_BENCH_CASES_H */
