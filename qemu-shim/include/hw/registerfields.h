/*
 * hw/registerfields.h - named registers and bit fields, as in QEMU 7.2.
 *
 * REG32(CTRL, 0x10) gives A_CTRL (the byte offset, 0x10) and R_CTRL (the
 * index into a uint32_t register array, 4). FIELD(CTRL, EN, 0, 1) gives
 * R_CTRL_EN_SHIFT, R_CTRL_EN_LENGTH and R_CTRL_EN_MASK, which the EX
 * (extract), SEX (sign-extending extract) and DP (deposit) accessors use.
 * The DP forms keep only the low LENGTH bits of the value, like QEMU's.
 */
#ifndef REGISTERFIELDS_H
#define REGISTERFIELDS_H

#include "qemu/osdep.h"
#include "qemu/bitops.h"

#define REG8(reg, addr)                                                  \
    enum { A_ ## reg = (addr) };                                         \
    enum { R_ ## reg = (addr) };

#define REG16(reg, addr)                                                 \
    enum { A_ ## reg = (addr) };                                         \
    enum { R_ ## reg = (addr) / 2 };

#define REG32(reg, addr)                                                 \
    enum { A_ ## reg = (addr) };                                         \
    enum { R_ ## reg = (addr) / 4 };

#define REG64(reg, addr)                                                 \
    enum { A_ ## reg = (addr) };                                         \
    enum { R_ ## reg = (addr) / 8 };

#define FIELD(reg, field, shift, length)                                 \
    enum { R_ ## reg ## _ ## field ## _SHIFT = (shift) };                \
    enum { R_ ## reg ## _ ## field ## _LENGTH = (length) };              \
    enum { R_ ## reg ## _ ## field ## _MASK =                            \
               MAKE_64BIT_MASK(shift, length) };

/* Shim-only: a field's SHIFT, LENGTH pair, as extract/deposit take it. */
#define QEMU_SHIM_FIELD_POS(reg, field)                                  \
    R_ ## reg ## _ ## field ## _SHIFT, R_ ## reg ## _ ## field ## _LENGTH

/* Extract a field from a register value. */
#define FIELD_EX8(storage, reg, field)                                   \
    extract8((storage), QEMU_SHIM_FIELD_POS(reg, field))
#define FIELD_EX16(storage, reg, field)                                  \
    extract16((storage), QEMU_SHIM_FIELD_POS(reg, field))
#define FIELD_EX32(storage, reg, field)                                  \
    extract32((storage), QEMU_SHIM_FIELD_POS(reg, field))
#define FIELD_EX64(storage, reg, field)                                  \
    extract64((storage), QEMU_SHIM_FIELD_POS(reg, field))

#define FIELD_SEX8(storage, reg, field)                                  \
    sextract8((storage), QEMU_SHIM_FIELD_POS(reg, field))
#define FIELD_SEX16(storage, reg, field)                                 \
    sextract16((storage), QEMU_SHIM_FIELD_POS(reg, field))
#define FIELD_SEX32(storage, reg, field)                                 \
    sextract32((storage), QEMU_SHIM_FIELD_POS(reg, field))
#define FIELD_SEX64(storage, reg, field)                                 \
    sextract64((storage), QEMU_SHIM_FIELD_POS(reg, field))

/* Extract a field from an array of registers indexed by R_reg. */
#define ARRAY_FIELD_EX32(regs, reg, field)                               \
    FIELD_EX32((regs)[R_ ## reg], reg, field)
#define ARRAY_FIELD_EX64(regs, reg, field)                               \
    FIELD_EX64((regs)[R_ ## reg], reg, field)

/*
 * Deposit @val into a field of a register value; the result has the
 * register's width. Signed values (FIELD_SDP*) are stored in two's
 * complement, which the truncation to LENGTH bits gives as well.
 */
#define FIELD_DP8(storage, reg, field, val)                              \
    ((uint8_t)deposit32((storage), QEMU_SHIM_FIELD_POS(reg, field), (val)))
#define FIELD_DP16(storage, reg, field, val)                             \
    ((uint16_t)deposit32((storage), QEMU_SHIM_FIELD_POS(reg, field), (val)))
#define FIELD_DP32(storage, reg, field, val)                             \
    ((uint32_t)deposit32((storage), QEMU_SHIM_FIELD_POS(reg, field), (val)))
#define FIELD_DP64(storage, reg, field, val)                             \
    ((uint64_t)deposit64((storage), QEMU_SHIM_FIELD_POS(reg, field), (val)))

#define FIELD_SDP8(storage, reg, field, val)                             \
    FIELD_DP8(storage, reg, field, (uint32_t)(int32_t)(val))
#define FIELD_SDP16(storage, reg, field, val)                            \
    FIELD_DP16(storage, reg, field, (uint32_t)(int32_t)(val))
#define FIELD_SDP32(storage, reg, field, val)                            \
    FIELD_DP32(storage, reg, field, (uint32_t)(int32_t)(val))
#define FIELD_SDP64(storage, reg, field, val)                            \
    FIELD_DP64(storage, reg, field, (uint64_t)(int64_t)(val))

/* Deposit into an array of registers, in place (a statement, as in QEMU). */
#define ARRAY_FIELD_DP32(regs, reg, field, val)                          \
    (regs)[R_ ## reg] = FIELD_DP32((regs)[R_ ## reg], reg, field, val);
#define ARRAY_FIELD_DP64(regs, reg, field, val)                          \
    (regs)[R_ ## reg] = FIELD_DP64((regs)[R_ ## reg], reg, field, val);

#endif /* REGISTERFIELDS_H */
