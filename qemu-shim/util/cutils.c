/*
 * String helpers of qemu/cutils.h: bounded copies and the qemu_strto*
 * parsers, with QEMU 7.2's return conventions (see the header). The
 * parsers wrap the C library's strto* functions and only add the checks.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"

void pstrcpy(char *buf, int buf_size, const char *str)
{
    if (buf_size <= 0) {
        return;
    }
    g_strlcpy(buf, str, buf_size);
}

char *pstrcat(char *buf, int buf_size, const char *s)
{
    int len;

    if (buf_size <= 0) {
        return buf;
    }
    len = (int)strnlen(buf, buf_size);
    if (len < buf_size) {
        pstrcpy(buf + len, buf_size - len, s);
    }
    return buf;
}

int strstart(const char *str, const char *val, const char **ptr)
{
    size_t len = strlen(val);

    if (strncmp(str, val, len) != 0) {
        return 0;
    }
    if (ptr) {
        *ptr = str + len;
    }
    return 1;
}

/*
 * The checks before a parse: a string to parse and a base strtol()
 * knows. QEMU asserts on a bad base; the shim reports it as -EINVAL.
 */
static bool strtox_begin(const char *nptr, const char **endptr, int base)
{
    if (!nptr || base == 1 || base < 0 || base > 36) {
        if (endptr) {
            *endptr = nptr;
        }
        return false;
    }
    errno = 0;
    return true;
}

/* The checks after a parse that stopped at @ep with the C library's @err. */
static int strtox_end(const char *nptr, const char *ep, const char **endptr,
                      int err)
{
    if (endptr) {
        *endptr = ep;
    }
    if (ep == nptr) {
        return -EINVAL;             /* no digits at all */
    }
    if (!endptr && *ep) {
        return -EINVAL;             /* the caller wanted the whole string */
    }
    return -err;
}

int qemu_strtoi(const char *nptr, const char **endptr, int base,
                int *result)
{
    char *ep;
    long long val;
    int err;

    if (!strtox_begin(nptr, endptr, base)) {
        return -EINVAL;
    }
    val = strtoll(nptr, &ep, base);
    err = errno;
    if (val < INT_MIN) {
        *result = INT_MIN;
        err = ERANGE;
    } else if (val > INT_MAX) {
        *result = INT_MAX;
        err = ERANGE;
    } else {
        *result = (int)val;
    }
    return strtox_end(nptr, ep, endptr, err);
}

int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result)
{
    char *ep;
    long long val;
    int err;

    if (!strtox_begin(nptr, endptr, base)) {
        return -EINVAL;
    }
    /*
     * Parsed as unsigned and looked at as signed, as QEMU does: "-1" wraps
     * to UINT_MAX, but nothing below INT_MIN or above UINT_MAX fits.
     */
    val = (long long)strtoull(nptr, &ep, base);
    err = errno;
    if (err == ERANGE || val > (long long)UINT_MAX || val < INT_MIN) {
        *result = UINT_MAX;
        err = ERANGE;
    } else {
        *result = (unsigned int)val;
    }
    return strtox_end(nptr, ep, endptr, err);
}

int qemu_strtol(const char *nptr, const char **endptr, int base,
                long *result)
{
    char *ep;

    if (!strtox_begin(nptr, endptr, base)) {
        return -EINVAL;
    }
    *result = strtol(nptr, &ep, base);
    return strtox_end(nptr, ep, endptr, errno);
}

int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result)
{
    char *ep;

    if (!strtox_begin(nptr, endptr, base)) {
        return -EINVAL;
    }
    *result = strtoul(nptr, &ep, base);
    if (errno == ERANGE) {
        *result = ULONG_MAX;
    }
    return strtox_end(nptr, ep, endptr, errno);
}

int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result)
{
    char *ep;

    QEMU_BUILD_BUG_ON(sizeof(int64_t) != sizeof(long long));
    if (!strtox_begin(nptr, endptr, base)) {
        return -EINVAL;
    }
    *result = strtoll(nptr, &ep, base);
    return strtox_end(nptr, ep, endptr, errno);
}

int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result)
{
    char *ep;

    QEMU_BUILD_BUG_ON(sizeof(uint64_t) != sizeof(unsigned long long));
    if (!strtox_begin(nptr, endptr, base)) {
        return -EINVAL;
    }
    *result = strtoull(nptr, &ep, base);
    if (errno == ERANGE) {
        *result = UINT64_MAX;
    }
    return strtox_end(nptr, ep, endptr, errno);
}

/* The multiplier of size suffix @c (B, K, M, ... E), or 0 for none. */
static uint64_t size_suffix_mul(char c, uint64_t unit)
{
    static const char suffixes[] = "bkmgtpe";
    const char *p;
    uint64_t mul = 1;

    if (c == '\0') {
        return 0;
    }
    p = strchr(suffixes, g_ascii_tolower(c));
    if (!p) {
        return 0;
    }
    for (; p > suffixes; p--) {
        mul *= unit;
    }
    return mul;
}

/*
 * The fraction after a '.' as a 0.64 fixed-point number; digits after the
 * 19th cannot change it by more than 2^-64 * 10 and are skipped. *@fp is
 * left after the digits.
 */
static uint64_t parse_size_fraction(const char **fp)
{
    const char *f = *fp;
    uint64_t num = 0, den = 1;

    while (g_ascii_isdigit(*f)) {
        if (den <= UINT64_MAX / 10) {
            num = num * 10 + (uint64_t)(*f - '0');
            den *= 10;
        }
        f++;
    }
    *fp = f;
    return (uint64_t)(((unsigned __int128)num << 64) / den);
}

static int do_strtosz(const char *nptr, const char **end,
                      char default_suffix, uint64_t unit, uint64_t *result)
{
    const char *endptr;
    uint64_t val, valf = 0, mul;
    int ret;

    if (!nptr) {
        if (end) {
            *end = NULL;
        }
        return -EINVAL;
    }
    ret = qemu_strtou64(nptr, &endptr, 10, &val);
    if (ret) {
        goto out;
    }
    if (memchr(nptr, '-', endptr - nptr)) {
        endptr = nptr;
        ret = -EINVAL;
        goto out;
    }
    if (val == 0 && (*endptr == 'x' || *endptr == 'X')) {
        ret = -EINVAL;              /* looks like hexadecimal */
        goto out;
    }
    if (*endptr == '.') {
        const char *digits = ++endptr;

        valf = parse_size_fraction(&endptr);
        /* strtod would have taken "1.5e3" as 1500: refuse exponents */
        if (endptr > digits && (*endptr == 'e' || *endptr == 'E') &&
            (g_ascii_isdigit(endptr[1]) ||
             ((endptr[1] == '+' || endptr[1] == '-') &&
              g_ascii_isdigit(endptr[2])))) {
            endptr = nptr;
            ret = -EINVAL;
            goto out;
        }
    }

    mul = size_suffix_mul(*endptr, unit);
    if (mul) {
        endptr++;
    } else {
        mul = size_suffix_mul(default_suffix, unit);
    }
    if (mul == 1) {
        /* A fraction of a byte: only a zero fraction makes sense. */
        if (valf) {
            endptr = nptr;
            ret = -EINVAL;
            goto out;
        }
    } else {
        unsigned __int128 frac = (unsigned __int128)valf * mul;
        unsigned __int128 total = (unsigned __int128)val * mul;

        /* The fraction's share, rounded half up. */
        total += (frac >> 64) + ((frac >> 63) & 1);
        if (total > UINT64_MAX) {
            ret = -ERANGE;
            goto out;
        }
        val = (uint64_t)total;
    }
    ret = 0;

out:
    if (end) {
        *end = endptr;
    } else if (*endptr) {
        ret = -EINVAL;
    }
    if (ret == 0) {
        *result = val;
    }
    return ret;
}

int qemu_strtosz(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 'B', 1024, result);
}

int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 'M', 1024, result);
}

int qemu_strtosz_metric(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 'B', 1000, result);
}
