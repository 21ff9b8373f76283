"""The WebAssembly binary format as the build's module rewriters need it: LEB128
integers and the module's sections (scripts/wasm-archive-segments.py,
scripts/wasm-compile-hints.py)."""

SECTION_CUSTOM, SECTION_IMPORT, SECTION_FUNCTION = 0, 2, 3
SECTION_CODE, SECTION_DATA, SECTION_DATA_COUNT = 10, 11, 12


def read_uleb(data, pos):
    """(value, position after it) of the unsigned LEB128 integer at data[pos]."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def uleb(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def sections(module):
    """(id, body) of each section, in order."""
    if module[:8] != b"\0asm\1\0\0\0":
        raise ValueError("not a WebAssembly module (version 1)")
    pos = 8
    while pos < len(module):
        section_id = module[pos]
        size, start = read_uleb(module, pos + 1)
        if start + size > len(module):
            raise ValueError("truncated section")
        yield section_id, module[start:start + size]
        pos = start + size


def section(section_id, body):
    return bytes([section_id]) + uleb(len(body)) + body


def custom_section_name(body):
    """The name of a custom section, from its body."""
    size, pos = read_uleb(body, 0)
    return body[pos:pos + size].decode("utf-8", "replace")


def custom_section(name, payload):
    encoded = name.encode()
    return section(SECTION_CUSTOM, uleb(len(encoded)) + encoded + payload)


def function_names(module):
    """{function index: name} from the module's name section (subsection 1), empty
    without one."""
    names = {}
    for section_id, body in sections(module):
        if section_id != SECTION_CUSTOM or custom_section_name(body) != "name":
            continue
        size, pos = read_uleb(body, 0)
        pos += size
        while pos < len(body):
            subsection, pos = body[pos], pos + 1
            size, pos = read_uleb(body, pos)
            end = pos + size
            if subsection == 1:
                count, pos = read_uleb(body, pos)
                for _ in range(count):
                    index, pos = read_uleb(body, pos)
                    length, pos = read_uleb(body, pos)
                    names[index] = body[pos:pos + length].decode("utf-8", "replace")
                    pos += length
            pos = end
    return names
