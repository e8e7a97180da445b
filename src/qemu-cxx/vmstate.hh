/*
 * qemu-cxx/vmstate.hh - a device's migration state (VMStateDescription)
 * generated from a short list of its fields.
 *
 * The RFC's "next steps" and section 5 of bindings.md. Like upstream's
 * Rust vmstate_of!, the C++ type of each field picks its VMStateInfo,
 * size and flags at compile time, so a uint32_t field can only be
 * migrated as a uint32 and a type without a wire format does not compile.
 * The bytes are those of the C description with the same VMSTATE_* macros
 * (tests/unit/bindings/test-vmstate.cc compares them kind by kind).
 *
 * A class T describes itself in a public static member function:
 *
 *   static constexpr qemu::VMState<PL011> vmstate()
 *   {
 *       return qemu::VMState<PL011>("pl011")
 *           .version_id(2).minimum_version_id(2)
 *           .post_load<&PL011::post_load>()
 *           .fields(QEMU_VMSTATE(readbuff), QEMU_VMSTATE(flags),
 *                   QEMU_VMSTATE(read_fifo), QEMU_VMSTATE(state.cr))
 *           .subsections(qemu::VMState<PL011>("pl011/clock")
 *                            .needed<&PL011::clock_needed>()
 *                            .fields(QEMU_VMSTATE(clk)));
 *   }
 *
 * and qemu::vmstate_description<T>() is the C description (what
 * class_init puts in dc->vmsd). With vmstate() constexpr, as here, the C
 * tables are computed by the compiler: data, as QEMU's static tables, and
 * no code in the module; a mistake QEMU would make silently (a subsection
 * not named "<name>/...", a field's version above the description's)
 * aborts with its message when the description is first used. Without
 * constexpr the same tables are built on first use, kept for the life of
 * the process. static_assert(qemu::ConstexprVmstate<PL011>) keeps them
 * data.
 * What a field's type gives:
 *   bool, integers, enums        VMSTATE_BOOL / _UINT8.._INT64 (an enum as
 *                                its underlying type; specialise
 *                                qemu::VMStateScalar for a register type)
 *   E[N], std::array<E, N>       the _ARRAY form of E (scalars, structs,
 *                                QEMUTimer *)
 *   a type with its own vmstate()  VMSTATE_STRUCT
 *   qemu::BqlCell<U>, U with its   U's fields, listed in place (as if
 *   own vmstate()                  named one by one: the same bytes and
 *                                  field names); U's description has no
 *                                  hooks or subsections (the device's has)
 *   Clock *, qemu::Clock *       VMSTATE_CLOCK
 *   QEMUTimer *                  VMSTATE_TIMER_PTR
 *   QEMUTimer, qemu::Timer       VMSTATE_TIMER (a timer held in the state)
 * QEMU_VMSTATE(f).version_id(n) is QEMU's _V form, .name("x") names the
 * field "x" rather than by its path; QEMU_VMSTATE_IN(cell, f) is field f
 * of BqlCell `cell`'s content, named "f" (fields inside a cell
 * interleaved with others); QEMU_VMSTATE_AS(type, f)
 * also states the type (a compile error if the field's differs), as QEMU's
 * C macros do; qemu::vmstate_unused(n) is VMSTATE_UNUSED.
 * Hooks are member functions (or captureless lambdas taking T &), given as
 * template arguments so that each gets its own noexcept C trampoline:
 * pre_save, pre_load, post_load (optionally taking the version id) and
 * post_save return qemu::Result<void>; a failure is reported with its
 * message and fails the save or load. needed returns bool.
 *
 * Example (compiled and run as a test): src/examples/vmstate.cc
 */
#ifndef QEMU_CXX_VMSTATE_HH
#define QEMU_CXX_VMSTATE_HH

#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/timer.h"
#include "hw/clock.h"
#include "migration/vmstate.h"

#include <array>
#include <cstring>
#include <type_traits>

#include "qemu-cxx/api.hh"
#include "qemu-cxx/bql.hh"
#include "qemu-cxx/clock.hh"
#include "qemu-cxx/error.hh"
#include "qemu-cxx/field.hh"
#include "qemu-cxx/timer.hh"
#include "qemu-cxx/trampoline.hh"
#include "qemu-cxx/type.hh"

namespace qemu {

template <typename T>
class VMState;

QEMU_CXX_MEMBER_PROBE(vmstate)

namespace detail {

template <typename T>
constexpr bool has_vmstate()
{
    static_assert(!declares_vmstate<T> || requires { T::vmstate(); },
                  "qemu::vmstate: a class's vmstate() must be public "
                  "and static");
    return requires {
        { T::vmstate() } -> std::same_as<VMState<T>>;
    };
}

} // namespace detail

/*
 * T describes its migration state: `static VMState<T> vmstate()`. One
 * inherited from a base class describes the base, not T: not T's. A
 * vmstate() that is private is a compile error, never silently ignored.
 */
template <typename T>
concept HasVmstate = detail::has_vmstate<T>();

template <HasVmstate T>
QEMU_CXX_LOCAL constexpr const VMStateDescription *vmstate_description();

namespace detail {
class VMStateTree;
template <typename T>
QEMU_CXX_LOCAL constexpr VMStateTree vmstate_tree();
} // namespace detail

/*
 * The VMStateInfo of a scalar C++ type (static member `info`) and the C
 * type it reads and writes (`wire_type`). Provided for bool, integers and
 * enums; a device gives a register type the format of the integer it
 * wraps by deriving the specialisation:
 *   template <> struct qemu::VMStateScalar<Cr> : VMStateScalar<uint32_t> {};
 * (its size and alignment must be the integer's: checked).
 */
template <typename F>
struct VMStateScalar {
};

namespace detail {

template <size_t size, bool is_signed>
constexpr const VMStateInfo *integer_info()
{
    if constexpr (size == 1) {
        return is_signed ? &vmstate_info_int8 : &vmstate_info_uint8;
    } else if constexpr (size == 2) {
        return is_signed ? &vmstate_info_int16 : &vmstate_info_uint16;
    } else if constexpr (size == 4) {
        return is_signed ? &vmstate_info_int32 : &vmstate_info_uint32;
    } else {
        static_assert(size == 8, "qemu::vmstate: no integer of this size");
        return is_signed ? &vmstate_info_int64 : &vmstate_info_uint64;
    }
}

} // namespace detail

template <>
struct VMStateScalar<bool> {
    using wire_type = bool;
    static constexpr const VMStateInfo *info = &vmstate_info_bool;
};

template <typename F>
    requires std::is_integral_v<F> && (!std::is_same_v<F, bool>)
struct VMStateScalar<F> {
    using wire_type = F;
    static constexpr const VMStateInfo *info =
        detail::integer_info<sizeof(F), std::is_signed_v<F>>();
};

template <typename F>
    requires std::is_enum_v<F>
struct VMStateScalar<F> : VMStateScalar<std::underlying_type_t<F>> {
};

template <typename F>
concept VMStateScalarType = requires {
    { VMStateScalar<F>::info } -> std::convertible_to<const VMStateInfo *>;
    typename VMStateScalar<F>::wire_type;
};

namespace detail {

template <typename F>
constexpr bool same_shape_as_wire()
{
    using W = typename VMStateScalar<F>::wire_type;
    return sizeof(F) == sizeof(W) && alignof(F) == alignof(W);
}

} // namespace detail

/* One field of a description, before it is bound to the state type. */
template <typename Locator, typename Expected = void>
struct VMStateFieldSpec {
    FieldPath<Locator> field;
    int version = 0;

    /* Migrated only from this version of the description on (_V). */
    constexpr VMStateFieldSpec version_id(int v) const
    {
        VMStateFieldSpec s = *this;
        s.version = v;
        return s;
    }

    /*
     * The name the migration stream's JSON description gives the field,
     * when the path is not it (QEMU_VMSTATE(regs.get().cr).name("cr")).
     */
    constexpr VMStateFieldSpec name(const char *n) const
    {
        VMStateFieldSpec s = *this;
        s.field.name = n;
        return s;
    }
};

/* A field of the state; with Expected, only if its type is Expected. */
template <typename Expected = void, typename Locator>
constexpr VMStateFieldSpec<Locator, Expected>
vmstate_field(FieldPath<Locator> field)
{
    return { field };
}

/* @size bytes of padding, written as zeroes and skipped when loaded. */
struct VMStateUnused {
    size_t size;
    int version = 0;
};

constexpr VMStateUnused vmstate_unused(size_t size, int version_id = 0)
{
    return { size, version_id };
}

namespace detail {

template <typename F>
struct StdArray : std::false_type {
};

template <typename E, size_t N>
struct StdArray<std::array<E, N>> : std::true_type {
    using element = E;
    static constexpr size_t size = N;
};

template <typename F>
constexpr bool no_vmstate_format = false;

} // namespace detail

/*
 * A field type that holds a pointer to a C struct with its own C
 * description migrates as VMSTATE_STRUCT_POINTER: specialise this with
 * `static const VMStateDescription *vmsd()` (qemu-cxx/ptimer.hh does).
 */
template <typename F>
struct VMStateStructPointer {};

namespace detail {

template <typename F>
constexpr bool is_clock_ptr =
    std::is_same_v<F, ::Clock *> || std::is_same_v<F, qemu::Clock *>;

/*
 * What a field's C++ type gives its VMStateField, fixed at compile time:
 * one constant per field type, so that describing a field costs a call
 * with its name, offset and version, not code that fills a struct.
 */
struct VMStateFormat {
    size_t size;
    int num;                    /* elements of an array, else 0 */
    const VMStateInfo *info;
    VMStateFlags flags;
    /*
     * A nested description (VMSTATE_STRUCT, _CLOCK), or no_vmsd: never a
     * null pointer, whose test a sanitizer build cannot fold (and the
     * tables would no longer be a constant).
     */
    const VMStateDescription *(*vmsd)();
};

constexpr const VMStateDescription *no_vmsd()
{
    return nullptr;
}

constexpr const VMStateDescription *clock_vmsd()
{
    return &vmstate_clock;
}

/* One element: what the VMSTATE_* macro for a field of type F fills in. */
template <typename F>
constexpr VMStateFormat single_format()
{
    if constexpr (VMStateScalarType<F>) {
        static_assert(same_shape_as_wire<F>(),
                      "qemu::vmstate: a scalar type must have the size and "
                      "alignment of its wire type");
        return { sizeof(F), 0, VMStateScalar<F>::info, VMS_SINGLE, no_vmsd };
    } else if constexpr (std::is_same_v<F, ::QEMUTimer *>) {
        return { sizeof(F), 0, &vmstate_info_timer,
                 VMStateFlags(VMS_SINGLE | VMS_POINTER), no_vmsd };
    } else if constexpr (std::is_same_v<F, ::QEMUTimer> ||
                         std::is_same_v<F, qemu::Timer>) {
        /* qemu::Timer is a QEMUTimer (timer.hh) */
        return { sizeof(::QEMUTimer), 0, &vmstate_info_timer, VMS_SINGLE,
                 no_vmsd };
    } else if constexpr (is_clock_ptr<F>) {
        return { sizeof(::Clock *), 0, nullptr,
                 VMStateFlags(VMS_STRUCT | VMS_POINTER), clock_vmsd };
    } else if constexpr (requires { VMStateStructPointer<F>::vmsd; }) {
        static_assert(sizeof(F) == sizeof(void *));
        return { sizeof(void *), 0, nullptr,
                 VMStateFlags(VMS_STRUCT | VMS_POINTER),
                 VMStateStructPointer<F>::vmsd };
    } else if constexpr (HasVmstate<F>) {
        return { sizeof(F), 0, nullptr, VMS_STRUCT, vmstate_description<F> };
    } else {
        static_assert(no_vmstate_format<F>,
                      "qemu::vmstate: this field's type has no migration "
                      "format (specialise qemu::VMStateScalar, or give the "
                      "type a static vmstate())");
        return {};
    }
}

/* An array of E: VMSTATE_*_ARRAY, VMSTATE_STRUCT_ARRAY, _TIMER_PTR_ARRAY. */
template <typename E, size_t N>
constexpr VMStateFormat array_format()
{
    static_assert(!std::is_array_v<E> && !StdArray<E>::value,
                  "qemu::vmstate: arrays of arrays have no migration format");
    if constexpr (std::is_same_v<E, ::QEMUTimer *>) {
        return { sizeof(E), int(N), &vmstate_info_timer,
                 VMStateFlags(VMS_ARRAY | VMS_ARRAY_OF_POINTER), no_vmsd };
    } else if constexpr (VMStateScalarType<E>) {
        static_assert(same_shape_as_wire<E>(),
                      "qemu::vmstate: a scalar type must have the size and "
                      "alignment of its wire type");
        return { sizeof(E), int(N), VMStateScalar<E>::info, VMS_ARRAY,
                 no_vmsd };
    } else if constexpr (HasVmstate<E>) {
        return { sizeof(E), int(N), nullptr,
                 VMStateFlags(VMS_STRUCT | VMS_ARRAY),
                 vmstate_description<E> };
    } else {
        static_assert(no_vmstate_format<E>,
                      "qemu::vmstate: this array's element type has no "
                      "migration format");
        return {};
    }
}

template <typename F>
constexpr VMStateFormat format_of()
{
    if constexpr (std::is_array_v<F>) {
        static_assert(std::rank_v<F> == 1,
                      "qemu::vmstate: arrays of arrays have no migration "
                      "format");
        return array_format<std::remove_extent_t<F>, std::extent_v<F>>();
    } else if constexpr (StdArray<F>::value) {
        return array_format<typename StdArray<F>::element,
                            StdArray<F>::size>();
    } else {
        return single_format<F>();
    }
}

template <typename F>
QEMU_CXX_LOCAL inline constexpr VMStateFormat vmstate_format =
    format_of<F>();

/* A BqlCell whose content describes itself forwards to that description. */
template <typename F>
concept ForwardsVmstate = requires { typename F::value_type; } &&
                          std::same_as<F, BqlCell<typename F::value_type>> &&
                          HasVmstate<typename F::value_type>;

/* Whether F has a migration format (format_of's cases, for a message). */
template <typename E>
constexpr bool element_has_format()
{
    return VMStateScalarType<E> || std::is_same_v<E, ::QEMUTimer *> ||
           HasVmstate<E>;
}

template <typename F>
constexpr bool has_format()
{
    if constexpr (std::is_array_v<F>) {
        return std::rank_v<F> == 1 &&
               element_has_format<std::remove_extent_t<F>>();
    } else if constexpr (StdArray<F>::value) {
        return element_has_format<typename StdArray<F>::element>();
    } else {
        return VMStateScalarType<F> || std::is_same_v<F, ::QEMUTimer *> ||
               std::is_same_v<F, ::QEMUTimer> ||
               std::is_same_v<F, qemu::Timer> || is_clock_ptr<F> ||
               requires { VMStateStructPointer<F>::vmsd; } ||
               HasVmstate<F> || ForwardsVmstate<F>;
    }
}

/* A mistake QEMU would make silently: the message, then abort(). */
[[noreturn]] QEMU_CXX_API void bad_vmstate(const char *name,
                                           const char *what) noexcept;

/* Whether @sub is "@parent/...", the name QEMU requires of a subsection. */
constexpr bool names_subsection_of(const char *sub, const char *parent)
{
    while (*parent && *sub == *parent) {
        sub++, parent++;
    }
    return !*parent && *sub == '/';
}

/*
 * The type-independent part of qemu::VMState<T>: a description, its
 * fields and its subsections, collected by constexpr code. When T's
 * vmstate() is constexpr, the C tables are emitted at compile time into
 * a constant (vmstate_tables<T>, .data.rel.ro as QEMU's static tables):
 * no code, no guard. Otherwise release() (vmstate.cc) emits them into
 * memory kept for the life of the process, on first use. A mistake calls
 * bad_vmstate(): at compile time that is not a constant (so the table is
 * built at run time, and the same message aborts there). Run outside a
 * constant evaluation, each operation calls its copy in libqemu-cxx
 * (vmstate.cc: the *_at_run_time functions, the same code), so that a
 * module whose vmstate() is not constexpr carries calls, not the loops.
 */
class VMStateTree {
public:
    constexpr explicit VMStateTree(const char *name) noexcept
    {
        c_.name = name;
    }

    constexpr VMStateTree(const VMStateTree &other) noexcept
    {
        if consteval {
            copy(other);
        } else {
            copy_at_run_time(other);
        }
    }

    VMStateTree &operator=(const VMStateTree &) = delete;

    constexpr ~VMStateTree()
    {
        if consteval {
            clear();
        } else {
            clear_at_run_time();
        }
    }

    constexpr VMStateDescription &c() noexcept
    {
        return c_;
    }

    constexpr void add_field(const char *name, size_t offset, int version,
                             const VMStateFormat &format) noexcept
    {
        if consteval {
            add_field_here(name, offset, version, format);
        } else {
            add_field_at_run_time(name, offset, version, format);
        }
    }

    constexpr void add_unused(size_t size, int version) noexcept
    {
        if consteval {
            add_unused_here(size, version);
        } else {
            add_unused_at_run_time(size, version);
        }
    }

    /* @content's fields, moved by @offset, from version @version on. */
    constexpr void add_inline(const VMStateTree &content, size_t offset,
                              int version) noexcept
    {
        if consteval {
            add_inline_here(content, offset, version);
        } else {
            add_inline_at_run_time(content, offset, version);
        }
    }

    /* A subsection is complete when it is added: it is checked. */
    constexpr void add_subsection(const VMStateTree &sub) noexcept
    {
        if consteval {
            add_subsection_here(sub);
        } else {
            add_subsection_at_run_time(sub);
        }
    }

    /* Every field @offset bytes further, subsections' too. */
    constexpr void move_by(size_t offset) noexcept
    {
        if consteval {
            move_by_here(offset);
        } else {
            move_by_at_run_time(offset);
        }
    }

private:
    QEMU_CXX_API void copy_at_run_time(const VMStateTree &other) noexcept;
    QEMU_CXX_API void clear_at_run_time() noexcept;
    QEMU_CXX_API void add_field_at_run_time(const char *name, size_t offset,
                                            int version,
                                            const VMStateFormat &format)
        noexcept;
    QEMU_CXX_API void add_unused_at_run_time(size_t size, int version)
        noexcept;
    QEMU_CXX_API void add_inline_at_run_time(const VMStateTree &content,
                                             size_t offset, int version)
        noexcept;
    QEMU_CXX_API void add_subsection_at_run_time(const VMStateTree &sub)
        noexcept;
    QEMU_CXX_API void move_by_at_run_time(size_t offset) noexcept;

    constexpr void copy(const VMStateTree &other) noexcept
    {
        c_ = other.c_;
        nfields_ = other.nfields_;
        nsubs_ = other.nsubs_;
        fields_ = new VMStateField[nfields_ + 1]();
        for (size_t i = 0; i < nfields_; i++) {
            fields_[i] = other.fields_[i];
        }
        subs_ = new VMStateTree *[nsubs_ + 1]();
        for (size_t i = 0; i < nsubs_; i++) {
            subs_[i] = new VMStateTree(*other.subs_[i]);
        }
    }

    constexpr void clear() noexcept
    {
        delete[] fields_;
        for (size_t i = 0; i < nsubs_; i++) {
            delete subs_[i];
        }
        delete[] subs_;
    }

    constexpr void add_field_here(const char *name, size_t offset,
                                  int version,
                                  const VMStateFormat &format) noexcept
    {
        VMStateField f{};
        f.name = name;
        f.offset = offset;
        f.version_id = version;
        f.size = format.size;
        f.num = format.num;
        f.info = format.info;
        f.flags = format.flags;
        f.vmsd = format.vmsd();
        append(f);
    }

    constexpr void add_unused_here(size_t size, int version) noexcept
    {
        VMStateField f{};
        f.name = "unused";
        f.size = size;
        f.info = &vmstate_info_unused_buffer;
        f.flags = VMS_BUFFER;
        f.version_id = version;
        append(f);
    }

    constexpr void add_inline_here(const VMStateTree &content,
                                   size_t offset, int version) noexcept
    {
        const VMStateDescription &d = content.c_;
        if (content.nsubs_ || d.pre_save || d.post_save || d.pre_load ||
            d.post_load || d.needed || d.version_id ||
            d.minimum_version_id) {
            bad_vmstate(d.name, "the content of a BqlCell is listed in its "
                        "owner's description: it has no hooks, versions or "
                        "subsections of its own (give them to the owner's)");
        }
        for (size_t i = 0; i < content.nfields_; i++) {
            VMStateField f = content.fields_[i];
            f.offset += offset;
            f.version_id = f.version_id > version ? f.version_id : version;
            append(f);
        }
    }

    constexpr void add_subsection_here(const VMStateTree &sub) noexcept
    {
        /* QEMU skips a subsection that does not carry the prefix. */
        if (!names_subsection_of(sub.c_.name, c_.name)) {
            bad_vmstate(sub.c_.name, "a subsection's name must start with "
                        "its parent's and a '/'");
        }
        sub.check();
        VMStateTree **subs = new VMStateTree *[nsubs_ + 2]();
        for (size_t i = 0; i < nsubs_; i++) {
            subs[i] = subs_[i];
        }
        subs[nsubs_++] = new VMStateTree(sub);
        delete[] subs_;
        subs_ = subs;
    }

    constexpr void move_by_here(size_t offset) noexcept
    {
        for (size_t i = 0; i < nfields_; i++) {
            fields_[i].offset += offset;
        }
        for (size_t i = 0; i < nsubs_; i++) {
            subs_[i]->move_by(offset);
        }
    }

public:
    /* What the C tables take, each list with its terminator. */
    struct Size {
        size_t fields, descriptions, subsections;
    };

    /* The size of the tables; aborts on what QEMU would get wrong. */
    constexpr Size size() const noexcept
    {
        check();
        Size s{ nfields_ + 1, 1, nsubs_ ? nsubs_ + 1 : 0 };
        for (size_t i = 0; i < nsubs_; i++) {
            Size sub = subs_[i]->size();
            s.fields += sub.fields;
            s.descriptions += sub.descriptions;
            s.subsections += sub.subsections;
        }
        return s;
    }

    /* Where the C tables are, each an array of what size() says. */
    struct Tables {
        VMStateField *fields;
        VMStateDescription *descriptions;
        const VMStateDescription **subsections;
    };

    /*
     * Write the tables into @out (zeroed), their pointers to one another
     * made for the place @at they will have: descriptions[0] is this one,
     * then its subsections' in order, depth first.
     */
    constexpr void emit(Tables out, Tables at) const noexcept
    {
        Size next{};
        emit(out, at, next);
    }

    /* The tables, allocated for the life of the process. */
    QEMU_CXX_API const VMStateDescription *release() const noexcept;

private:
    constexpr VMStateTree() noexcept = default;

    constexpr void append(const VMStateField &f) noexcept
    {
        VMStateField *fields = new VMStateField[nfields_ + 2]();
        for (size_t i = 0; i < nfields_; i++) {
            fields[i] = fields_[i];
        }
        fields[nfields_++] = f;
        delete[] fields_;
        fields_ = fields;
    }

    constexpr void check() const noexcept
    {
        if (!c_.name || !*c_.name) {
            bad_vmstate(c_.name, "a description needs a name");
        }
        if (c_.minimum_version_id > c_.version_id) {
            bad_vmstate(c_.name, "minimum_version_id is above version_id");
        }
        for (size_t i = 0; i < nfields_; i++) {
            if (fields_[i].version_id > c_.version_id) {
                bad_vmstate(c_.name, "a field's version_id is above the "
                            "description's");
            }
        }
    }

    /* @next: the first free entry of each table. */
    constexpr void emit(Tables out, Tables at, Size &next) const noexcept
    {
        VMStateDescription &d = out.descriptions[next.descriptions++];
        d = c_;
        /* Zero-terminated: each list ends as VMSTATE_END_OF_LIST does. */
        d.fields = at.fields + next.fields;
        for (size_t i = 0; i < nfields_; i++) {
            out.fields[next.fields++] = fields_[i];
        }
        next.fields++;
        if (!nsubs_) {
            return;
        }
        size_t first = next.subsections;
        d.subsections = at.subsections + first;
        next.subsections += nsubs_ + 1;
        for (size_t i = 0; i < nsubs_; i++) {
            out.subsections[first + i] = at.descriptions + next.descriptions;
            subs_[i]->emit(out, at, next);
        }
    }

    VMStateDescription c_{};
    VMStateField *fields_ = nullptr;
    size_t nfields_ = 0;
    VMStateTree **subs_ = nullptr;
    size_t nsubs_ = 0;
};

/* The name error messages use for a T: its QOM type, when it has one. */
template <typename T>
const char *state_name(void *opaque)
{
    if constexpr (QomObject<T>) {
        return object_get_typename(static_cast<::Object *>(opaque));
    } else {
        return "migration state";
    }
}

/* F(self, args...) for a member function or a function of the state. */
template <auto F, typename T, typename... Args>
decltype(auto) apply_hook(T &self, Args... args)
{
    if constexpr (std::is_member_function_pointer_v<decltype(F)>) {
        return (self.*F)(args...);
    } else {
        return F(self, args...);
    }
}

/* Call hook F on @self, with @args if it takes them. */
template <typename T, auto F, typename... Args>
decltype(auto) call_hook(T &self, Args... args)
{
    if constexpr (std::is_invocable_v<decltype(F), T &, Args...>) {
        return apply_hook<F>(self, args...);
    } else {
        static_assert(std::is_invocable_v<decltype(F), T &>,
                      "qemu::vmstate: a hook must be a member function of "
                      "the state, or a function of the state");
        return apply_hook<F>(self);
    }
}

/* A hook's failure for C: the message reported, and -EINVAL. */
QEMU_CXX_API int hook_failed(const Error &err, const char *who,
                             const char *hook) noexcept;

template <typename T, auto F, typename... Args>
int run_hook(void *opaque, const char *hook, Args... args) noexcept
{
    const char *who = state_name<T>(opaque);
    return guard(who, hook, [&]() -> int {
        using R = decltype(call_hook<T, F>(state_from_opaque<T>(opaque),
                                           args...));
        static_assert(std::is_same_v<R, Result<void>>,
                      "qemu::vmstate: pre_save, pre_load, post_load and "
                      "post_save return qemu::Result<void>");
        Result<void> r = call_hook<T, F>(state_from_opaque<T>(opaque),
                                         args...);
        return r ? 0 : hook_failed(r.error(), who, hook);
    });
}

template <typename T, auto F>
int pre_save_c(void *opaque) noexcept
{
    return run_hook<T, F>(opaque, "pre_save");
}

template <typename T, auto F>
int post_save_c(void *opaque) noexcept
{
    return run_hook<T, F>(opaque, "post_save");
}

template <typename T, auto F>
int pre_load_c(void *opaque) noexcept
{
    return run_hook<T, F>(opaque, "pre_load");
}

template <typename T, auto F>
int post_load_c(void *opaque, int version_id) noexcept
{
    return run_hook<T, F>(opaque, "post_load", version_id);
}

template <typename T, auto F>
bool needed_c(void *opaque) noexcept
{
    return guard(state_name<T>(opaque), "needed", [opaque]() -> bool {
        using R = decltype(call_hook<T, F>(state_from_opaque<T>(opaque)));
        static_assert(std::is_same_v<R, bool>,
                      "qemu::vmstate: needed returns bool");
        return call_hook<T, F>(state_from_opaque<T>(opaque));
    });
}

} // namespace detail

/*
 * The description of the migration state of a T (its opaque pointer is
 * the T). Names must have static storage (string literals).
 */
template <typename T>
class VMState {
public:
    constexpr explicit VMState(const char *name) noexcept : b_(name)
    {
    }

    constexpr VMState &version_id(int v) noexcept
    {
        b_.c().version_id = v;
        return *this;
    }

    /* The oldest stream version that loads; older ones are refused. */
    constexpr VMState &minimum_version_id(int v) noexcept
    {
        b_.c().minimum_version_id = v;
        return *this;
    }

    constexpr VMState &priority(MigrationPriority p) noexcept
    {
        b_.c().priority = p;
        return *this;
    }

    /* Saving fails: the device cannot be migrated. */
    constexpr VMState &unmigratable() noexcept
    {
        b_.c().unmigratable = 1;
        return *this;
    }

    template <auto F>
    constexpr VMState &pre_save() noexcept
    {
        b_.c().pre_save = detail::pre_save_c<T, F>;
        return *this;
    }

    template <auto F>
    constexpr VMState &post_save() noexcept
    {
        b_.c().post_save = detail::post_save_c<T, F>;
        return *this;
    }

    template <auto F>
    constexpr VMState &pre_load() noexcept
    {
        b_.c().pre_load = detail::pre_load_c<T, F>;
        return *this;
    }

    template <auto F>
    constexpr VMState &post_load() noexcept
    {
        b_.c().post_load = detail::post_load_c<T, F>;
        return *this;
    }

    /* For a subsection: whether it is sent at all. */
    template <auto F>
    constexpr VMState &needed() noexcept
    {
        b_.c().needed = detail::needed_c<T, F>;
        return *this;
    }

    /* Append fields, in stream order (QEMU_VMSTATE, vmstate_unused). */
    template <typename... Specs>
    constexpr VMState &fields(const Specs &...specs) noexcept
    {
        (add(specs), ...);
        return *this;
    }

    /* Append subsections: descriptions of the same T named "<name>/...". */
    template <typename... Subs>
        requires (std::is_same_v<Subs, VMState> && ...)
    constexpr VMState &subsections(const Subs &...subs) noexcept
    {
        (b_.add_subsection(subs.b_), ...);
        return *this;
    }

private:
    template <typename U>
    friend constexpr detail::VMStateTree detail::vmstate_tree();
    template <typename U>
    friend class VMState;

    /* A field: its type's format, its offset in T, as constants. */
    template <typename Locator, typename Expected>
    constexpr void add(const VMStateFieldSpec<Locator, Expected> &spec) noexcept
    {
        using F = field_type_t<T, Locator>;
        static_assert(std::is_void_v<Expected> || std::is_same_v<F, Expected>,
                      "qemu::vmstate: the field's type is not the type it "
                      "is described as");
        static_assert(!std::is_const_v<F>,
                      "qemu::vmstate: a const field cannot be loaded");
        if constexpr (detail::ForwardsVmstate<F>) {
            using U = typename F::value_type;
            b_.add_inline(detail::vmstate_tree<U>(), field_offset<T>(spec.field),
                          spec.version);
        } else {
            b_.add_field(spec.field.name, field_offset<T>(spec.field),
                         spec.version, detail::vmstate_format<F>);
        }
    }

    constexpr void add(const VMStateUnused &spec) noexcept
    {
        b_.add_unused(spec.size, spec.version);
    }

    detail::VMStateTree b_;
};

namespace detail {

/* T's description, its offsets from the start of the instance. */
template <typename T>
QEMU_CXX_LOCAL constexpr VMStateTree vmstate_tree()
{
    VMStateTree tree = T::vmstate().b_;
    tree.move_by(state_offset<T>());
    return tree;
}

/* The C tables of T, with the sizes VMStateTree::size() gave. */
template <VMStateTree::Size S>
struct VMStateTables {
    VMStateField fields[S.fields];
    VMStateDescription descriptions[S.descriptions];
    const VMStateDescription *subsections[S.subsections ? S.subsections : 1];
};

/* Whether T's tables are a constant: its vmstate() is constexpr. */
template <typename T>
concept ConstantVmstate = requires {
    typename std::integral_constant<size_t,
                                    vmstate_tree<T>().size().fields>;
};

template <typename T, VMStateTree::Size S>
QEMU_CXX_LOCAL constexpr VMStateTables<S> emit_vmstate(const VMStateTables<S> *at)
{
    VMStateTables<S> out{};
    vmstate_tree<T>().emit(
        { out.fields, out.descriptions, out.subsections },
        { const_cast<VMStateField *>(at->fields),
          const_cast<VMStateDescription *>(at->descriptions),
          const_cast<const VMStateDescription **>(at->subsections) });
    return out;
}

/* T's tables, data: they point into themselves. */
template <ConstantVmstate T>
QEMU_CXX_LOCAL inline constexpr VMStateTables<vmstate_tree<T>().size()>
    vmstate_tables =
        emit_vmstate<T, vmstate_tree<T>().size()>(&vmstate_tables<T>);

/* T's tables built from a vmstate() that is not constexpr, once. */
template <typename T>
QEMU_CXX_LOCAL const VMStateDescription *built_vmstate()
{
    static const VMStateDescription *const built =
        vmstate_tree<T>().release();
    return built;
}

} // namespace detail

/*
 * Whether T's tables are data: T::vmstate() is constexpr and describes a
 * valid state (a device can static_assert it, so that its tables never
 * silently become code).
 */
template <typename T>
concept ConstexprVmstate = HasVmstate<T> && detail::ConstantVmstate<T>;

/*
 * T's VMStateDescription: a constant when T::vmstate() is constexpr
 * (the tables are data, as QEMU's), else built from T::vmstate() on
 * first use and kept for the life of the process.
 */
template <HasVmstate T>
constexpr const VMStateDescription *vmstate_description()
{
    if constexpr (detail::ConstantVmstate<T>) {
        return detail::vmstate_tables<T>.descriptions;
    } else {
        return detail::built_vmstate<T>();
    }
}

} // namespace qemu

/*
 * The locator of field @path at @offset (reached as @expr from the state
 * s_()), and the checks that name it, reported at the user's line: its
 * type must have a migration format and, unless @expected is void, be
 * @expected.
 */
#define QEMU_VMSTATE_LOCATOR(path, offset, expr, expected)              \
    QEMU_CXX_FIELD_LOCATOR(offset, expr,                                \
        using C_ = typename ::qemu::CField<F_>::type;                   \
        static_assert(::qemu::detail::has_format<C_>(),                 \
                      "qemu::vmstate: field '" #path "': this field's " \
                      "type has no migration format (specialise "       \
                      "qemu::VMStateScalar, or give the type a static " \
                      "vmstate())");                                    \
        static_assert(std::is_void_v<expected> ||                       \
                          std::is_same_v<C_, expected>,                 \
                      "qemu::vmstate: field '" #path "': the field's "  \
                      "type is not the type it is described as ("       \
                      #expected ")"))

/* A field of the state, its format given by its type: QEMU_VMSTATE(cr). */
#define QEMU_VMSTATE(path)                                              \
    ::qemu::vmstate_field(::qemu::FieldPath{                            \
        #path, QEMU_VMSTATE_LOCATOR(path, offsetof(S_, path),  \
                                    s_().path, void)})

/*
 * Field @path of the content of BqlCell @cell (a member of the state),
 * named "@path": QEMU_VMSTATE_IN(regs, flags). The content is at the
 * cell's offset (qemu-cxx/bql.hh).
 */
#define QEMU_VMSTATE_IN(cell, path)                                     \
    ::qemu::vmstate_field(::qemu::FieldPath{                            \
        #path, QEMU_VMSTATE_LOCATOR(path,                               \
            offsetof(S_, cell) +                               \
                offsetof(typename decltype(S_::cell)::value_type, path), \
            s_().cell.unchecked().path, void)})

/* The same, and a compile error unless the field's type is @type. */
#define QEMU_VMSTATE_AS(type, path)                                     \
    ::qemu::vmstate_field<type>(::qemu::FieldPath{                      \
        #path, QEMU_VMSTATE_LOCATOR(path, offsetof(S_, path),  \
                                    s_().path, type)})

#endif /* QEMU_CXX_VMSTATE_HH */
