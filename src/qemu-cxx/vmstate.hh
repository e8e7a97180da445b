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
 *   static qemu::VMState<PL011> vmstate()
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
 * and qemu::vmstate_description<T>() builds the C table once, for the
 * life of the process (what class_init puts in dc->vmsd). The tables cost
 * little code: each field type's format is a constant, and the builder
 * that copies them into the C tables is not a template.
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
QEMU_CXX_LOCAL const VMStateDescription *vmstate_description();

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
    /* A nested description (VMSTATE_STRUCT, _CLOCK), built on first use. */
    const VMStateDescription *(*vmsd)();
};

inline const VMStateDescription *clock_vmsd()
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
        return { sizeof(F), 0, VMStateScalar<F>::info, VMS_SINGLE, nullptr };
    } else if constexpr (std::is_same_v<F, ::QEMUTimer *>) {
        return { sizeof(F), 0, &vmstate_info_timer,
                 VMStateFlags(VMS_SINGLE | VMS_POINTER), nullptr };
    } else if constexpr (std::is_same_v<F, ::QEMUTimer> ||
                         std::is_same_v<F, qemu::Timer>) {
        /* qemu::Timer is a QEMUTimer (timer.hh) */
        return { sizeof(::QEMUTimer), 0, &vmstate_info_timer, VMS_SINGLE,
                 nullptr };
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
                 VMStateFlags(VMS_ARRAY | VMS_ARRAY_OF_POINTER), nullptr };
    } else if constexpr (VMStateScalarType<E>) {
        static_assert(same_shape_as_wire<E>(),
                      "qemu::vmstate: a scalar type must have the size and "
                      "alignment of its wire type");
        return { sizeof(E), int(N), VMStateScalar<E>::info, VMS_ARRAY,
                 nullptr };
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

/*
 * The type-independent part of qemu::VMState<T>: it collects the fields
 * and subsections and release() copies them into the C tables. It lives
 * in libqemu-cxx (vmstate.cc), so a module carries none of it whatever
 * its number of fields and types.
 */
class QEMU_CXX_API VMStateBuilder {
public:
    explicit VMStateBuilder(const char *name) noexcept;
    VMStateBuilder(const VMStateBuilder &other) noexcept;
    VMStateBuilder &operator=(const VMStateBuilder &) = delete;
    ~VMStateBuilder();

    VMStateDescription &c() noexcept
    {
        return c_;
    }

    void add_field(const char *name, size_t offset, int version,
                   const VMStateFormat &format) noexcept;
    void add_unused(size_t size, int version) noexcept;
    /* @content's fields, moved by @offset, from version @version on. */
    void add_inline(const VMStateBuilder &content, size_t offset,
                    int version) noexcept;
    /* A subsection is complete when it is added: its table is built. */
    void add_subsection(const VMStateBuilder &sub) noexcept;

    /*
     * The C description, allocated for the life of the process as QEMU's
     * static tables are; aborts on what QEMU would get wrong silently.
     */
    const VMStateDescription *release() const noexcept;

private:
    VMStateDescription c_{};
    GArray *fields_;
    GPtrArray *subsections_;
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
    explicit VMState(const char *name) noexcept : b_(name)
    {
    }

    VMState &version_id(int v) noexcept
    {
        b_.c().version_id = v;
        return *this;
    }

    /* The oldest stream version that loads; older ones are refused. */
    VMState &minimum_version_id(int v) noexcept
    {
        b_.c().minimum_version_id = v;
        return *this;
    }

    VMState &priority(MigrationPriority p) noexcept
    {
        b_.c().priority = p;
        return *this;
    }

    /* Saving fails: the device cannot be migrated. */
    VMState &unmigratable() noexcept
    {
        b_.c().unmigratable = 1;
        return *this;
    }

    template <auto F>
    VMState &pre_save() noexcept
    {
        b_.c().pre_save = detail::pre_save_c<T, F>;
        return *this;
    }

    template <auto F>
    VMState &post_save() noexcept
    {
        b_.c().post_save = detail::post_save_c<T, F>;
        return *this;
    }

    template <auto F>
    VMState &pre_load() noexcept
    {
        b_.c().pre_load = detail::pre_load_c<T, F>;
        return *this;
    }

    template <auto F>
    VMState &post_load() noexcept
    {
        b_.c().post_load = detail::post_load_c<T, F>;
        return *this;
    }

    /* For a subsection: whether it is sent at all. */
    template <auto F>
    VMState &needed() noexcept
    {
        b_.c().needed = detail::needed_c<T, F>;
        return *this;
    }

    /* Append fields, in stream order (QEMU_VMSTATE, vmstate_unused). */
    template <typename... Specs>
    VMState &fields(const Specs &...specs) noexcept
    {
        (add(specs), ...);
        return *this;
    }

    /* Append subsections: descriptions of the same T named "<name>/...". */
    template <typename... Subs>
        requires (std::is_same_v<Subs, VMState> && ...)
    VMState &subsections(const Subs &...subs) noexcept
    {
        (b_.add_subsection(subs.b_), ...);
        return *this;
    }

private:
    template <HasVmstate U>
    friend const VMStateDescription *vmstate_description();
    template <typename U>
    friend class VMState;

    /* A field: its type's format, its offset in T, as constants. */
    template <typename Locator, typename Expected>
    void add(const VMStateFieldSpec<Locator, Expected> &spec) noexcept
    {
        using F = field_type_t<T, Locator>;
        static_assert(std::is_void_v<Expected> || std::is_same_v<F, Expected>,
                      "qemu::vmstate: the field's type is not the type it "
                      "is described as");
        static_assert(!std::is_const_v<F>,
                      "qemu::vmstate: a const field cannot be loaded");
        if constexpr (detail::ForwardsVmstate<F>) {
            using U = typename F::value_type;
            b_.add_inline(U::vmstate().b_, field_offset<T>(spec.field),
                          spec.version);
        } else {
            b_.add_field(spec.field.name, field_offset<T>(spec.field),
                         spec.version, detail::vmstate_format<F>);
        }
    }

    void add(const VMStateUnused &spec) noexcept
    {
        b_.add_unused(spec.size, spec.version);
    }

    detail::VMStateBuilder b_;
};

/*
 * T's VMStateDescription, built from T::vmstate() on first use and kept
 * for the life of the process (thread-safe static initialisation).
 */
template <HasVmstate T>
const VMStateDescription *vmstate_description()
{
    static const VMStateDescription *const built = T::vmstate().b_.release();
    return built;
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
