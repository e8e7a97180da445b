/*
 * qemu/int128.h - 128-bit integers for address arithmetic that must hold
 * 2^64 (the size of a whole address space), as in QEMU 7.2. The shim only
 * supports compilers with a native __int128 (GCC and Clang on 64-bit hosts).
 */
#ifndef INT128_H
#define INT128_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

typedef __int128_t Int128;

static inline Int128 int128_make64(uint64_t a)
{
    return a;
}

static inline Int128 int128_makes64(int64_t a)
{
    return a;
}

static inline Int128 int128_make128(uint64_t lo, uint64_t hi)
{
    return (Int128)(((__uint128_t)hi << 64) | lo);
}

/* The value as uint64_t; it must fit. */
static inline uint64_t int128_get64(Int128 a)
{
    uint64_t r = (uint64_t)a;
    assert(r == a);
    return r;
}

static inline uint64_t int128_getlo(Int128 a)
{
    return (uint64_t)a;
}

static inline int64_t int128_gethi(Int128 a)
{
    return (int64_t)(a >> 64);
}

static inline Int128 int128_zero(void)
{
    return 0;
}

static inline Int128 int128_one(void)
{
    return 1;
}

static inline Int128 int128_2_64(void)
{
    return (Int128)1 << 64;
}

static inline Int128 int128_exts64(int64_t a)
{
    return a;
}

static inline Int128 int128_add(Int128 a, Int128 b)
{
    return a + b;
}

static inline Int128 int128_sub(Int128 a, Int128 b)
{
    return a - b;
}

static inline Int128 int128_neg(Int128 a)
{
    return -a;
}

static inline bool int128_nonneg(Int128 a)
{
    return a >= 0;
}

static inline bool int128_eq(Int128 a, Int128 b)
{
    return a == b;
}

static inline bool int128_ne(Int128 a, Int128 b)
{
    return a != b;
}

static inline bool int128_ge(Int128 a, Int128 b)
{
    return a >= b;
}

static inline bool int128_lt(Int128 a, Int128 b)
{
    return a < b;
}

static inline bool int128_le(Int128 a, Int128 b)
{
    return a <= b;
}

static inline bool int128_gt(Int128 a, Int128 b)
{
    return a > b;
}

static inline bool int128_nz(Int128 a)
{
    return a != 0;
}

static inline Int128 int128_min(Int128 a, Int128 b)
{
    return a < b ? a : b;
}

static inline Int128 int128_max(Int128 a, Int128 b)
{
    return a > b ? a : b;
}

static inline void int128_addto(Int128 *a, Int128 b)
{
    *a += b;
}

static inline void int128_subfrom(Int128 *a, Int128 b)
{
    *a -= b;
}

G_END_DECLS

#endif /* INT128_H */
