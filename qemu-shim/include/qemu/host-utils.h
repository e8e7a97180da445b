/*
 * qemu/host-utils.h - bit counting and wide arithmetic helpers, the subset
 * of QEMU 7.2's header that device code uses. Built on the compiler's
 * builtins; like QEMU's, the count functions are defined for zero
 * (clz32(0) == 32, ctz64(0) == 64).
 */
#ifndef HOST_UTILS_H
#define HOST_UTILS_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

static inline int clz32(uint32_t val)
{
    return val ? __builtin_clz(val) : 32;
}

static inline int clo32(uint32_t val)
{
    return clz32(~val);
}

static inline int clz64(uint64_t val)
{
    return val ? __builtin_clzll(val) : 64;
}

static inline int clo64(uint64_t val)
{
    return clz64(~val);
}

static inline int ctz32(uint32_t val)
{
    return val ? __builtin_ctz(val) : 32;
}

static inline int cto32(uint32_t val)
{
    return ctz32(~val);
}

static inline int ctz64(uint64_t val)
{
    return val ? __builtin_ctzll(val) : 64;
}

static inline int cto64(uint64_t val)
{
    return ctz64(~val);
}

/* Leading redundant sign bits: how many bits below the sign bit repeat it. */
static inline int clrsb32(uint32_t val)
{
    return __builtin_clrsb((int32_t)val);
}

static inline int clrsb64(uint64_t val)
{
    return __builtin_clrsbll((int64_t)val);
}

static inline int ctpop8(uint8_t val)
{
    return __builtin_popcount(val);
}

static inline int ctpop16(uint16_t val)
{
    return __builtin_popcount(val);
}

static inline int ctpop32(uint32_t val)
{
    return __builtin_popcount(val);
}

static inline int ctpop64(uint64_t val)
{
    return __builtin_popcountll(val);
}

/* The same counts on an unsigned long, whatever its width. */
static inline int clzl(unsigned long val)
{
    return val ? __builtin_clzl(val) : (int)(sizeof(val) * 8);
}

static inline int ctzl(unsigned long val)
{
    return val ? __builtin_ctzl(val) : (int)(sizeof(val) * 8);
}

static inline int ctpopl(unsigned long val)
{
    return __builtin_popcountl(val);
}

/* Bit reversal: bit 0 becomes the top bit and so on. */
static inline uint8_t revbit8(uint8_t x)
{
    x = (uint8_t)(((x & 0xf0) >> 4) | ((x & 0x0f) << 4));
    x = (uint8_t)(((x & 0xcc) >> 2) | ((x & 0x33) << 2));
    x = (uint8_t)(((x & 0xaa) >> 1) | ((x & 0x55) << 1));
    return x;
}

static inline uint16_t revbit16(uint16_t x)
{
    return (uint16_t)((revbit8((uint8_t)x) << 8) | revbit8((uint8_t)(x >> 8)));
}

static inline uint32_t revbit32(uint32_t x)
{
    return ((uint32_t)revbit16((uint16_t)x) << 16) |
           revbit16((uint16_t)(x >> 16));
}

static inline uint64_t revbit64(uint64_t x)
{
    return ((uint64_t)revbit32((uint32_t)x) << 32) |
           revbit32((uint32_t)(x >> 32));
}

/* (a * b) / c without losing the high bits of the product. */
static inline uint64_t muldiv64(uint64_t a, uint32_t b, uint32_t c)
{
    return (uint64_t)(((unsigned __int128)a * b) / c);
}

/* The 128-bit product of @a and @b, as two 64-bit halves. */
static inline void mulu64(uint64_t *plow, uint64_t *phigh,
                          uint64_t a, uint64_t b)
{
    unsigned __int128 r = (unsigned __int128)a * b;

    *plow = (uint64_t)r;
    *phigh = (uint64_t)(r >> 64);
}

static inline void muls64(uint64_t *plow, uint64_t *phigh,
                          int64_t a, int64_t b)
{
    __int128 r = (__int128)a * b;

    *plow = (uint64_t)r;
    *phigh = (uint64_t)((unsigned __int128)r >> 64);
}

static inline bool is_power_of_2(uint64_t value)
{
    return value && !(value & (value - 1));
}

/* The largest power of 2 not above @value; 0 for 0. */
static inline uint64_t pow2floor(uint64_t value)
{
    return value ? UINT64_C(0x8000000000000000) >> clz64(value) : 0;
}

/* The smallest power of 2 not below @value; 0 if that does not fit. */
static inline uint64_t pow2ceil(uint64_t value)
{
    int n = clz64(value - 1);

    if (n == 0) {
        /* value is 0 (answer 1) or above 2^63 (no answer) */
        return !value;
    }
    return UINT64_C(0x8000000000000000) >> (n - 1);
}

G_END_DECLS

#endif /* HOST_UTILS_H */
