/*
 * qemu/bswap.h - byte swapping, host <-> little/big-endian conversion and
 * the ld*_p / st*_p accessors of QEMU 7.2. The accessors read and write
 * through memcpy, so any alignment is fine. Return types follow QEMU:
 * the 8, 16 and 32-bit loads return int.
 */
#ifndef BSWAP_H
#define BSWAP_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

#ifndef HOST_BIG_ENDIAN
#define HOST_BIG_ENDIAN (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
#endif

static inline uint16_t bswap16(uint16_t x)
{
    return __builtin_bswap16(x);
}

static inline uint32_t bswap32(uint32_t x)
{
    return __builtin_bswap32(x);
}

static inline uint64_t bswap64(uint64_t x)
{
    return __builtin_bswap64(x);
}

static inline void bswap16s(uint16_t *s)
{
    *s = bswap16(*s);
}

static inline void bswap32s(uint32_t *s)
{
    *s = bswap32(*s);
}

static inline void bswap64s(uint64_t *s)
{
    *s = bswap64(*s);
}

/*
 * cpu_to_le32 and friends: "cpu" is the host. Each conversion is its own
 * inverse, so le32_to_cpu is the same operation as cpu_to_le32. The
 * QEMU_SHIM_* macros are shim-only helpers that generate them.
 */
#if HOST_BIG_ENDIAN
#define QEMU_SHIM_TO_LE(bits, v)    bswap ## bits(v)
#define QEMU_SHIM_TO_BE(bits, v)    (v)
#else
#define QEMU_SHIM_TO_LE(bits, v)    (v)
#define QEMU_SHIM_TO_BE(bits, v)    bswap ## bits(v)
#endif

/* Defines <e><bits>_to_cpu, cpu_to_<e><bits> and their in-place forms. */
#define QEMU_SHIM_CPU_CONVERT(endian, ENDIAN, bits, type)                 \
static inline type endian ## bits ## _to_cpu(type v)                      \
{                                                                         \
    return QEMU_SHIM_TO_ ## ENDIAN(bits, v);                              \
}                                                                         \
static inline type cpu_to_ ## endian ## bits(type v)                      \
{                                                                         \
    return QEMU_SHIM_TO_ ## ENDIAN(bits, v);                              \
}                                                                         \
static inline void endian ## bits ## _to_cpus(type *p)                    \
{                                                                         \
    *p = QEMU_SHIM_TO_ ## ENDIAN(bits, *p);                               \
}                                                                         \
static inline void cpu_to_ ## endian ## bits ## s(type *p)                \
{                                                                         \
    *p = QEMU_SHIM_TO_ ## ENDIAN(bits, *p);                               \
}

QEMU_SHIM_CPU_CONVERT(le, LE, 16, uint16_t)
QEMU_SHIM_CPU_CONVERT(le, LE, 32, uint32_t)
QEMU_SHIM_CPU_CONVERT(le, LE, 64, uint64_t)
QEMU_SHIM_CPU_CONVERT(be, BE, 16, uint16_t)
QEMU_SHIM_CPU_CONVERT(be, BE, 32, uint32_t)
QEMU_SHIM_CPU_CONVERT(be, BE, 64, uint64_t)

/* Little-endian constants usable in initializers. */
#if HOST_BIG_ENDIAN
#define const_le16(x) ((uint16_t)__builtin_bswap16(x))
#define const_le32(x) ((uint32_t)__builtin_bswap32(x))
#define const_le64(x) ((uint64_t)__builtin_bswap64(x))
#else
#define const_le16(x) ((uint16_t)(x))
#define const_le32(x) ((uint32_t)(x))
#define const_le64(x) ((uint64_t)(x))
#endif

/* Single bytes. */

static inline int ldub_p(const void *ptr)
{
    return *(const uint8_t *)ptr;
}

static inline int ldsb_p(const void *ptr)
{
    return *(const int8_t *)ptr;
}

static inline void stb_p(void *ptr, uint8_t v)
{
    *(uint8_t *)ptr = v;
}

/* Host byte order ("he"), any alignment. */

static inline int lduw_he_p(const void *ptr)
{
    uint16_t r;

    memcpy(&r, ptr, sizeof(r));
    return r;
}

static inline int ldsw_he_p(const void *ptr)
{
    int16_t r;

    memcpy(&r, ptr, sizeof(r));
    return r;
}

static inline void stw_he_p(void *ptr, uint16_t v)
{
    memcpy(ptr, &v, sizeof(v));
}

static inline int ldl_he_p(const void *ptr)
{
    int32_t r;

    memcpy(&r, ptr, sizeof(r));
    return r;
}

static inline void stl_he_p(void *ptr, uint32_t v)
{
    memcpy(ptr, &v, sizeof(v));
}

static inline uint64_t ldq_he_p(const void *ptr)
{
    uint64_t r;

    memcpy(&r, ptr, sizeof(r));
    return r;
}

static inline void stq_he_p(void *ptr, uint64_t v)
{
    memcpy(ptr, &v, sizeof(v));
}

/* Little endian. */

static inline int lduw_le_p(const void *ptr)
{
    return le16_to_cpu((uint16_t)lduw_he_p(ptr));
}

static inline int ldsw_le_p(const void *ptr)
{
    return (int16_t)le16_to_cpu((uint16_t)lduw_he_p(ptr));
}

static inline int ldl_le_p(const void *ptr)
{
    return (int32_t)le32_to_cpu((uint32_t)ldl_he_p(ptr));
}

static inline uint64_t ldq_le_p(const void *ptr)
{
    return le64_to_cpu(ldq_he_p(ptr));
}

static inline void stw_le_p(void *ptr, uint16_t v)
{
    stw_he_p(ptr, cpu_to_le16(v));
}

static inline void stl_le_p(void *ptr, uint32_t v)
{
    stl_he_p(ptr, cpu_to_le32(v));
}

static inline void stq_le_p(void *ptr, uint64_t v)
{
    stq_he_p(ptr, cpu_to_le64(v));
}

/* Big endian. */

static inline int lduw_be_p(const void *ptr)
{
    return be16_to_cpu((uint16_t)lduw_he_p(ptr));
}

static inline int ldsw_be_p(const void *ptr)
{
    return (int16_t)be16_to_cpu((uint16_t)lduw_he_p(ptr));
}

static inline int ldl_be_p(const void *ptr)
{
    return (int32_t)be32_to_cpu((uint32_t)ldl_he_p(ptr));
}

static inline uint64_t ldq_be_p(const void *ptr)
{
    return be64_to_cpu(ldq_he_p(ptr));
}

static inline void stw_be_p(void *ptr, uint16_t v)
{
    stw_he_p(ptr, cpu_to_be16(v));
}

static inline void stl_be_p(void *ptr, uint32_t v)
{
    stl_he_p(ptr, cpu_to_be32(v));
}

static inline void stq_be_p(void *ptr, uint64_t v)
{
    stq_he_p(ptr, cpu_to_be64(v));
}

/*
 * Loads and stores of @sz bytes (1, 2, 4 or 8), zero-extended, generated by
 * the shim-only QEMU_SHIM_LDST_N for each byte order. Any other
 * size is a programming error; it aborts with a message, as QEMU's
 * g_assert_not_reached() does.
 */
#define QEMU_SHIM_LDST_N(e)                                               \
static inline uint64_t ldn_ ## e ## _p(const void *ptr, int sz)           \
{                                                                         \
    switch (sz) {                                                         \
    case 1:                                                               \
        return (uint8_t)ldub_p(ptr);                                      \
    case 2:                                                               \
        return (uint16_t)lduw_ ## e ## _p(ptr);                           \
    case 4:                                                               \
        return (uint32_t)ldl_ ## e ## _p(ptr);                            \
    case 8:                                                               \
        return ldq_ ## e ## _p(ptr);                                      \
    default:                                                              \
        fprintf(stderr, "ldn_" #e "_p: unsupported access size %d\n", sz); \
        abort();                                                          \
    }                                                                     \
}                                                                         \
static inline void stn_ ## e ## _p(void *ptr, int sz, uint64_t v)         \
{                                                                         \
    switch (sz) {                                                         \
    case 1:                                                               \
        stb_p(ptr, (uint8_t)v);                                           \
        break;                                                            \
    case 2:                                                               \
        stw_ ## e ## _p(ptr, (uint16_t)v);                                \
        break;                                                            \
    case 4:                                                               \
        stl_ ## e ## _p(ptr, (uint32_t)v);                                \
        break;                                                            \
    case 8:                                                               \
        stq_ ## e ## _p(ptr, v);                                          \
        break;                                                            \
    default:                                                              \
        fprintf(stderr, "stn_" #e "_p: unsupported access size %d\n", sz); \
        abort();                                                          \
    }                                                                     \
}

QEMU_SHIM_LDST_N(he)
QEMU_SHIM_LDST_N(le)
QEMU_SHIM_LDST_N(be)

G_END_DECLS

#endif /* BSWAP_H */
