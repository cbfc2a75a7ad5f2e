"""pdfium's functions for the page loops of the PDF reader, called through cffi.

Reading a page's text layer costs a few thousand pdfium calls: two per character
(its box, its font size), two or three per page object and per path segment.
Through pypdfium2's ctypes bindings each call costs ~0.75 µs, most of it ctypes
checking and wrapping the typed handle pointers; through cffi the same function
costs ~0.35 µs. So these few functions are called as cffi function pointers at
the addresses of pypdfium2's own functions (the one pdfium library pypdfium2
loaded, nothing else is opened), with the C signatures written out from
pypdfium2's own prototypes: handles (pointers to pdfium's opaque structs) are
`void *`, everything else keeps its type.

    calls = pdfium_calls()
    page = calls.handle(pdfium_page.raw)      # a pypdfium2 handle as a cffi `void *`
    count = calls.FPDFPage_CountObjects(page)

Only a handle pdfium returned is ever passed; out-parameters are cffi buffers
made here (`calls.ffi.new`).
"""

from __future__ import annotations

import ctypes
import functools
from types import SimpleNamespace
from typing import Any

# what pipeline.readers._pdf_loops.page_census calls, in its order (the first sixteen of CALLS)
CENSUS_CALLS = (
    "FPDFPage_CountObjects",
    "FPDFPage_GetObject",
    "FPDFPageObj_GetType",
    "FPDFPageObj_GetMatrix",
    "FPDFPageObj_GetBounds",
    "FPDFTextObj_GetFont",
    "FPDFTextObj_GetFontSize",
    "FPDFFont_GetDescent",
    "FPDFImageObj_GetImagePixelSize",
    "FPDFFormObj_CountObjects",
    "FPDFFormObj_GetObject",
    "FPDFPath_CountSegments",
    "FPDFPath_GetPathSegment",
    "FPDFPathSegment_GetPoint",
    "FPDFPathSegment_GetType",
    "FPDFPathSegment_GetClose",
)
CALLS = (
    *CENSUS_CALLS,
    "FPDFText_CountChars",
    "FPDFText_GetText",
    "FPDFText_GetUnicode",
    "FPDFText_GetLooseCharBox",
    "FPDFText_GetFontSize",
    "FPDFText_IsGenerated",
    "FPDFText_GetMatrix",
)

_SCALARS: dict[Any, str] = {
    ctypes.c_int: "int",
    ctypes.c_uint: "unsigned int",
    ctypes.c_long: "long",
    ctypes.c_ulong: "unsigned long",
    ctypes.c_ushort: "unsigned short",
    ctypes.c_float: "float",
    ctypes.c_double: "double",
}


def c_type(kind: Any, structs: dict[Any, str]) -> str:
    """The C spelling of one of pypdfium2's ctypes types (a result or an argument)."""
    if kind is None:
        return "void"
    if kind in _SCALARS:
        return _SCALARS[kind]
    if kind in structs:
        return structs[kind]
    if isinstance(kind, type) and issubclass(kind, ctypes._Pointer):
        target = kind._type_
        if isinstance(target, type) and issubclass(target, ctypes.Structure) and not getattr(target, "_fields_", None):
            return "void *"  # a handle: page, page object, text page, font, path segment
        return c_type(target, structs) + " *"
    raise TypeError(f"no C spelling for the ctypes type {kind!r}")


def c_signature(typed: Any, structs: dict[Any, str]) -> str:
    """`restype (*)(argtypes…)` of a pypdfium2 function, for `ffi.cast`."""
    arguments = ", ".join(c_type(kind, structs) for kind in typed.argtypes) or "void"
    return f"{c_type(typed.restype, structs)} (*)({arguments})"


def _struct_cdef(name: str, kind: Any) -> str:
    fields = " ".join(f"{_SCALARS[field_type]} {field};" for field, field_type in kind._fields_)
    return f"typedef struct {{ {fields} }} {name};"


@functools.cache
def pdfium_calls() -> SimpleNamespace:
    """The functions of `CALLS` as cffi function pointers, with `ffi` and `handle(typed_pointer)`."""
    import cffi
    import pypdfium2.raw as pdfium_c

    ffi = cffi.FFI()
    structs = {pdfium_c.FS_RECTF: "FS_RECTF", pdfium_c.FS_MATRIX: "FS_MATRIX"}
    ffi.cdef("\n".join(_struct_cdef(name, kind) for kind, name in structs.items()))
    calls: dict[str, Any] = {"ffi": ffi}
    for name in CALLS:
        typed = getattr(pdfium_c, name)
        calls[name] = ffi.cast(c_signature(typed, structs), ctypes.cast(typed, ctypes.c_void_p).value)

    def handle(typed_pointer: Any) -> Any:
        """A pypdfium2 handle (a typed ctypes pointer) as the `void *` these functions take."""
        return ffi.cast("void *", ctypes.cast(typed_pointer, ctypes.c_void_p).value or 0)

    def address_of(pointer: Any) -> int:
        """A cffi pointer (a handle or one of these functions) as the int the compiled loop takes."""
        return int(ffi.cast("uintptr_t", pointer))

    calls["handle"] = handle
    calls["address"] = address_of
    # what pipeline.readers._pdf_loops.upright_chars calls, in its argument order
    calls["census_addresses"] = tuple(address_of(calls[name]) for name in CENSUS_CALLS)
    calls["char_loop_addresses"] = tuple(
        address_of(calls[name]) for name in ("FPDFText_GetLooseCharBox", "FPDFText_GetFontSize", "FPDFText_IsGenerated")
    )
    return SimpleNamespace(**calls)
