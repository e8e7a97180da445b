#!/usr/bin/env python3
"""Writes the C++ code block that follows MARKER in README.md to OUTPUT,
so that the README's example device is built and tested like any other.
Usage: extract-example.py README MARKER OUTPUT"""
import sys

readme, marker, output = sys.argv[1:4]
text = open(readme).read()
start = text.index(marker)
begin = text.index("```cpp\n", start) + len("```cpp\n")
end = text.index("```", begin)
with open(output, "w") as f:
    f.write("// Extracted from README.md by extract-example.py; edit it there.\n")
    f.write(text[begin:end])
