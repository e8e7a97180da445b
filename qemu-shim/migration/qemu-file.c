/*
 * A memory-backed QEMUFile. QEMU streams migration through I/O channels;
 * the shim's host saves into a growing buffer and loads from a complete one,
 * which lets every read be bounds-checked against the data actually there.
 */
#include "qemu/osdep.h"
#include "migration/qemu-file.h"

struct QEMUFile {
    bool writable;
    GByteArray *out;        /* output: the bytes put so far */
    uint8_t *in;            /* input: a private copy of the data */
    size_t in_len;
    size_t pos;             /* input: next byte to read */
    int last_error;
};

QEMUFile *qemu_shim_file_new_output(void)
{
    QEMUFile *f = g_new0(QEMUFile, 1);

    f->writable = true;
    f->out = g_byte_array_new();
    return f;
}

QEMUFile *qemu_shim_file_new_input(const uint8_t *data, size_t len)
{
    QEMUFile *f = g_new0(QEMUFile, 1);

    if (len) {
        f->in = (uint8_t *)g_malloc(len);
        memcpy(f->in, data, len);
    }
    f->in_len = len;
    return f;
}

const uint8_t *qemu_shim_file_output_data(QEMUFile *f, size_t *len)
{
    if (!f->writable) {
        *len = 0;
        return NULL;
    }
    *len = f->out->len;
    return f->out->data;
}

size_t qemu_shim_file_input_remaining(QEMUFile *f)
{
    return f->writable ? 0 : f->in_len - f->pos;
}

int qemu_fclose(QEMUFile *f)
{
    int ret = f->last_error;

    if (f->out) {
        g_byte_array_free(f->out, TRUE);
    }
    g_free(f->in);
    g_free(f);
    return ret;
}

int qemu_file_get_error(QEMUFile *f)
{
    return f->last_error;
}

/* The first error sticks, as in QEMU: later ones would only hide the cause. */
void qemu_file_set_error(QEMUFile *f, int ret)
{
    if (f->last_error == 0 && ret < 0) {
        f->last_error = ret;
    }
}

int64_t qemu_file_total_transferred(QEMUFile *f)
{
    return f->writable ? (int64_t)f->out->len : (int64_t)f->pos;
}

/* Writing: once the file has an error, puts are dropped. */

static bool can_put(QEMUFile *f)
{
    if (!f->writable) {
        qemu_file_set_error(f, -EINVAL);
    }
    return f->writable && f->last_error == 0;
}

void qemu_put_buffer(QEMUFile *f, const uint8_t *buf, size_t size)
{
    if (can_put(f) && size) {
        g_byte_array_append(f->out, buf, (guint)size);
    }
}

void qemu_put_byte(QEMUFile *f, int v)
{
    uint8_t b = (uint8_t)v;

    qemu_put_buffer(f, &b, 1);
}

void qemu_put_be16(QEMUFile *f, unsigned int v)
{
    uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

    qemu_put_buffer(f, b, sizeof(b));
}

void qemu_put_be32(QEMUFile *f, unsigned int v)
{
    uint8_t b[4] = {
        (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v,
    };

    qemu_put_buffer(f, b, sizeof(b));
}

void qemu_put_be64(QEMUFile *f, uint64_t v)
{
    qemu_put_be32(f, (unsigned int)(v >> 32));
    qemu_put_be32(f, (unsigned int)v);
}

void qemu_put_counted_string(QEMUFile *f, const char *str)
{
    size_t len = strlen(str);

    if (len > 255) {
        qemu_file_set_error(f, -EINVAL);
        return;
    }
    qemu_put_byte(f, (int)len);
    qemu_put_buffer(f, (const uint8_t *)str, len);
}

/*
 * Reading: never past in_len. A short read zero-fills what is missing and
 * sets -EIO, so callers may read on and check the error once.
 */

size_t qemu_get_buffer(QEMUFile *f, uint8_t *buf, size_t size)
{
    size_t avail = qemu_shim_file_input_remaining(f);
    size_t n = MIN(size, avail);

    if (f->writable) {
        qemu_file_set_error(f, -EINVAL);
    }
    if (n) {
        memcpy(buf, f->in + f->pos, n);
        f->pos += n;
    }
    if (n < size) {
        memset(buf + n, 0, size - n);
        qemu_file_set_error(f, -EIO);
    }
    return n;
}

int qemu_get_byte(QEMUFile *f)
{
    uint8_t b;

    qemu_get_buffer(f, &b, 1);
    return b;
}

unsigned int qemu_get_be16(QEMUFile *f)
{
    uint8_t b[2];

    qemu_get_buffer(f, b, sizeof(b));
    return (unsigned int)b[0] << 8 | b[1];
}

unsigned int qemu_get_be32(QEMUFile *f)
{
    uint8_t b[4];

    qemu_get_buffer(f, b, sizeof(b));
    return (unsigned int)b[0] << 24 | (unsigned int)b[1] << 16 |
           (unsigned int)b[2] << 8 | b[3];
}

uint64_t qemu_get_be64(QEMUFile *f)
{
    uint64_t hi = qemu_get_be32(f);

    return hi << 32 | qemu_get_be32(f);
}

size_t qemu_get_counted_string(QEMUFile *f, char buf[256])
{
    size_t len = (size_t)qemu_get_byte(f);
    size_t got = qemu_get_buffer(f, (uint8_t *)buf, len);

    buf[got] = 0;
    return got == len ? len : 0;
}

/* Looking ahead: past the end there is nothing, but that is not an error. */

int qemu_peek_byte(QEMUFile *f, int offset)
{
    if (offset < 0 || (size_t)offset >= qemu_shim_file_input_remaining(f)) {
        return 0;
    }
    return f->in[f->pos + (size_t)offset];
}

size_t qemu_peek_buffer(QEMUFile *f, uint8_t **buf, size_t size,
                        size_t offset)
{
    size_t avail = qemu_shim_file_input_remaining(f);

    if (offset >= avail) {
        *buf = NULL;
        return 0;
    }
    *buf = f->in + f->pos + offset;
    return MIN(size, avail - offset);
}

void qemu_file_skip(QEMUFile *f, int size)
{
    size_t avail = qemu_shim_file_input_remaining(f);

    if (size < 0 || (size_t)size > avail) {
        f->pos += avail;
        qemu_file_set_error(f, -EIO);
        return;
    }
    f->pos += (size_t)size;
}
