/* The PDF reader's two hot loops in C: a page's characters from pdfium, and a run of characters cut into words.
 *
 * Each is the Python function it stands for, computed with the same double arithmetic and the same order of
 * comparisons, so its output is equal to the Python one float for float; the Python functions stay the
 * reference and the fallback where this module could not be compiled (setup.py builds it where a C compiler
 * is found), and tests compare the two on every PDF at hand and on arbitrary characters.
 *
 * upright_chars(textpage, text, y_top, x_origin, get_box, get_size, is_generated) -> list[Char]
 *     pdf_pdfium._upright_chars. Reading an upright page costs three pdfium calls per character (is the space
 *     generated, its box, its font size); from Python each costs ~0.35 µs through cffi and the tuple built for
 *     it as much again. Here the calls go from C to the addresses of pypdfium2's own functions (the one pdfium
 *     library pypdfium2 loaded; nothing is linked or opened here). textpage and the functions are addresses
 *     (ints); text holds one character per pdfium index. A Char is (text, x0, x1, top, bottom, True).
 *
 * words_of_run(chars, upright, tolerance, ligatures) -> (words, pending) | None
 *     pdf_layout._words_of_run: the run's characters clustered into lines, each line in position order
 *     (a stable sort), cut into words. A word is (text, top, x0, x1, size, None); where its tail holds a
 *     digit and is not all letters, the last field is the tuple of its characters and its index is in
 *     `pending`, for the Python side to find a footnote mark in it. None when a character's text is not one
 *     character or a coordinate is not a finite number: the Python function decides those runs.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    float left;
    float top;
    float right;
    float bottom;
} Rect;

typedef int (*GetBox)(void *, int, Rect *);
typedef double (*GetSize)(void *, int);
typedef int (*IsGenerated)(void *, int);

static void *address(PyObject *value, const char *what) {
    void *pointer = PyLong_AsVoidPtr(value);
    if (pointer == NULL && !PyErr_Occurred()) {
        PyErr_Format(PyExc_ValueError, "%s is a null address", what);
    }
    return pointer;
}

/* (text, x0, x1, top, bottom, True), stealing nothing: every part is a new or borrowed-and-increfed reference. */
static PyObject *make_char(PyObject *text, double x0, double x1, double top, double bottom) {
    PyObject *char_tuple = PyTuple_New(6);
    if (char_tuple == NULL) {
        return NULL;
    }
    PyObject *parts[4] = {PyFloat_FromDouble(x0), PyFloat_FromDouble(x1), PyFloat_FromDouble(top),
                          PyFloat_FromDouble(bottom)};
    for (int k = 0; k < 4; k++) {
        if (parts[k] == NULL) {
            for (int j = 0; j < 4; j++) {
                Py_XDECREF(parts[j]);
            }
            Py_DECREF(char_tuple);
            return NULL;
        }
    }
    Py_INCREF(text);
    PyTuple_SET_ITEM(char_tuple, 0, text);
    for (int k = 0; k < 4; k++) {
        PyTuple_SET_ITEM(char_tuple, k + 1, parts[k]);
    }
    Py_INCREF(Py_True);
    PyTuple_SET_ITEM(char_tuple, 5, Py_True);
    return char_tuple;
}

static PyObject *upright_chars(PyObject *module, PyObject *args) {
    PyObject *textpage_value, *text, *get_box_value, *get_size_value, *is_generated_value;
    double y_top, x_origin;
    (void)module;
    if (!PyArg_ParseTuple(args, "OUddOOO:upright_chars", &textpage_value, &text, &y_top, &x_origin,
                          &get_box_value, &get_size_value, &is_generated_value)) {
        return NULL;
    }
    void *textpage = address(textpage_value, "textpage");
    GetBox get_box = (GetBox)address(get_box_value, "get_box");
    GetSize get_size = (GetSize)address(get_size_value, "get_size");
    IsGenerated is_generated = (IsGenerated)address(is_generated_value, "is_generated");
    if (PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t count = PyUnicode_GET_LENGTH(text);
    if (count > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "a page of more than 2**31 characters");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *space = PyUnicode_FromOrdinal(' ');
    PyObject *chars = PyList_New(0);
    if (space == NULL || chars == NULL) {
        Py_XDECREF(space);
        Py_XDECREF(chars);
        return NULL;
    }
    PyObject *previous = NULL; /* borrowed from `chars` */
    Rect rect = {0.0f, 0.0f, 0.0f, 0.0f}; /* one buffer for the page, as the Python loop: a failed call leaves it */
    for (Py_ssize_t i = 0; i < count; i++) {
        Py_UCS4 code = PyUnicode_READ(kind, data, i);
        PyObject *made;
        if (code == '\r' || code == '\n') {
            continue; /* a line break pdfium generates */
        }
        if (code == ' ' && is_generated(textpage, (int)i)) {
            if (previous == NULL) {
                continue;
            }
            /* a break pdfium saw in the spacing: a space at the previous character's place */
            double end = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(previous, 2));
            made = make_char(space, end, end, PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(previous, 3)),
                             PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(previous, 4)));
        } else {
            PyObject *letter = PyUnicode_Substring(text, i, i + 1);
            if (letter == NULL) {
                goto fail;
            }
            get_box(textpage, (int)i, &rect);
            double bottom = y_top - (double)rect.bottom;
            double size = get_size(textpage, (int)i);
            made = make_char(letter, (double)rect.left - x_origin, (double)rect.right - x_origin, bottom - size,
                             bottom);
            Py_DECREF(letter);
            if (made == NULL) {
                goto fail;
            }
            if (PyList_Append(chars, made) < 0) {
                Py_DECREF(made);
                goto fail;
            }
            Py_DECREF(made);
            previous = made;
            continue;
        }
        if (made == NULL) {
            goto fail;
        }
        if (PyList_Append(chars, made) < 0) {
            Py_DECREF(made);
            goto fail;
        }
        Py_DECREF(made);
    }
    Py_DECREF(space);
    return chars;
fail:
    Py_DECREF(space);
    Py_DECREF(chars);
    return NULL;
}


/* --- words_of_run ------------------------------------------------------------------------------------- */

enum { TEXT = 0, X0 = 1, X1 = 2, TOP = 3, BOTTOM = 4 };

typedef struct {
    double key;  /* the line value (first sort) or the position (second sort) */
    long group;  /* the line cluster (second sort) */
    Py_ssize_t index;
} Entry;

static int by_key_then_index(const void *a, const void *b) {
    const Entry *x = a, *y = b;
    if (x->key < y->key) return -1;
    if (x->key > y->key) return 1;
    return (x->index > y->index) - (x->index < y->index);
}

static int by_group_key_index(const void *a, const void *b) {
    const Entry *x = a, *y = b;
    if (x->group != y->group) return (x->group > y->group) - (x->group < y->group);
    return by_key_then_index(a, b);
}

static double coordinate(PyObject *char_tuple, int field) { return PyFloat_AsDouble(PyTuple_GET_ITEM(char_tuple, field)); }

/* One word of the characters chars[members[0..count)], as pdf_layout._word makes it. */
static PyObject *make_word(PyObject *chars, const Py_ssize_t *members, Py_ssize_t count, PyObject *ligatures,
                           int *pending) {
    PyObject *first = PyList_GET_ITEM(chars, members[0]);
    double top = coordinate(first, TOP), x1 = coordinate(first, X1);
    double size = coordinate(first, BOTTOM) - top;
    PyObject *parts = PyList_New(count);
    if (parts == NULL) return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *member = PyList_GET_ITEM(chars, members[k]);
        if (k > 0) {
            double member_top = coordinate(member, TOP), member_x1 = coordinate(member, X1);
            double member_size = coordinate(member, BOTTOM) - member_top;
            if (member_top < top) top = member_top; /* min and max keep the first of equals, as Python's */
            if (member_x1 > x1) x1 = member_x1;
            if (member_size > size) size = member_size;
        }
        PyObject *letter = PyTuple_GET_ITEM(member, TEXT);
        PyObject *mapped = PyDict_GetItemWithError(ligatures, letter);
        if (mapped == NULL && PyErr_Occurred()) {
            Py_DECREF(parts);
            return NULL;
        }
        mapped = mapped != NULL ? mapped : letter;
        Py_INCREF(mapped);
        PyList_SET_ITEM(parts, k, mapped);
    }
    PyObject *empty = PyUnicode_FromStringAndSize(NULL, 0);
    PyObject *text = empty != NULL ? PyUnicode_Join(empty, parts) : NULL;
    Py_XDECREF(empty);
    Py_DECREF(parts);
    if (text == NULL) return NULL;
    *pending = 0;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (count > 1 && length > 1) { /* _word: the tail is not all letters and holds a digit */
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        int all_letters = 1, digit = 0;
        for (Py_ssize_t k = 1; k < length; k++) {
            Py_UCS4 code = PyUnicode_READ(kind, data, k);
            all_letters = all_letters && Py_UNICODE_ISALPHA(code);
            digit = digit || Py_UNICODE_ISDIGIT(code);
        }
        *pending = !all_letters && digit;
    }
    PyObject *last;
    if (*pending) {
        last = PyTuple_New(count);
        if (last == NULL) {
            Py_DECREF(text);
            return NULL;
        }
        for (Py_ssize_t k = 0; k < count; k++) {
            PyObject *member = PyList_GET_ITEM(chars, members[k]);
            Py_INCREF(member);
            PyTuple_SET_ITEM(last, k, member);
        }
    } else {
        last = Py_None;
        Py_INCREF(last);
    }
    PyObject *x0_value = PyTuple_GET_ITEM(first, X0);
    Py_INCREF(x0_value);
    return Py_BuildValue("(NNNNNN)", text, PyFloat_FromDouble(top), x0_value, PyFloat_FromDouble(x1),
                         PyFloat_FromDouble(size), last);
}

static PyObject *words_of_run(PyObject *module, PyObject *args) {
    PyObject *chars, *ligatures;
    int upright;
    double tolerance;
    (void)module;
    if (!PyArg_ParseTuple(args, "O!pdO!:words_of_run", &PyList_Type, &chars, &upright, &tolerance, &PyDict_Type,
                          &ligatures)) {
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(chars);
    int line_key = upright ? TOP : X0, order_key = upright ? X0 : TOP, end_key = upright ? X1 : BOTTOM;
    for (Py_ssize_t i = 0; i < n; i++) { /* what this loop cannot decide goes back to Python */
        PyObject *item = PyList_GET_ITEM(chars, i);
        if (!PyTuple_CheckExact(item) || PyTuple_GET_SIZE(item) < 6) Py_RETURN_NONE;
        PyObject *letter = PyTuple_GET_ITEM(item, TEXT);
        if (!PyUnicode_CheckExact(letter) || PyUnicode_GET_LENGTH(letter) != 1) Py_RETURN_NONE;
        for (int field = X0; field <= BOTTOM; field++) {
            PyObject *value = PyTuple_GET_ITEM(item, field);
            if (!PyFloat_CheckExact(value) || !isfinite(PyFloat_AS_DOUBLE(value))) Py_RETURN_NONE;
        }
    }
    Entry *entries = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Entry));
    Py_ssize_t *members = PyMem_Malloc((size_t)(n ? n : 1) * sizeof(Py_ssize_t));
    PyObject *words = PyList_New(0), *pending = PyList_New(0);
    if (entries == NULL || members == NULL || words == NULL || pending == NULL) {
        PyMem_Free(entries);
        PyMem_Free(members);
        Py_XDECREF(words);
        Py_XDECREF(pending);
        return PyErr_NoMemory();
    }
    /* line clusters: distinct line values in order, a new cluster where one exceeds the previous by more than
     * the tolerance (pdf_layout._clusters) */
    for (Py_ssize_t i = 0; i < n; i++) {
        entries[i].key = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(PyList_GET_ITEM(chars, i), line_key));
        entries[i].index = i;
    }
    qsort(entries, (size_t)n, sizeof(Entry), by_key_then_index);
    long cluster = -1;
    double last = -INFINITY;
    for (Py_ssize_t k = 0; k < n; k++) {
        double value = entries[k].key;
        if (k == 0 || value != entries[k - 1].key) {
            if (value > last + tolerance) cluster++;
            last = value;
        }
        entries[k].group = cluster;
    }
    /* each line in content order, then by position, stable: one sort by (cluster, position, content index) */
    for (Py_ssize_t k = 0; k < n; k++) {
        entries[k].key = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(PyList_GET_ITEM(chars, entries[k].index), order_key));
    }
    qsort(entries, (size_t)n, sizeof(Entry), by_group_key_index);
    Py_ssize_t count = 0;
    double start = 0.0, reach = 0.0, level = 0.0;
    for (Py_ssize_t k = 0; k <= n; k++) {
        int line_ends = k == n || (k > 0 && entries[k].group != entries[k - 1].group);
        PyObject *item = k < n ? PyList_GET_ITEM(chars, entries[k].index) : NULL;
        int is_space = 0, breaks = line_ends;
        double here = 0.0, line_value = 0.0;
        if (item != NULL) {
            PyObject *letter = PyTuple_GET_ITEM(item, TEXT);
            is_space = Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(letter, 0));
            here = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(item, order_key));
            line_value = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(item, line_key));
            breaks = breaks || is_space ||
                     (count > 0 && (here < start || here > reach || fabs(line_value - level) > tolerance));
        }
        if (breaks && count > 0) {
            int needs_marker = 0;
            PyObject *word = make_word(chars, members, count, ligatures, &needs_marker);
            if (word == NULL || PyList_Append(words, word) < 0) {
                Py_XDECREF(word);
                goto fail;
            }
            Py_DECREF(word);
            if (needs_marker) {
                PyObject *at = PyLong_FromSsize_t(PyList_GET_SIZE(words) - 1);
                if (at == NULL || PyList_Append(pending, at) < 0) {
                    Py_XDECREF(at);
                    goto fail;
                }
                Py_DECREF(at);
            }
            count = 0;
        }
        if (item == NULL || is_space) continue;
        members[count++] = entries[k].index;
        start = here;
        reach = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(item, end_key)) + tolerance;
        level = line_value;
    }
    PyMem_Free(entries);
    PyMem_Free(members);
    return Py_BuildValue("(NN)", words, pending);
fail:
    PyMem_Free(entries);
    PyMem_Free(members);
    Py_DECREF(words);
    Py_DECREF(pending);
    return NULL;
}

static PyMethodDef methods[] = {
    {"upright_chars", upright_chars, METH_VARARGS,
     "upright_chars(textpage, text, y_top, x_origin, get_box, get_size, is_generated) -> list of Char"},
    {"words_of_run", words_of_run, METH_VARARGS,
     "words_of_run(chars, upright, tolerance, ligatures) -> (words, pending), or None for Python to decide"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT, "_pdf_loops", "The PDF reader's hot loops in C.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__pdf_loops(void) { return PyModule_Create(&module_definition); }
