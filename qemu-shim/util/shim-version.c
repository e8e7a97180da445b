/* The shim's version string, reported by the harness's -version. */
#include "qemu/osdep.h"

const char qemu_shim_version[] = "7.2.0 (qemu-shim)";
