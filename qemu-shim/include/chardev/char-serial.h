/*
 * chardev/char-serial.h - the serial-line ioctls a UART front end passes
 * to qemu_chr_fe_ioctl() (QEMU 7.2 names and values).
 */
#ifndef QEMU_CHAR_SERIAL_H
#define QEMU_CHAR_SERIAL_H

#include "qemu/osdep.h"
#include "chardev/char.h"

G_BEGIN_DECLS

#define CHR_IOCTL_SERIAL_SET_PARAMS   1
typedef struct {
    int speed;
    int parity;
    int data_bits;
    int stop_bits;
} QEMUSerialSetParams;

#define CHR_IOCTL_SERIAL_SET_BREAK    2

#define CHR_IOCTL_SERIAL_SET_TIOCM   13
#define CHR_IOCTL_SERIAL_GET_TIOCM   14

#define CHR_TIOCM_CTS   0x020
#define CHR_TIOCM_CAR   0x040
#define CHR_TIOCM_DSR   0x100
#define CHR_TIOCM_RI    0x080
#define CHR_TIOCM_DTR   0x002
#define CHR_TIOCM_RTS   0x004

G_END_DECLS

#endif /* QEMU_CHAR_SERIAL_H */
