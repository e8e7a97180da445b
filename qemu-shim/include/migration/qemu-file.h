/*
 * migration/qemu-file.h - QEMUFile, the byte stream migration reads and
 * writes. QEMU 7.2 backs it with an I/O channel; the shim backs it with a
 * memory buffer (the host writes that buffer to a file or socket), built
 * with the qemu_shim_file_* constructors below.
 */
#ifndef MIGRATION_QEMU_FILE_H
#define MIGRATION_QEMU_FILE_H

#include "qemu/osdep.h"
#include "migration/qemu-file-types.h"

G_BEGIN_DECLS

/* Shim: an empty file to write into; its bytes grow as they are put. */
QEMUFile *qemu_shim_file_new_output(void);
/* Shim: a file reading a copy of @data. */
QEMUFile *qemu_shim_file_new_input(const uint8_t *data, size_t len);
/* Shim: the bytes written so far; valid until the next put or close. */
const uint8_t *qemu_shim_file_output_data(QEMUFile *f, size_t *len);
/* Shim: bytes of the input not read yet (0 for an output file). */
size_t qemu_shim_file_input_remaining(QEMUFile *f);

/* Frees the file; returns its error (0 or a negative errno). */
int qemu_fclose(QEMUFile *f);

/*
 * Look ahead without consuming. Past the end of the input they find nothing
 * (0, or a short count) and, unlike reads, do not set an error.
 */
int qemu_peek_byte(QEMUFile *f, int offset);
size_t qemu_peek_buffer(QEMUFile *f, uint8_t **buf, size_t size,
                        size_t offset);
void qemu_file_skip(QEMUFile *f, int size);

/* Bytes consumed (input) or produced (output) so far. */
int64_t qemu_file_total_transferred(QEMUFile *f);

G_END_DECLS

#endif /* MIGRATION_QEMU_FILE_H */
