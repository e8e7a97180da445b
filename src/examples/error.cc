// Example for qemu-cxx/error.hh: a fallible C++ function, a C function with an
// Error ** called from C++, and a Result handed back to C.
#include "qemu-cxx/error.hh"

static qemu::Result<int> parse_percent(int value)
{
    if (value < 0 || value > 100) {
        return qemu::failure("percentage out of range");
    }
    return value;
}

// A C function in QEMU's style.
static bool c_check(int value, Error **errp)
{
    if (value == 13) {
        error_setg(errp, "unlucky %d", value);
        return false;
    }
    return true;
}

int main()
{
    g_assert(parse_percent(50).value() == 50);

    qemu::Result<int> bad = parse_percent(200);
    g_assert(!bad && bad.error().message() == "percentage out of range");
    // The error knows where it was made: here, in C++.
    g_assert(bad.error().location().file.ends_with("error.cc"));

    // C's Error ** convention becomes a Result ...
    qemu::Result<> r = qemu::call_c(c_check, 13);
    g_assert(!r && r.error().message() == "unlucky 13");

    // ... and a Result becomes Error ** again for a C caller.
    Error *err = nullptr;
    g_assert(!qemu::report(std::move(r), &err));
    g_assert(strcmp(error_get_pretty(err), "unlucky 13") == 0);
    error_free(err);
    return 0;
}
