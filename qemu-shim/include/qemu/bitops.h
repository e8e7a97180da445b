/*
 * qemu/bitops.h - bit numbers and masks, bitmap bit operations, rotates and
 * bit-field extract/deposit, as in QEMU 7.2. Bitmaps are arrays of unsigned
 * long with bit 0 in the lowest bit of word 0 (DeviceClass::categories is
 * one). A field that does not fit its word is a programming error and
 * asserts, as in QEMU.
 */
#ifndef BITOPS_H
#define BITOPS_H

#include "qemu/osdep.h"
#include "qemu/host-utils.h"

G_BEGIN_DECLS

#define BITS_PER_BYTE           CHAR_BIT
#define BITS_PER_LONG           (sizeof(unsigned long) * BITS_PER_BYTE)

#define BIT(nr)                 (1UL << (nr))
#define BIT_ULL(nr)             (1ULL << (nr))
#define BIT_MASK(nr)            (1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)            ((nr) / BITS_PER_LONG)
#define BITS_TO_LONGS(nr)       DIV_ROUND_UP(nr, BITS_PER_BYTE * sizeof(long))

/* @length bits set, starting at bit @shift. */
#define MAKE_64BIT_MASK(shift, length) \
    (((~0ULL) >> (64 - (length))) << (shift))

/* Bitmap bit operations; @nr counts from bit 0 of addr[0]. */

static inline void set_bit(long nr, unsigned long *addr)
{
    addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void clear_bit(long nr, unsigned long *addr)
{
    addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static inline void change_bit(long nr, unsigned long *addr)
{
    addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}

static inline int test_bit(long nr, const unsigned long *addr)
{
    return (addr[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}

/* The test_and_* forms return the bit's old value. */
static inline int test_and_set_bit(long nr, unsigned long *addr)
{
    int old = test_bit(nr, addr);

    set_bit(nr, addr);
    return old;
}

static inline int test_and_clear_bit(long nr, unsigned long *addr)
{
    int old = test_bit(nr, addr);

    clear_bit(nr, addr);
    return old;
}

static inline int test_and_change_bit(long nr, unsigned long *addr)
{
    int old = test_bit(nr, addr);

    change_bit(nr, addr);
    return old;
}

/*
 * find_next_bit: the first set bit at or after @offset in a bitmap of
 * @size bits, or @size if there is none.
 */
static inline unsigned long find_next_bit(const unsigned long *addr,
                                          unsigned long size,
                                          unsigned long offset)
{
    unsigned long word;

    if (offset >= size) {
        return size;
    }
    /* The first word, without the bits below @offset. */
    word = addr[BIT_WORD(offset)] & (~0UL << (offset % BITS_PER_LONG));
    offset -= offset % BITS_PER_LONG;
    for (;;) {
        if (word) {
            offset += ctzl(word);
            return offset < size ? offset : size;
        }
        offset += BITS_PER_LONG;
        if (offset >= size) {
            return size;
        }
        word = addr[BIT_WORD(offset)];
    }
}

/* Like find_next_bit(), for a clear bit. */
static inline unsigned long find_next_zero_bit(const unsigned long *addr,
                                               unsigned long size,
                                               unsigned long offset)
{
    unsigned long word;

    if (offset >= size) {
        return size;
    }
    word = ~addr[BIT_WORD(offset)] & (~0UL << (offset % BITS_PER_LONG));
    offset -= offset % BITS_PER_LONG;
    for (;;) {
        if (word) {
            offset += ctzl(word);
            return offset < size ? offset : size;
        }
        offset += BITS_PER_LONG;
        if (offset >= size) {
            return size;
        }
        word = ~addr[BIT_WORD(offset)];
    }
}

static inline unsigned long find_first_bit(const unsigned long *addr,
                                           unsigned long size)
{
    return find_next_bit(addr, size, 0);
}

static inline unsigned long find_first_zero_bit(const unsigned long *addr,
                                                unsigned long size)
{
    return find_next_zero_bit(addr, size, 0);
}

/* The last set bit of a bitmap of @size bits, or @size if there is none. */
static inline unsigned long find_last_bit(const unsigned long *addr,
                                          unsigned long size)
{
    unsigned long nr = size;

    while (nr > 0) {
        unsigned long word;

        nr--;
        word = addr[BIT_WORD(nr)];
        /* Only the bits at or below @nr within its word count. */
        word &= ~0UL >> (BITS_PER_LONG - 1 - nr % BITS_PER_LONG);
        if (word) {
            return nr - nr % BITS_PER_LONG + (BITS_PER_LONG - 1 - clzl(word));
        }
        nr -= nr % BITS_PER_LONG;
    }
    return size;
}

/* Rotates; the shift count is taken modulo the width, as in QEMU. */

static inline uint8_t rol8(uint8_t word, unsigned int shift)
{
    return (uint8_t)((word << (shift & 7)) | (word >> (-shift & 7)));
}

static inline uint8_t ror8(uint8_t word, unsigned int shift)
{
    return (uint8_t)((word >> (shift & 7)) | (word << (-shift & 7)));
}

static inline uint16_t rol16(uint16_t word, unsigned int shift)
{
    return (uint16_t)((word << (shift & 15)) | (word >> (-shift & 15)));
}

static inline uint16_t ror16(uint16_t word, unsigned int shift)
{
    return (uint16_t)((word >> (shift & 15)) | (word << (-shift & 15)));
}

static inline uint32_t rol32(uint32_t word, unsigned int shift)
{
    return (word << (shift & 31)) | (word >> (-shift & 31));
}

static inline uint32_t ror32(uint32_t word, unsigned int shift)
{
    return (word >> (shift & 31)) | (word << (-shift & 31));
}

static inline uint64_t rol64(uint64_t word, unsigned int shift)
{
    return (word << (shift & 63)) | (word >> (-shift & 63));
}

static inline uint64_t ror64(uint64_t word, unsigned int shift)
{
    return (word >> (shift & 63)) | (word << (-shift & 63));
}

/*
 * Bit fields: @length bits starting at bit @start (bit 0 is the least
 * significant). The field must lie within the value; a whole-width field
 * (start 0, length 32 for extract32) is allowed.
 */

static inline uint32_t extract32(uint32_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 32 - start);
    return (value >> start) & (~0U >> (32 - length));
}

static inline uint8_t extract8(uint8_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 8 - start);
    return (uint8_t)extract32(value, start, length);
}

static inline uint16_t extract16(uint16_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 16 - start);
    return (uint16_t)extract32(value, start, length);
}

static inline uint64_t extract64(uint64_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 64 - start);
    return (value >> start) & (~0ULL >> (64 - length));
}

/*
 * The sextract forms sign-extend the field: its top bit fills the upper
 * bits of the result. The casts and the arithmetic right shift are
 * implementation-defined in ISO C but exact on every compiler QEMU
 * supports.
 */
static inline int32_t sextract32(uint32_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 32 - start);
    return ((int32_t)(value << (32 - length - start))) >> (32 - length);
}

static inline int8_t sextract8(uint8_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 8 - start);
    return (int8_t)sextract32(value, start, length);
}

static inline int16_t sextract16(uint16_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 16 - start);
    return (int16_t)sextract32(value, start, length);
}

static inline int64_t sextract64(uint64_t value, int start, int length)
{
    assert(start >= 0 && length > 0 && length <= 64 - start);
    return ((int64_t)(value << (64 - length - start))) >> (64 - length);
}

/*
 * deposit: @value with its field replaced by the low @length bits of
 * @fieldval; the other bits of @value and the upper bits of @fieldval are
 * ignored.
 */
static inline uint32_t deposit32(uint32_t value, int start, int length,
                                 uint32_t fieldval)
{
    uint32_t mask;

    assert(start >= 0 && length > 0 && length <= 32 - start);
    mask = (~0U >> (32 - length)) << start;
    return (value & ~mask) | ((fieldval << start) & mask);
}

static inline uint64_t deposit64(uint64_t value, int start, int length,
                                 uint64_t fieldval)
{
    uint64_t mask;

    assert(start >= 0 && length > 0 && length <= 64 - start);
    mask = (~0ULL >> (64 - length)) << start;
    return (value & ~mask) | ((fieldval << start) & mask);
}

G_END_DECLS

#endif /* BITOPS_H */
