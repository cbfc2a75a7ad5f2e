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
#include <string.h>

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

/* Append a new reference to `list`, giving it up; -1 (an exception set) when it is NULL or cannot be added. */
static int append_new(PyObject *list, PyObject *item) {
    if (item == NULL) return -1;
    int failed = PyList_Append(list, item);
    Py_DECREF(item);
    return failed;
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
        int generated = code == ' ' && is_generated(textpage, (int)i);
        if (code == '\r' || code == '\n') {
            continue; /* a line break pdfium generates */
        }
        if (generated) {
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
        }
        if (append_new(chars, made) < 0) {
            goto fail;
        }
        if (!generated) {
            previous = made; /* the list holds it */
        }
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

/* --- page_census ------------------------------------------------------------------------------------- */

/* page_census: pdf_pdfium.page_objects (the _Walker), over the pdfium functions of pdfium_calls.CENSUS_CALLS,
 * given as addresses in that order. */
typedef struct {
    float a, b, c, d, e, f;
} Matrix;

typedef struct {
    int (*count_objects)(void *);
    void *(*get_object)(void *, int);
    int (*get_type)(void *);
    int (*get_matrix)(void *, Matrix *);
    int (*get_bounds)(void *, float *, float *, float *, float *);
    void *(*text_font)(void *);
    int (*text_font_size)(void *, float *);
    int (*font_descent)(void *, float, float *);
    int (*image_pixel_size)(void *, unsigned int *, unsigned int *);
    int (*form_count)(void *);
    void *(*form_object)(void *, unsigned long);
    int (*count_segments)(void *);
    void *(*get_segment)(void *, int);
    int (*segment_point)(void *, float *, float *);
    int (*segment_type)(void *);
    int (*segment_close)(void *);
} Census;

enum { CENSUS_CALLS = 16, PAGEOBJ_TEXT = 1, PAGEOBJ_PATH = 2, PAGEOBJ_IMAGE = 3, PAGEOBJ_FORM = 5, MOVETO = 2 };

typedef struct {
    Census f;
    int rotation;
    double x0, y0, x1, y1; /* the media box */
    int with_edges;
    /* what the walk finds */
    long text_objects, paths;
    int rotated_text;
    PyObject *images, *edges, *ghosts;
    /* the out-parameter buffers, one for the walk, as the Python walker's */
    Matrix matrix;
    float box[4]; /* left, bottom, right, top */
    float point[2];
    float size, descent;
    unsigned int pixels[2];
    PyObject *keys[9]; /* an edge dict's keys */
    PyObject *line, *horizontal, *vertical, *space;
} Walk;

static const char *const EDGE_KEYS[9] = {"object_type", "x0", "x1", "top", "bottom", "doctop", "width", "height",
                                         "orientation"};

/* PageGeometry.point: a user-space point as (x, top) on the displayed page */
static void display_point(const Walk *w, double x, double y, double *out_x, double *out_y) {
    if (w->rotation == 90) {
        *out_x = y - w->y0;
        *out_y = x - w->x0;
    } else if (w->rotation == 180) {
        *out_x = w->x1 - x;
        *out_y = y - w->y0;
    } else if (w->rotation == 270) {
        *out_x = w->y1 - y;
        *out_y = w->x1 - x;
    } else {
        *out_x = x - w->x0;
        *out_y = w->y1 - y;
    }
}

static void read_matrix(const Walk *w, double m[6]) {
    m[0] = w->matrix.a;
    m[1] = w->matrix.b;
    m[2] = w->matrix.c;
    m[3] = w->matrix.d;
    m[4] = w->matrix.e;
    m[5] = w->matrix.f;
}

/* pdf_pdfium._compose: `inner` then `outer` */
static void compose(const double inner[6], const double outer[6], double out[6]) {
    double a = inner[0], b = inner[1], c = inner[2], d = inner[3], e = inner[4], f = inner[5];
    double A = outer[0], B = outer[1], C = outer[2], D = outer[3], E = outer[4], F = outer[5];
    out[0] = a * A + b * C;
    out[1] = a * B + b * D;
    out[2] = c * A + d * C;
    out[3] = c * B + d * D;
    out[4] = e * A + f * C + E;
    out[5] = e * B + f * D + F;
}

/* pdf_pdfium._add_edge: the segment as a pdfplumber edge dict when it is horizontal or vertical */
static int add_edge(Walk *w, double xa, double ya, double xb, double yb) {
    double left, right, top, bottom;
    PyObject *orientation;
    if (ya == yb && xa != xb) {
        orientation = w->horizontal;
        top = bottom = ya;
        left = xb < xa ? xb : xa;
        right = xb > xa ? xb : xa;
    } else if (xa == xb && ya != yb) {
        orientation = w->vertical;
        left = right = xa;
        top = yb < ya ? yb : ya;
        bottom = yb > ya ? yb : ya;
    } else {
        return 0;
    }
    PyObject *edge = PyDict_New();
    if (edge == NULL) return -1;
    double numbers[7] = {left, right, top, bottom, top, right - left, bottom - top};
    int failed = PyDict_SetItem(edge, w->keys[0], w->line) < 0;
    for (int k = 0; k < 7 && !failed; k++) {
        PyObject *value = PyFloat_FromDouble(numbers[k]);
        failed = value == NULL || PyDict_SetItem(edge, w->keys[k + 1], value) < 0;
        Py_XDECREF(value);
    }
    failed = failed || PyDict_SetItem(edge, w->keys[8], orientation) < 0;
    if (failed) {
        Py_DECREF(edge);
        return -1;
    }
    return append_new(w->edges, edge);
}

static int closed(Walk *w, void *obj, int first) {
    for (int i = first; i < first + 4; i++) {
        if (w->f.segment_close(w->f.get_segment(obj, i))) return 1;
    }
    return 0;
}

/* _Walker.path_edges */
static int path_edges(Walk *w, void *obj, const double m[6]) {
    int count = w->f.count_segments(obj);
    if (count > 2000) return 0; /* a drawing, not rulings */
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
    int first = -1, points = 0;
    double start_x = 0.0, start_y = 0.0, last_x = 0.0, last_y = 0.0;
    for (int i = 0; i < count; i++) {
        void *segment = w->f.get_segment(obj, i);
        w->f.segment_point(segment, &w->point[0], &w->point[1]);
        double px = w->point[0], py = w->point[1], here_x, here_y;
        if (w->rotation == 0) {
            here_x = a * px + c * py + e - w->x0;
            here_y = w->y1 - (b * px + d * py + f);
        } else {
            display_point(w, a * px + c * py + e, b * px + d * py + f, &here_x, &here_y);
        }
        if (w->f.segment_type(segment) == MOVETO || first < 0) {
            if (points == 4 && closed(w, obj, first) && add_edge(w, last_x, last_y, start_x, start_y) < 0) return -1;
            first = i;
            points = 1;
            start_x = here_x;
            start_y = here_y;
        } else {
            if (add_edge(w, last_x, last_y, here_x, here_y) < 0) return -1;
            points++;
        }
        last_x = here_x;
        last_y = here_y;
    }
    if (points == 4 && closed(w, obj, first) && add_edge(w, last_x, last_y, start_x, start_y) < 0) return -1;
    return 0;
}

/* _Walker._ghost_space: a text object whose glyphs have no extent, as the space pdfminer saw */
static int ghost_space(Walk *w, void *obj, const double m[6]) {
    void *font = w->f.text_font(obj);
    if (font == NULL || !w->f.text_font_size(obj, &w->size)) return 0;
    double font_size = (double)w->size * pow(fabs(m[0] * m[3] - m[1] * m[2]), 0.5);
    if (font_size <= 0 || !w->f.font_descent(font, (float)font_size, &w->descent)) return 0;
    double x, low;
    display_point(w, m[4], m[5] + (double)w->descent, &x, &low);
    return append_new(w->ghosts, make_char(w->space, x, x, low - font_size, low));
}

/* _Walker.bounds: an object's box on the displayed page (x0, top, x1, bottom) */
static void bounds(Walk *w, void *obj, double out[4]) {
    w->box[0] = w->box[1] = w->box[2] = w->box[3] = 0.0f;
    w->f.get_bounds(obj, &w->box[0], &w->box[1], &w->box[2], &w->box[3]);
    double xa, ya, xb, yb;
    display_point(w, w->box[0], w->box[1], &xa, &ya);
    display_point(w, w->box[2], w->box[3], &xb, &yb);
    out[0] = xb < xa ? xb : xa; /* min and max of two keep the first of equals, as Python's */
    out[1] = yb < ya ? yb : ya;
    out[2] = xb > xa ? xb : xa;
    out[3] = yb > ya ? yb : ya;
}

static int upright_matrix(const double m[6]) { return m[0] * m[3] > 0 && m[1] * m[2] <= 0; }

/* _Walker.walk over `count` objects got by `object_at(parent, i)` */
static int walk(Walk *w, void *parent, int count, int in_form, const double outer[6], int depth) {
    long text_objects = 0;
    double m[6], composed[6];
    for (int i = 0; i < count; i++) {
        void *obj = in_form ? w->f.form_object(parent, (unsigned long)i) : w->f.get_object(parent, i);
        int kind = w->f.get_type(obj);
        if (kind == PAGEOBJ_TEXT) {
            text_objects++;
            if (outer == NULL) { /* the page's own text: its matrix as it is */
                if (!w->rotated_text) {
                    w->f.get_matrix(obj, &w->matrix);
                    read_matrix(w, m);
                    if (!upright_matrix(m)) w->rotated_text = 1;
                }
                if (w->f.get_bounds(obj, &w->box[0], &w->box[1], &w->box[2], &w->box[3])) {
                    double bx0 = w->box[0], by0 = w->box[1], bx1 = w->box[2], by1 = w->box[3];
                    if (bx1 - bx0 < 1e-3 && by1 - by0 < 1e-3) {
                        w->f.get_matrix(obj, &w->matrix);
                        read_matrix(w, m);
                        if (ghost_space(w, obj, m) < 0) return -1;
                    }
                }
            } else if (!w->rotated_text) { /* text inside a form: upright once the form's matrix is applied? */
                w->f.get_matrix(obj, &w->matrix);
                read_matrix(w, m);
                compose(m, outer, composed);
                if (!upright_matrix(composed)) w->rotated_text = 1;
            }
        } else if (kind == PAGEOBJ_PATH) {
            w->paths++;
            if (w->with_edges) {
                w->f.get_matrix(obj, &w->matrix);
                read_matrix(w, m);
                if (outer != NULL) compose(m, outer, composed);
                if (path_edges(w, obj, outer == NULL ? m : composed) < 0) return -1;
            }
        } else if (kind == PAGEOBJ_IMAGE) {
            w->pixels[0] = w->pixels[1] = 0;
            w->f.image_pixel_size(obj, &w->pixels[0], &w->pixels[1]);
            double box[4];
            bounds(w, obj, box);
            if (append_new(w->images, Py_BuildValue("(ddddII)", box[0], box[1], box[2], box[3], w->pixels[0],
                                                    w->pixels[1])) < 0)
                return -1;
        } else if (kind == PAGEOBJ_FORM && depth < 8) {
            w->f.get_matrix(obj, &w->matrix);
            read_matrix(w, m);
            if (outer != NULL) compose(m, outer, composed);
            double form_outer[6];
            memcpy(form_outer, outer == NULL ? m : composed, sizeof form_outer);
            if (walk(w, obj, w->f.form_count(obj), 1, form_outer, depth + 1) < 0) return -1;
        }
    }
    w->text_objects += text_objects;
    return 0;
}

static PyObject *page_census(PyObject *module, PyObject *args) {
    PyObject *page_value, *functions;
    Walk w;
    (void)module;
    memset(&w, 0, sizeof w);
    if (!PyArg_ParseTuple(args, "OpiddddO!:page_census", &page_value, &w.with_edges, &w.rotation, &w.x0, &w.y0,
                          &w.x1, &w.y1, &PyTuple_Type, &functions)) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(functions) != CENSUS_CALLS) {
        PyErr_Format(PyExc_ValueError, "page_census takes %d function addresses", CENSUS_CALLS);
        return NULL;
    }
    void *page = address(page_value, "page");
    void *at[CENSUS_CALLS];
    for (int k = 0; k < CENSUS_CALLS && !PyErr_Occurred(); k++) {
        at[k] = address(PyTuple_GET_ITEM(functions, k), "a pdfium function");
    }
    if (PyErr_Occurred()) return NULL;
    w.f.count_objects = (int (*)(void *))at[0];
    w.f.get_object = (void *(*)(void *, int))at[1];
    w.f.get_type = (int (*)(void *))at[2];
    w.f.get_matrix = (int (*)(void *, Matrix *))at[3];
    w.f.get_bounds = (int (*)(void *, float *, float *, float *, float *))at[4];
    w.f.text_font = (void *(*)(void *))at[5];
    w.f.text_font_size = (int (*)(void *, float *))at[6];
    w.f.font_descent = (int (*)(void *, float, float *))at[7];
    w.f.image_pixel_size = (int (*)(void *, unsigned int *, unsigned int *))at[8];
    w.f.form_count = (int (*)(void *))at[9];
    w.f.form_object = (void *(*)(void *, unsigned long))at[10];
    w.f.count_segments = (int (*)(void *))at[11];
    w.f.get_segment = (void *(*)(void *, int))at[12];
    w.f.segment_point = (int (*)(void *, float *, float *))at[13];
    w.f.segment_type = (int (*)(void *))at[14];
    w.f.segment_close = (int (*)(void *))at[15];
    PyObject *result = NULL;
    w.images = PyList_New(0);
    w.edges = PyList_New(0);
    w.ghosts = PyList_New(0);
    w.line = PyUnicode_InternFromString("line");
    w.horizontal = PyUnicode_InternFromString("h");
    w.vertical = PyUnicode_InternFromString("v");
    w.space = PyUnicode_FromOrdinal(' ');
    int ready = w.images && w.edges && w.ghosts && w.line && w.horizontal && w.vertical && w.space;
    for (int k = 0; k < 9 && ready; k++) {
        w.keys[k] = PyUnicode_InternFromString(EDGE_KEYS[k]);
        ready = w.keys[k] != NULL;
    }
    if (ready && walk(&w, page, w.f.count_objects(page), 0, NULL, 0) == 0) {
        result = Py_BuildValue("(lilOOO)", w.text_objects, w.rotated_text, w.paths, w.images, w.edges, w.ghosts);
    }
    Py_XDECREF(w.images);
    Py_XDECREF(w.edges);
    Py_XDECREF(w.ghosts);
    Py_XDECREF(w.line);
    Py_XDECREF(w.horizontal);
    Py_XDECREF(w.vertical);
    Py_XDECREF(w.space);
    for (int k = 0; k < 9; k++) Py_XDECREF(w.keys[k]);
    return result;
}

static PyMethodDef methods[] = {
    {"upright_chars", upright_chars, METH_VARARGS,
     "upright_chars(textpage, text, y_top, x_origin, get_box, get_size, is_generated) -> list of Char"},
    {"words_of_run", words_of_run, METH_VARARGS,
     "words_of_run(chars, upright, tolerance, ligatures) -> (words, pending), or None for Python to decide"},
    {"page_census", page_census, METH_VARARGS,
     "page_census(page, with_edges, rotation, x0, y0, x1, y1, functions) -> (text objects, rotated text, paths, "
     "images, edges, ghost spaces)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT, "_pdf_loops", "The PDF reader's hot loops in C.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__pdf_loops(void) { return PyModule_Create(&module_definition); }
