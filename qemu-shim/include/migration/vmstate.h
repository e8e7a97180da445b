/*
 * migration/vmstate.h - declarative device state for migration (QEMU 7.2 API).
 *
 * A VMStateDescription lists a device's fields; vmstate_save_state() and
 * vmstate_load_state() turn it into QEMU's wire format and back, byte for
 * byte as QEMU 7.2 does, so that a stream written here loads in QEMU.
 */
#ifndef QEMU_VMSTATE_H
#define QEMU_VMSTATE_H

#include "qemu/osdep.h"
#include "migration/qemu-file-types.h"

G_BEGIN_DECLS

typedef struct VMStateInfo VMStateInfo;
typedef struct VMStateField VMStateField;
/* QEMU's migration description writer; the shim writes none (pass NULL). */
typedef struct JSONWriter JSONWriter;
/* The QOM interface "vmstate-if" whose get_id names a device's section. */
typedef struct VMStateIf VMStateIf;

/* How one field's bytes are read and written. */
struct VMStateInfo {
    const char *name;
    int (*get)(QEMUFile *f, void *pv, size_t size, const VMStateField *field);
    int (*put)(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
               JSONWriter *vmdesc);
};

enum VMStateFlags {
    /* Ignored: a single value. */
    VMS_SINGLE           = 0x001,
    /* The member at offset is a pointer to the data; dereference it first. */
    VMS_POINTER          = 0x002,
    /* A fixed array of .num elements of .size bytes. */
    VMS_ARRAY            = 0x004,
    /* Each element is a struct described by .vmsd. */
    VMS_STRUCT           = 0x008,
    /* A variable array: the element count is the int32_t at num_offset. */
    VMS_VARRAY_INT32     = 0x010,
    /* Ignored: a raw byte buffer. */
    VMS_BUFFER           = 0x020,
    /* The array holds pointers to the elements. */
    VMS_ARRAY_OF_POINTER = 0x040,
    /* Count is the uint16_t at num_offset. */
    VMS_VARRAY_UINT16    = 0x080,
    /* Element size is the int32_t at size_offset. */
    VMS_VBUFFER          = 0x100,
    /* With VMS_VBUFFER: multiply that size by .size. */
    VMS_MULTIPLY         = 0x200,
    /* Count is the uint8_t at num_offset. */
    VMS_VARRAY_UINT8     = 0x400,
    /* Count is the uint32_t at num_offset. */
    VMS_VARRAY_UINT32    = 0x800,
    /* Fail the load (or abort the save) when field_exists says no. */
    VMS_MUST_EXIST       = 0x1000,
    /* With VMS_POINTER: allocate the data (g_malloc) while loading. */
    VMS_ALLOC            = 0x2000,
    /* Multiply the element count by .num. */
    VMS_MULTIPLY_ELEMENTS = 0x4000,
    /* Like VMS_STRUCT, with the struct's version in struct_version_id. */
    VMS_VSTRUCT          = 0x8000,
};

typedef enum {
    MIG_PRI_DEFAULT = 0,
    MIG_PRI_IOMMU,              /* Must happen before PCI devices */
    MIG_PRI_PCI_BUS,            /* Must happen before IOMMU */
    MIG_PRI_VIRTIO_MEM,         /* Must happen before IOMMU */
    MIG_PRI_GICV3_ITS,          /* Must happen before PCI devices */
    MIG_PRI_GICV3,              /* Must happen before the ITS */
    MIG_PRI_MAX,
} MigrationPriority;

/*
 * Shim bound on variable arrays: for any VMS_VARRAY_* field a non-zero .num
 * is the capacity of the array, and a count beyond it is rejected on load
 * and on save. QEMU leaves .num unused there; the shim's macros fill it in.
 */
struct VMStateField {
    const char *name;
    const char *err_hint;
    size_t offset;
    size_t size;
    size_t start;
    int num;
    size_t num_offset;
    size_t size_offset;
    const VMStateInfo *info;
    enum VMStateFlags flags;
    const VMStateDescription *vmsd;
    int version_id;
    int struct_version_id;
    bool (*field_exists)(void *opaque, int version_id);
};

/*
 * .fields and .subsections are const-qualified one level more than in
 * QEMU 7.2 so that C++ can build them as constant tables; QEMU 7.2 device
 * code that assigns (VMStateField[]) {...} still compiles unchanged.
 */
struct VMStateDescription {
    const char *name;
    int unmigratable;
    int version_id;
    int minimum_version_id;
    MigrationPriority priority;
    int (*pre_load)(void *opaque);
    int (*post_load)(void *opaque, int version_id);
    int (*pre_save)(void *opaque);
    int (*post_save)(void *opaque);
    bool (*needed)(void *opaque);
    bool (*dev_unplug_pending)(void *opaque);

    const VMStateField *fields;
    const VMStateDescription * const *subsections;
};

extern const VMStateInfo vmstate_info_bool;

extern const VMStateInfo vmstate_info_int8;
extern const VMStateInfo vmstate_info_int16;
extern const VMStateInfo vmstate_info_int32;
extern const VMStateInfo vmstate_info_int64;

extern const VMStateInfo vmstate_info_uint8_equal;
extern const VMStateInfo vmstate_info_uint16_equal;
extern const VMStateInfo vmstate_info_int32_equal;
extern const VMStateInfo vmstate_info_uint32_equal;
extern const VMStateInfo vmstate_info_uint64_equal;
extern const VMStateInfo vmstate_info_int32_le;

extern const VMStateInfo vmstate_info_uint8;
extern const VMStateInfo vmstate_info_uint16;
extern const VMStateInfo vmstate_info_uint32;
extern const VMStateInfo vmstate_info_uint64;

/* Written in place of a NULL element of a VMS_ARRAY_OF_POINTER array. */
#define VMS_NULLPTR_MARKER (0x30U) /* '0' */
extern const VMStateInfo vmstate_info_nullptr;

extern const VMStateInfo vmstate_info_timer;
extern const VMStateInfo vmstate_info_buffer;
extern const VMStateInfo vmstate_info_unused_buffer;

/*
 * Compile-time type checks, as in QEMU: the pointer difference is 0 when the
 * types agree and ill-formed otherwise, in C and in C++ alike.
 */
#define type_check_2darray(t1, t2, n, m) ((t1(*)[n][m])0 - (t2 *)0)
#define type_check_array(t1, t2, n) ((t1(*)[n])0 - (t2 *)0)
#define type_check_pointer(t1, t2) ((t1 **)0 - (t2 *)0)

#define vmstate_offset_value(_state, _field, _type)                 \
    (offsetof(_state, _field) +                                     \
     type_check(_type, typeof_field(_state, _field)))

#define vmstate_offset_pointer(_state, _field, _type)               \
    (offsetof(_state, _field) +                                     \
     type_check_pointer(_type, typeof_field(_state, _field)))

#define vmstate_offset_array(_state, _field, _type, _num)           \
    (offsetof(_state, _field) +                                     \
     type_check_array(_type, typeof_field(_state, _field), _num))

#define vmstate_offset_2darray(_state, _field, _type, _n1, _n2)     \
    (offsetof(_state, _field) +                                     \
     type_check_2darray(_type, typeof_field(_state, _field), _n1, _n2))

#define vmstate_offset_sub_array(_state, _field, _type, _start)     \
    vmstate_offset_value(_state, _field[_start], _type)

#define vmstate_offset_buffer(_state, _field)                       \
    vmstate_offset_array(_state, _field, uint8_t,                   \
                         sizeof(typeof_field(_state, _field)))

/* Number of elements of an array member, for the shim's VARRAY bound. */
#define QEMU_SHIM_VMSTATE_ARRAY_LEN(_state, _field)                 \
    ((int)(sizeof_field(_state, _field) /                           \
           sizeof_field(_state, _field[0])))

/*
 * The field macros. Initialisers are in declaration order so that they are
 * also valid C++20; the (VMStateField[]) {...} compound literal QEMU devices
 * wrap them in is C only (C++ devices use the bindings' tables instead),
 * and g++ -Wextra warns about the members they leave out.
 */
#define VMSTATE_SINGLE_TEST(_field, _state, _test, _version, _info, _type) { \
    .name         = (stringify(_field)),                                \
    .offset       = vmstate_offset_value(_state, _field, _type),       \
    .size         = sizeof(_type),                                      \
    .info         = &(_info),                                           \
    .flags        = VMS_SINGLE,                                         \
    .version_id   = (_version),                                         \
    .field_exists = (_test),                                            \
}

#define VMSTATE_POINTER(_field, _state, _version, _info, _type) {       \
    .name       = (stringify(_field)),                                  \
    .offset     = vmstate_offset_value(_state, _field, _type),         \
    .size       = sizeof(_type),                                        \
    .info       = &(_info),                                             \
    .flags      = (enum VMStateFlags)(VMS_SINGLE | VMS_POINTER),        \
    .version_id = (_version),                                           \
}

#define VMSTATE_POINTER_TEST(_field, _state, _test, _info, _type) {     \
    .name         = (stringify(_field)),                                \
    .offset       = vmstate_offset_value(_state, _field, _type),       \
    .size         = sizeof(_type),                                      \
    .info         = &(_info),                                           \
    .flags        = (enum VMStateFlags)(VMS_SINGLE | VMS_POINTER),      \
    .field_exists = (_test),                                            \
}

#define VMSTATE_ARRAY(_field, _state, _num, _version, _info, _type) {   \
    .name       = (stringify(_field)),                                  \
    .offset     = vmstate_offset_array(_state, _field, _type, _num),   \
    .size       = sizeof(_type),                                        \
    .num        = (_num),                                               \
    .info       = &(_info),                                             \
    .flags      = VMS_ARRAY,                                            \
    .version_id = (_version),                                           \
}

#define VMSTATE_ARRAY_TEST(_field, _state, _num, _test, _info, _type) { \
    .name         = (stringify(_field)),                                \
    .offset       = vmstate_offset_array(_state, _field, _type, _num), \
    .size         = sizeof(_type),                                      \
    .num          = (_num),                                             \
    .info         = &(_info),                                           \
    .flags        = VMS_ARRAY,                                          \
    .field_exists = (_test),                                            \
}

#define VMSTATE_ARRAY_OF_POINTER(_field, _state, _num, _version, _info,  \
                                 _type) {                               \
    .name       = (stringify(_field)),                                  \
    .offset     = vmstate_offset_array(_state, _field, _type, _num),   \
    .size       = sizeof(_type),                                        \
    .num        = (_num),                                               \
    .info       = &(_info),                                             \
    .flags      = (enum VMStateFlags)(VMS_ARRAY | VMS_ARRAY_OF_POINTER), \
    .version_id = (_version),                                           \
}

/* An array of pointers to structs, each saved as @_vmsd (NULL: a marker). */
#define VMSTATE_ARRAY_OF_POINTER_TO_STRUCT(_field, _state, _num, _version, \
                                           _vmsd, _type) {              \
    .name       = (stringify(_field)),                                  \
    .version_id = (_version),                                           \
    .num        = (_num),                                               \
    .vmsd       = &(_vmsd),                                             \
    .size       = sizeof(_type *),                                      \
    .flags      = (enum VMStateFlags)(VMS_ARRAY | VMS_STRUCT |          \
                                      VMS_ARRAY_OF_POINTER),            \
    .offset     = vmstate_offset_array(_state, _field, _type *, _num),  \
}

/*
 * A variable array behind a pointer, allocated while loading. The count
 * comes from the stream; the loader refuses counts that the rest of the
 * input cannot hold, so a corrupt count cannot cause a huge allocation.
 * As in QEMU, every load allocates afresh (g_malloc): a device that owns
 * the old buffer frees it in pre_load. Pointer-based VARRAY and VBUFFER
 * fields without VMS_ALLOC have no known capacity, and the shim refuses
 * to load them.
 */
#define VMSTATE_VARRAY_ALLOC_(_field, _state, _field_num, _numtype, _flag, \
                              _version, _info, _type) {                 \
    .name       = (stringify(_field)),                                  \
    .offset     = vmstate_offset_pointer(_state, _field, _type),        \
    .size       = sizeof(_type),                                        \
    .num_offset = vmstate_offset_value(_state, _field_num, _numtype),   \
    .info       = &(_info),                                             \
    .flags      = (enum VMStateFlags)((_flag) | VMS_POINTER | VMS_ALLOC), \
    .version_id = (_version),                                           \
}

#define VMSTATE_VARRAY_UINT32_ALLOC(_field, _state, _field_num, _version, \
                                    _info, _type)                       \
    VMSTATE_VARRAY_ALLOC_(_field, _state, _field_num, uint32_t,         \
                          VMS_VARRAY_UINT32, _version, _info, _type)

#define VMSTATE_VARRAY_INT32_ALLOC(_field, _state, _field_num, _version, \
                                   _info, _type)                        \
    VMSTATE_VARRAY_ALLOC_(_field, _state, _field_num, int32_t,          \
                          VMS_VARRAY_INT32, _version, _info, _type)

#define VMSTATE_STRUCT_TEST(_field, _state, _test, _version, _vmsd, _type) { \
    .name         = (stringify(_field)),                                \
    .offset       = vmstate_offset_value(_state, _field, _type),       \
    .size         = sizeof(_type),                                      \
    .flags        = VMS_STRUCT,                                         \
    .vmsd         = &(_vmsd),                                           \
    .version_id   = (_version),                                         \
    .field_exists = (_test),                                            \
}

#define VMSTATE_VSTRUCT_TEST(_field, _state, _test, _version, _vmsd, _type, \
                             _struct_version) {                         \
    .name              = (stringify(_field)),                           \
    .offset            = vmstate_offset_value(_state, _field, _type),  \
    .size              = sizeof(_type),                                 \
    .flags             = VMS_VSTRUCT,                                   \
    .vmsd              = &(_vmsd),                                      \
    .version_id        = (_version),                                    \
    .struct_version_id = (_struct_version),                             \
    .field_exists      = (_test),                                       \
}

#define VMSTATE_STRUCT_POINTER_V(_field, _state, _version, _vmsd, _type) { \
    .name       = (stringify(_field)),                                  \
    .offset     = vmstate_offset_pointer(_state, _field, _type),        \
    .size       = sizeof(_type *),  /* as QEMU; _type may be opaque */  \
    .flags      = (enum VMStateFlags)(VMS_STRUCT | VMS_POINTER),        \
    .vmsd       = &(_vmsd),                                             \
    .version_id = (_version),                                           \
}

#define VMSTATE_STRUCT_ARRAY_TEST(_field, _state, _num, _test, _version, \
                                  _vmsd, _type) {                       \
    .name         = (stringify(_field)),                                \
    .offset       = vmstate_offset_array(_state, _field, _type, _num), \
    .size         = sizeof(_type),                                      \
    .num          = (_num),                                             \
    .flags        = (enum VMStateFlags)(VMS_STRUCT | VMS_ARRAY),        \
    .vmsd         = &(_vmsd),                                           \
    .version_id   = (_version),                                         \
    .field_exists = (_test),                                            \
}

#define VMSTATE_STRUCT_ARRAY(_field, _state, _num, _version, _vmsd, _type) \
    VMSTATE_STRUCT_ARRAY_TEST(_field, _state, _num, NULL, _version,     \
                              _vmsd, _type)

#define VMSTATE_STRUCT_VARRAY_UINT8(_field, _state, _field_num, _version, \
                                    _vmsd, _type) {                     \
    .name       = (stringify(_field)),                                  \
    .offset     = vmstate_offset_array(_state, _field, _type,           \
                      QEMU_SHIM_VMSTATE_ARRAY_LEN(_state, _field)),     \
    .size       = sizeof(_type),                                        \
    .num        = QEMU_SHIM_VMSTATE_ARRAY_LEN(_state, _field),          \
    .num_offset = vmstate_offset_value(_state, _field_num, uint8_t),    \
    .flags      = (enum VMStateFlags)(VMS_STRUCT | VMS_VARRAY_UINT8),   \
    .vmsd       = &(_vmsd),                                             \
    .version_id = (_version),                                           \
}

#define VMSTATE_STRUCT_VARRAY_INT32(_field, _state, _field_num, _version, \
                                    _vmsd, _type) {                     \
    .name       = (stringify(_field)),                                  \
    .offset     = vmstate_offset_array(_state, _field, _type,           \
                      QEMU_SHIM_VMSTATE_ARRAY_LEN(_state, _field)),     \
    .size       = sizeof(_type),                                        \
    .num        = QEMU_SHIM_VMSTATE_ARRAY_LEN(_state, _field),          \
    .num_offset = vmstate_offset_value(_state, _field_num, int32_t),    \
    .flags      = (enum VMStateFlags)(VMS_STRUCT | VMS_VARRAY_INT32),   \
    .vmsd       = &(_vmsd),                                             \
    .version_id = (_version),                                           \
}

#define VMSTATE_STRUCT_VARRAY_UINT32(_field, _state, _field_num, _version, \
                                     _vmsd, _type) {                    \
    .name       = (stringify(_field)),                                  \
    .offset     = vmstate_offset_array(_state, _field, _type,           \
                      QEMU_SHIM_VMSTATE_ARRAY_LEN(_state, _field)),     \
    .size       = sizeof(_type),                                        \
    .num        = QEMU_SHIM_VMSTATE_ARRAY_LEN(_state, _field),          \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),   \
    .flags      = (enum VMStateFlags)(VMS_STRUCT | VMS_VARRAY_UINT32),  \
    .vmsd       = &(_vmsd),                                             \
    .version_id = (_version),                                           \
}

#define VMSTATE_STATIC_BUFFER(_field, _state, _version, _test, _start,   \
                              _size) {                                  \
    .name         = (stringify(_field)),                                \
    .offset       = vmstate_offset_buffer(_state, _field) + (_start),   \
    .size         = (_size) - (_start),                                 \
    .start        = (_start),                                           \
    .info         = &vmstate_info_buffer,                               \
    .flags        = VMS_BUFFER,                                         \
    .version_id   = (_version),                                         \
    .field_exists = (_test),                                            \
}

/* A buffer behind a pointer whose byte count is a uint32_t member. */
#define VMSTATE_VBUFFER_ALLOC_UINT32(_field, _state, _version, _test,    \
                                     _field_size) {                     \
    .name         = (stringify(_field)),                                \
    .offset       = offsetof(_state, _field),                           \
    .size_offset  = vmstate_offset_value(_state, _field_size, uint32_t), \
    .info         = &vmstate_info_buffer,                               \
    .flags        = (enum VMStateFlags)(VMS_VBUFFER | VMS_POINTER |     \
                                        VMS_ALLOC),                     \
    .version_id   = (_version),                                         \
    .field_exists = (_test),                                            \
}

#define VMSTATE_UNUSED_V(_v, _size) {                                   \
    .name       = "unused",                                             \
    .size       = (_size),                                              \
    .info       = &vmstate_info_unused_buffer,                          \
    .flags      = VMS_BUFFER,                                           \
    .version_id = (_v),                                                 \
}

#define VMSTATE_UNUSED(_size) VMSTATE_UNUSED_V(0, _size)

/* A check run while loading: the load fails when _test returns false. */
#define VMSTATE_VALIDATE(_name, _test) {                                \
    .name         = (_name),                                            \
    .num          = 0,                                                  \
    .flags        = (enum VMStateFlags)(VMS_ARRAY | VMS_MUST_EXIST),    \
    .field_exists = (_test),                                            \
}

#define VMSTATE_STRUCT_V(_field, _state, _version, _vmsd, _type)        \
    VMSTATE_STRUCT_TEST(_field, _state, NULL, _version, _vmsd, _type)

#define VMSTATE_STRUCT(_field, _state, _version, _vmsd, _type)          \
    VMSTATE_STRUCT_TEST(_field, _state, NULL, _version, _vmsd, _type)

/* Scalars */

#define VMSTATE_BOOL_V(_f, _s, _v)                                      \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_bool, bool)
#define VMSTATE_INT8_V(_f, _s, _v)                                      \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_int8, int8_t)
#define VMSTATE_INT16_V(_f, _s, _v)                                     \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_int16, int16_t)
#define VMSTATE_INT32_V(_f, _s, _v)                                     \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_int32, int32_t)
#define VMSTATE_INT64_V(_f, _s, _v)                                     \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_int64, int64_t)
#define VMSTATE_UINT8_V(_f, _s, _v)                                     \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_V(_f, _s, _v)                                    \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_V(_f, _s, _v)                                    \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_V(_f, _s, _v)                                    \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_uint64, uint64_t)

#define VMSTATE_BOOL(_f, _s)     VMSTATE_BOOL_V(_f, _s, 0)
#define VMSTATE_INT8(_f, _s)     VMSTATE_INT8_V(_f, _s, 0)
#define VMSTATE_INT16(_f, _s)    VMSTATE_INT16_V(_f, _s, 0)
#define VMSTATE_INT32(_f, _s)    VMSTATE_INT32_V(_f, _s, 0)
#define VMSTATE_INT64(_f, _s)    VMSTATE_INT64_V(_f, _s, 0)
#define VMSTATE_UINT8(_f, _s)    VMSTATE_UINT8_V(_f, _s, 0)
#define VMSTATE_UINT16(_f, _s)   VMSTATE_UINT16_V(_f, _s, 0)
#define VMSTATE_UINT32(_f, _s)   VMSTATE_UINT32_V(_f, _s, 0)
#define VMSTATE_UINT64(_f, _s)   VMSTATE_UINT64_V(_f, _s, 0)

#define VMSTATE_BOOL_TEST(_f, _s, _t)                                   \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_bool, bool)
#define VMSTATE_INT32_TEST(_f, _s, _t)                                  \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_int32, int32_t)
#define VMSTATE_UINT8_TEST(_f, _s, _t)                                  \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_TEST(_f, _s, _t)                                 \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_TEST(_f, _s, _t)                                 \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_TEST(_f, _s, _t)                                 \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint64, uint64_t)

/* Loaded values must equal the current ones (e.g. a configured size). */
#define VMSTATE_EQUAL_(_f, _s, _info, _type, _err_hint) {               \
    .name     = (stringify(_f)),                                        \
    .err_hint = (_err_hint),                                            \
    .offset   = vmstate_offset_value(_s, _f, _type),                    \
    .size     = sizeof(_type),                                          \
    .info     = &(_info),                                               \
    .flags    = VMS_SINGLE,                                             \
}
#define VMSTATE_UINT8_EQUAL(_f, _s, _err_hint)                          \
    VMSTATE_EQUAL_(_f, _s, vmstate_info_uint8_equal, uint8_t, _err_hint)
#define VMSTATE_UINT16_EQUAL(_f, _s, _err_hint)                         \
    VMSTATE_EQUAL_(_f, _s, vmstate_info_uint16_equal, uint16_t, _err_hint)
#define VMSTATE_INT32_EQUAL(_f, _s, _err_hint)                          \
    VMSTATE_EQUAL_(_f, _s, vmstate_info_int32_equal, int32_t, _err_hint)
#define VMSTATE_UINT32_EQUAL(_f, _s, _err_hint)                         \
    VMSTATE_EQUAL_(_f, _s, vmstate_info_uint32_equal, uint32_t, _err_hint)
#define VMSTATE_UINT64_EQUAL(_f, _s, _err_hint)                         \
    VMSTATE_EQUAL_(_f, _s, vmstate_info_uint64_equal, uint64_t, _err_hint)
/* Loaded value must be in 0 .. the current value. */
#define VMSTATE_INT32_POSITIVE_LE(_f, _s)                               \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, 0, vmstate_info_int32_le, int32_t)

/* Timers: the expiry time in ns, or -1 when not pending. */
#define VMSTATE_TIMER_PTR_TEST(_f, _s, _test)                           \
    VMSTATE_POINTER_TEST(_f, _s, _test, vmstate_info_timer, QEMUTimer *)
#define VMSTATE_TIMER_PTR_V(_f, _s, _v)                                 \
    VMSTATE_POINTER(_f, _s, _v, vmstate_info_timer, QEMUTimer *)
#define VMSTATE_TIMER_PTR(_f, _s)                                       \
    VMSTATE_TIMER_PTR_V(_f, _s, 0)
#define VMSTATE_TIMER_PTR_ARRAY(_f, _s, _n)                             \
    VMSTATE_ARRAY_OF_POINTER(_f, _s, _n, 0, vmstate_info_timer, QEMUTimer *)
#define VMSTATE_TIMER_TEST(_f, _s, _test)                               \
    VMSTATE_SINGLE_TEST(_f, _s, _test, 0, vmstate_info_timer, QEMUTimer)
#define VMSTATE_TIMER_V(_f, _s, _v)                                     \
    VMSTATE_SINGLE_TEST(_f, _s, NULL, _v, vmstate_info_timer, QEMUTimer)
#define VMSTATE_TIMER(_f, _s)                                           \
    VMSTATE_TIMER_V(_f, _s, 0)
#define VMSTATE_TIMER_ARRAY(_f, _s, _n)                                 \
    VMSTATE_ARRAY(_f, _s, _n, 0, vmstate_info_timer, QEMUTimer)

/* Arrays of scalars */

#define VMSTATE_BOOL_ARRAY_V(_f, _s, _n, _v)                            \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_bool, bool)
#define VMSTATE_BOOL_ARRAY(_f, _s, _n)   VMSTATE_BOOL_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT8_ARRAY_V(_f, _s, _n, _v)                            \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int8, int8_t)
#define VMSTATE_INT8_ARRAY(_f, _s, _n)   VMSTATE_INT8_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT16_ARRAY_V(_f, _s, _n, _v)                           \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int16, int16_t)
#define VMSTATE_INT16_ARRAY(_f, _s, _n)  VMSTATE_INT16_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT32_ARRAY_V(_f, _s, _n, _v)                           \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int32, int32_t)
#define VMSTATE_INT32_ARRAY(_f, _s, _n)  VMSTATE_INT32_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT64_ARRAY_V(_f, _s, _n, _v)                           \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int64, int64_t)
#define VMSTATE_INT64_ARRAY(_f, _s, _n)  VMSTATE_INT64_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT8_ARRAY_V(_f, _s, _n, _v)                           \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT8_ARRAY(_f, _s, _n)  VMSTATE_UINT8_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT16_ARRAY_V(_f, _s, _n, _v)                          \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT16_ARRAY(_f, _s, _n) VMSTATE_UINT16_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT32_ARRAY_V(_f, _s, _n, _v)                          \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT32_ARRAY(_f, _s, _n) VMSTATE_UINT32_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT64_ARRAY_V(_f, _s, _n, _v)                          \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint64, uint64_t)
#define VMSTATE_UINT64_ARRAY(_f, _s, _n) VMSTATE_UINT64_ARRAY_V(_f, _s, _n, 0)

/* Raw bytes: a uint8_t array member, written as is. */
#define VMSTATE_BUFFER_V(_f, _s, _v)                                    \
    VMSTATE_STATIC_BUFFER(_f, _s, _v, NULL, 0, sizeof(typeof_field(_s, _f)))
#define VMSTATE_BUFFER(_f, _s) VMSTATE_BUFFER_V(_f, _s, 0)
#define VMSTATE_BUFFER_TEST(_f, _s, _test)                              \
    VMSTATE_STATIC_BUFFER(_f, _s, 0, _test, 0, sizeof(typeof_field(_s, _f)))
#define VMSTATE_PARTIAL_BUFFER(_f, _s, _size)                           \
    VMSTATE_STATIC_BUFFER(_f, _s, 0, NULL, 0, _size)

/*
 * Clocks (QEMU declares these in hw/clock.h, where Clock is complete; the
 * macros are only expanded by code that includes hw/clock.h). vmstate_clock
 * itself lives with the Clock implementation.
 */
extern const VMStateDescription vmstate_clock;
#ifndef VMSTATE_CLOCK
#define VMSTATE_CLOCK_V(_field, _state, _version)                       \
    VMSTATE_STRUCT_POINTER_V(_field, _state, _version, vmstate_clock, Clock)
#define VMSTATE_CLOCK(_field, _state) VMSTATE_CLOCK_V(_field, _state, 0)
#endif

/* End of a field list: a field without a name. */
#define VMSTATE_END_OF_LIST() {}

int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, int version_id);
int vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd,
                       void *opaque, JSONWriter *vmdesc);
int vmstate_save_state_v(QEMUFile *f, const VMStateDescription *vmsd,
                         void *opaque, JSONWriter *vmdesc, int version_id);
bool vmstate_save_needed(const VMStateDescription *vmsd, void *opaque);

/*
 * Shim: the same as vmstate_load_state() but with the reason for a failure
 * in *errp rather than on stderr. On failure the state is restored to what
 * it was before the call.
 */
int qemu_shim_vmstate_load(QEMUFile *f, const VMStateDescription *vmsd,
                           void *opaque, int version_id, Error **errp);
/* Shim: vmstate_save_state() with the reason for a failure in *errp. */
int qemu_shim_vmstate_save(QEMUFile *f, const VMStateDescription *vmsd,
                           void *opaque, Error **errp);

/* Registration of the sections of the whole-state stream (savevm). */
#define VMSTATE_INSTANCE_ID_ANY -1

/*
 * Register @vmsd for @opaque. With @obj, the section name is the id that
 * obj's VMStateIf gives followed by '/' (see qemu_shim_vmstate_set_if_id);
 * otherwise it is vmsd->name. VMSTATE_INSTANCE_ID_ANY picks the next free
 * instance number for that name. Returns 0, or -1 with *errp set.
 */
int vmstate_register_with_alias_id(VMStateIf *obj, uint32_t instance_id,
                                   const VMStateDescription *vmsd,
                                   void *opaque, int alias_id,
                                   int required_for_version,
                                   Error **errp);

static inline int vmstate_register(VMStateIf *obj, int instance_id,
                                   const VMStateDescription *vmsd,
                                   void *opaque)
{
    return vmstate_register_with_alias_id(obj, (uint32_t)instance_id, vmsd,
                                          opaque, -1, 0, NULL);
}

void vmstate_unregister(VMStateIf *obj, const VMStateDescription *vmsd,
                        void *opaque);

/*
 * Shim: register with an explicit id prefix, the string QEMU's VMStateIf
 * get_id would return (qdev_get_dev_path(); NULL for devices on the main
 * system bus, whose sections QEMU 7.2 names by vmsd->name alone, e.g.
 * "pl011" on virt). qdev calls this at realize.
 */
int qemu_shim_vmstate_register_with_id(const char *id, uint32_t instance_id,
                                       const VMStateDescription *vmsd,
                                       void *opaque, Error **errp);

/*
 * Shim: how vmstate_register_with_alias_id() asks a non-NULL VMStateIf for
 * its id (QEMU's vmstate_if_get_id()); the hook returns a g_malloc'ed
 * string or NULL. Installed by whoever implements VMStateIf (qdev).
 */
typedef char *(*QemuShimVMStateIfGetId)(VMStateIf *obj);
void qemu_shim_vmstate_set_if_id(QemuShimVMStateIfGetId get_id);

G_END_DECLS

#endif /* QEMU_VMSTATE_H */
