// Compile-fail: children() through the umbrella alone, whose headers go
// without <vector> (issue 18); the message names the header to include.
// The twin includes it.
#ifndef QEMU_CXX_COMPILE_FAIL
#include "qemu-cxx/object.hh"
#endif
#include "qemu-cxx.hh"

size_t count_children(qemu::Object &obj);
size_t count_children(qemu::Object &obj)
{
    return obj.children().size();
}
