/*
 * qemu/cutils.h - string helpers of QEMU 7.2 that device code uses: bounded
 * copies and the qemu_strto* number parsers.
 *
 * The parsers share QEMU's conventions. They return 0 on success or a
 * negative errno: -EINVAL when there is no number (or @nptr is NULL), or
 * when @endptr is NULL and characters follow the number; -ERANGE when the
 * number does not fit, with *result clamped to the nearest representable
 * value. When @endptr is given, it is set to the first unparsed character
 * and trailing text is not an error. Leading white space is skipped and
 * @base is as for strtol() (0 accepts 0x and 0 prefixes). The unsigned
 * parsers accept a leading '-' and wrap, as strtoul() does ("-1" gives the
 * maximum value).
 */
#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

#include "qemu/osdep.h"

G_BEGIN_DECLS

/* Copies @str into @buf, truncating to fit; @buf is always terminated. */
void pstrcpy(char *buf, int buf_size, const char *str);
/* Appends @s to the string in @buf, truncating to fit; returns @buf. */
char *pstrcat(char *buf, int buf_size, const char *s);
/*
 * If @str starts with @val, returns 1 and sets *@ptr (when non-NULL) to the
 * rest of @str; otherwise returns 0.
 */
int strstart(const char *str, const char *val, const char **ptr);

int qemu_strtoi(const char *nptr, const char **endptr, int base,
                int *result);
int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result);
int qemu_strtol(const char *nptr, const char **endptr, int base,
                long *result);
int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result);
int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result);
int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result);

/*
 * Sizes: a decimal number with an optional fraction and an optional suffix
 * B, K, M, G, T, P or E (either case), each 1024 times the previous one
 * ("1.5k" is 1536). A fraction needs a suffix other than B; hexadecimal,
 * negative numbers and exponents are refused with -EINVAL, results above
 * UINT64_MAX with -ERANGE. *result is written only on success.
 * qemu_strtosz_MiB() takes a number without suffix as MiB;
 * qemu_strtosz_metric() uses powers of 1000.
 */
int qemu_strtosz(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_metric(const char *nptr, const char **end, uint64_t *result);

G_END_DECLS

#endif /* QEMU_CUTILS_H */
