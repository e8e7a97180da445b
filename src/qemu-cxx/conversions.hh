/*
 * qemu-cxx/conversions.hh - moving data between C++ values and the g_malloc'ed
 * values that QEMU's C API takes and returns.
 *
 * RFC patches 3-4 (Rust's CloneToForeign / FromForeign / IntoNative):
 *   clone_to_c(v)           a fresh C-owned copy of v, held in a COwned<T>
 *                           (a std::unique_ptr whose deleter is the C free
 *                           function: g_free, g_strfreev, error_free...)
 *   clone_from_c<T>(p)      a C++ copy of a C value the caller keeps
 *   into_native<T>(p)       a C++ value from a C value handed over by C,
 *                           which is freed exactly once, by COwned
 * Unlike the Rust design there is no separate "foreign pointer" type: C++
 * already has std::unique_ptr with a custom deleter, and .get()/.release()
 * make borrowing and handing ownership to C explicit at the call site.
 * A device author teaches a new type by specialising qemu::Foreign<T>
 * outside the library (see tests/unit/bindings/test-conversions.cc).
 *
 * Example (compiled and run as a test): src/examples/conversions.cc
 */
#ifndef QEMU_CXX_CONVERSIONS_HH
#define QEMU_CXX_CONVERSIONS_HH

#include "qemu/osdep.h"

#include <concepts>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace qemu {

/*
 * How a C++ type T is represented in C. A specialisation provides:
 *   using c_type = P *;                    what C owns (e.g. char *)
 *   using c_const_type = const P *;        what C lends (e.g. const char *)
 *   static c_type clone_to_c(const T &);   a fresh allocation
 *   static T clone_from_c(c_const_type);   a copy; the C value stays C's
 *   static void free_c(c_type) noexcept;   frees what C handed over
 * clone_to_c or clone_from_c may be left out when a direction makes no
 * sense (a std::string_view cannot own what it views).
 */
template <typename T>
struct Foreign;

/* T has a C representation (a Foreign<T> specialisation). */
template <typename T>
concept HasForeign = requires { typename Foreign<T>::c_type; };

/* The deleter of COwned<T>: the C free function of T's representation. */
template <typename T>
struct CFree {
    void operator()(std::remove_pointer_t<typename Foreign<T>::c_type> *p)
        const noexcept
    {
        Foreign<T>::free_c(p);
    }
};

/* An owned C representation of a T; freed exactly once, when it dies. */
template <typename T>
using COwned =
    std::unique_ptr<std::remove_pointer_t<typename Foreign<T>::c_type>,
                    CFree<T>>;

/* A fresh C-owned copy of @value; .get() lends it, .release() gives it. */
template <typename V, typename T = std::remove_cvref_t<std::decay_t<V>>>
    requires HasForeign<T>
[[nodiscard]] COwned<T> clone_to_c(const V &value)
{
    return COwned<T>(Foreign<T>::clone_to_c(value));
}

/* A C++ copy of the C value @p, which stays owned by the caller. */
template <typename T>
    requires HasForeign<T>
[[nodiscard]] T clone_from_c(typename Foreign<T>::c_const_type p)
{
    return Foreign<T>::clone_from_c(p);
}

/* Take ownership of the g_malloc'ed C value @p (it is freed once). */
template <typename T>
    requires HasForeign<T>
[[nodiscard]] COwned<T> adopt_c(typename Foreign<T>::c_type p) noexcept
{
    return COwned<T>(p);
}

/* Convert an owned C value to C++ and free the C value. */
template <typename T>
    requires HasForeign<T>
[[nodiscard]] T into_native(COwned<T> owned)
{
    return Foreign<T>::clone_from_c(owned.get());
}

/* The same, straight from a C function's return value. */
template <typename T>
    requires HasForeign<T>
[[nodiscard]] T into_native(typename Foreign<T>::c_type p)
{
    return into_native<T>(adopt_c<T>(p));
}

/* --- Strings ---------------------------------------------------------- */

namespace detail {

[[noreturn]] inline void null_string(const char *what) noexcept
{
    fprintf(stderr, "qemu::clone_from_c<%s>: NULL string; "
            "use std::optional<std::string> for a nullable one\n", what);
    abort();
}

struct StringForeign {
    using c_type = char *;
    using c_const_type = const char *;

    static char *clone(std::string_view s)
    {
        return g_strndup(s.data(), s.size());
    }
    static void free_c(char *p) noexcept
    {
        g_free(p);
    }
};

} // namespace detail

/* std::string <-> NUL-terminated g_malloc'ed char * (never NULL). */
template <>
struct Foreign<std::string> : detail::StringForeign {
    static char *clone_to_c(const std::string &s)
    {
        return clone(s);
    }
    static std::string clone_from_c(const char *p)
    {
        if (!p) {
            detail::null_string("std::string");
        }
        return std::string(p);
    }
};

/* std::string_view -> char * only: a view cannot own the C copy. */
template <>
struct Foreign<std::string_view> : detail::StringForeign {
    static char *clone_to_c(std::string_view s)
    {
        return clone(s);
    }
};

/* C strings (const char *, string literals) -> char * (g_strdup). */
template <>
struct Foreign<const char *> : detail::StringForeign {
    static char *clone_to_c(const char *s)
    {
        return g_strdup(s);
    }
};

template <>
struct Foreign<char *> : Foreign<const char *> {
};

/* std::optional<std::string> <-> a char * that may be NULL. */
template <>
struct Foreign<std::optional<std::string>> : detail::StringForeign {
    static char *clone_to_c(const std::optional<std::string> &s)
    {
        return s ? clone(*s) : nullptr;
    }
    static std::optional<std::string> clone_from_c(const char *p)
    {
        return p ? std::optional<std::string>(p) : std::nullopt;
    }
};

/* std::vector<std::string> <-> NULL-terminated char ** (GStrv). */
template <>
struct Foreign<std::vector<std::string>> {
    using c_type = char **;
    using c_const_type = const char *const *;

    static char **clone_to_c(const std::vector<std::string> &v)
    {
        char **strv = g_new(char *, v.size() + 1);
        for (size_t i = 0; i < v.size(); i++) {
            strv[i] = g_strndup(v[i].data(), v[i].size());
        }
        strv[v.size()] = nullptr;
        return strv;
    }
    static std::vector<std::string> clone_from_c(const char *const *strv)
    {
        std::vector<std::string> v;
        for (; strv && *strv; strv++) {
            v.emplace_back(*strv);
        }
        return v;
    }
    static void free_c(char **strv) noexcept
    {
        g_strfreev(strv);
    }
};

} // namespace qemu

#endif /* QEMU_CXX_CONVERSIONS_HH */
