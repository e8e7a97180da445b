/*
 * qemu/units.h - binary size units, as in QEMU 7.2. KiB .. EiB are int64_t
 * expressions; the S_* forms are plain integer literals for #if and other
 * places that need a preprocessor constant.
 */
#ifndef QEMU_UNITS_H
#define QEMU_UNITS_H

#include "qemu/osdep.h"

#define KiB     (INT64_C(1) << 10)
#define MiB     (INT64_C(1) << 20)
#define GiB     (INT64_C(1) << 30)
#define TiB     (INT64_C(1) << 40)
#define PiB     (INT64_C(1) << 50)
#define EiB     (INT64_C(1) << 60)

#define S_1KiB  1024
#define S_2KiB  2048
#define S_4KiB  4096
#define S_8KiB  8192
#define S_16KiB 16384
#define S_32KiB 32768
#define S_64KiB 65536
#define S_128KiB 131072
#define S_256KiB 262144
#define S_512KiB 524288
#define S_1MiB  1048576
#define S_2MiB  2097152
#define S_4MiB  4194304
#define S_8MiB  8388608
#define S_16MiB 16777216
#define S_32MiB 33554432
#define S_64MiB 67108864
#define S_128MiB 134217728
#define S_256MiB 268435456
#define S_512MiB 536870912
#define S_1GiB  1073741824
#define S_2GiB  2147483648
#define S_4GiB  4294967296

#endif /* QEMU_UNITS_H */
