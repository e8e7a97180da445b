#!/usr/bin/env python3
"""Writes the C++ code block that follows MARKER in FILE to OUTPUT,
so that the README's example device is built and tested like any other.
Usage: extract-example.py FILE MARKER OUTPUT (README.md, or a header
whose comment holds a ```cpp block)"""
import sys

readme, marker, output = sys.argv[1:4]
text = open(readme).read()
start = text.index(marker)
begin = text.index("```cpp\n", start) + len("```cpp\n")
end = text.index("```", begin)
with open(output, "w") as f:
    f.write("// Extracted from %s by extract-example.py; edit it there.\n"
            % readme.rsplit("/", 1)[-1])
    f.write(text[begin:end])
