/*
 * migration/qemu-file-types.h - the QEMUFile accessors device code uses
 * (QEMU 7.2 names): bytes, big-endian integers and raw buffers. A read past
 * the end of the input returns zeros and sets the file's error to -EIO.
 */
#ifndef MIGRATION_QEMU_FILE_TYPES_H
#define MIGRATION_QEMU_FILE_TYPES_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

void qemu_put_byte(QEMUFile *f, int v);
void qemu_put_be16(QEMUFile *f, unsigned int v);
void qemu_put_be32(QEMUFile *f, unsigned int v);
void qemu_put_be64(QEMUFile *f, uint64_t v);
void qemu_put_buffer(QEMUFile *f, const uint8_t *buf, size_t size);

int qemu_get_byte(QEMUFile *f);
unsigned int qemu_get_be16(QEMUFile *f);
unsigned int qemu_get_be32(QEMUFile *f);
uint64_t qemu_get_be64(QEMUFile *f);
/* Returns the number of bytes read; the rest of @buf is zeroed on error. */
size_t qemu_get_buffer(QEMUFile *f, uint8_t *buf, size_t size);

/* A one-byte length followed by that many bytes (QEMU's idstr format). */
void qemu_put_counted_string(QEMUFile *f, const char *name);
/* Reads into buf[256] and NUL-terminates it; 0 on a short read. */
size_t qemu_get_counted_string(QEMUFile *f, char buf[256]);

int qemu_file_get_error(QEMUFile *f);
void qemu_file_set_error(QEMUFile *f, int ret);

static inline void qemu_put_ubyte(QEMUFile *f, unsigned int v)
{
    qemu_put_byte(f, (int)v);
}

static inline unsigned int qemu_get_ubyte(QEMUFile *f)
{
    return (unsigned int)qemu_get_byte(f);
}

#define qemu_put_sbyte qemu_put_byte
#define qemu_get_sbyte qemu_get_byte

static inline void qemu_put_be16s(QEMUFile *f, const uint16_t *pv)
{
    qemu_put_be16(f, *pv);
}

static inline void qemu_put_be32s(QEMUFile *f, const uint32_t *pv)
{
    qemu_put_be32(f, *pv);
}

static inline void qemu_put_be64s(QEMUFile *f, const uint64_t *pv)
{
    qemu_put_be64(f, *pv);
}

static inline void qemu_get_be16s(QEMUFile *f, uint16_t *pv)
{
    *pv = (uint16_t)qemu_get_be16(f);
}

static inline void qemu_get_be32s(QEMUFile *f, uint32_t *pv)
{
    *pv = qemu_get_be32(f);
}

static inline void qemu_get_be64s(QEMUFile *f, uint64_t *pv)
{
    *pv = qemu_get_be64(f);
}

static inline void qemu_put_8s(QEMUFile *f, const uint8_t *pv)
{
    qemu_put_byte(f, *pv);
}

static inline void qemu_get_8s(QEMUFile *f, uint8_t *pv)
{
    *pv = (uint8_t)qemu_get_byte(f);
}

/* Signed variants: the same bytes, two's complement. */
static inline void qemu_put_sbe16(QEMUFile *f, int v)
{
    qemu_put_be16(f, (unsigned int)v);
}

static inline void qemu_put_sbe32(QEMUFile *f, int v)
{
    qemu_put_be32(f, (unsigned int)v);
}

static inline void qemu_put_sbe64(QEMUFile *f, int64_t v)
{
    qemu_put_be64(f, (uint64_t)v);
}

static inline int qemu_get_sbe16(QEMUFile *f)
{
    return (int16_t)qemu_get_be16(f);
}

static inline int qemu_get_sbe32(QEMUFile *f)
{
    return (int32_t)qemu_get_be32(f);
}

static inline int64_t qemu_get_sbe64(QEMUFile *f)
{
    return (int64_t)qemu_get_be64(f);
}

static inline void qemu_put_s8s(QEMUFile *f, const int8_t *pv)
{
    qemu_put_byte(f, *pv);
}

static inline void qemu_get_s8s(QEMUFile *f, int8_t *pv)
{
    *pv = (int8_t)qemu_get_byte(f);
}

static inline void qemu_put_sbe16s(QEMUFile *f, const int16_t *pv)
{
    qemu_put_sbe16(f, *pv);
}

static inline void qemu_put_sbe32s(QEMUFile *f, const int32_t *pv)
{
    qemu_put_sbe32(f, *pv);
}

static inline void qemu_put_sbe64s(QEMUFile *f, const int64_t *pv)
{
    qemu_put_sbe64(f, *pv);
}

static inline void qemu_get_sbe16s(QEMUFile *f, int16_t *pv)
{
    *pv = (int16_t)qemu_get_sbe16(f);
}

static inline void qemu_get_sbe32s(QEMUFile *f, int32_t *pv)
{
    *pv = qemu_get_sbe32(f);
}

static inline void qemu_get_sbe64s(QEMUFile *f, int64_t *pv)
{
    *pv = qemu_get_sbe64(f);
}

G_END_DECLS

#endif /* MIGRATION_QEMU_FILE_TYPES_H */
