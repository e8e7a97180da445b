/*
 * qemu/compiler.h - compiler helpers QEMU 7.2 device code relies on.
 */
#ifndef QEMU_COMPILER_H
#define QEMU_COMPILER_H

#define QEMU_NORETURN __attribute__((__noreturn__))
#define QEMU_PACKED __attribute__((packed))
#define QEMU_ALIGNED(X) __attribute__((aligned(X)))
#define QEMU_SENTINEL __attribute__((sentinel))
#define QEMU_UNUSED __attribute__((unused))

#ifndef likely
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif

#define stringify(s) tostring(s)
#define tostring(s) #s

#define glue(x, y) xglue(x, y)
#define xglue(x, y) x ## y

/*
 * container_of: from a pointer to a member back to the enclosing struct.
 * Uses __typeof__ (not GNU typeof) so that it also parses as C++.
 */
#ifndef container_of
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define typeof_field(type, field) __typeof__(((type *)0)->field)
#define sizeof_field(type, field) sizeof(((type *)0)->field)
#define type_check(t1, t2) ((t1 *)0 - (t2 *)0)

#ifdef __cplusplus
#define QEMU_BUILD_BUG_MSG(x, msg) static_assert(!(x), msg)
#else
#define QEMU_BUILD_BUG_MSG(x, msg) _Static_assert(!(x), msg)
#endif
#define QEMU_BUILD_BUG_ON(x) QEMU_BUILD_BUG_MSG(x, "not expecting: " #x)
#define QEMU_BUILD_BUG_ON_ZERO(x) (sizeof(int[(x) ? -1 : 1]) - sizeof(int))

#define QEMU_FALLTHROUGH __attribute__((fallthrough))

#endif /* QEMU_COMPILER_H */
