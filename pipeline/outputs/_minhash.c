/* The copy-finding signature's hot loop in C: summary._signature_of_words.
 *
 * signature(words, bins) -> tuple[int, ...]
 *     words: the document's words, each UTF-8 encoded (bytes). A 5-gram is five consecutive words joined by
 *     single spaces (a text of fewer than five words is one gram, all of them joined); its hash is the 8-byte
 *     BLAKE2b digest (hashlib.blake2b(gram, digest_size=8)) read as a big-endian integer h; bin h % bins gets
 *     the smallest h // bins of its grams, and a bin no gram fell in is -1. That is the Python function's
 *     result (it pops the hashes in ascending order and lets each bin keep the first it receives), computed in
 *     one pass here: ~800 grams of a 4 KB report cost ~1 ms in Python (a blake2b object per gram) and ~0.05 ms
 *     here. BLAKE2b is RFC 7693's, unkeyed, written out below; tests hold it to hashlib's on arbitrary bytes.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static const uint64_t IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const uint8_t SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4}, {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13}, {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11}, {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5}, {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

static inline uint64_t rotr(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

static inline uint64_t load64(const uint8_t *p) {  // little-endian, whatever the machine's order
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

#define G(a, b, c, d, x, y)           \
    do {                              \
        v[a] = v[a] + v[b] + (x);     \
        v[d] = rotr(v[d] ^ v[a], 32); \
        v[c] = v[c] + v[d];           \
        v[b] = rotr(v[b] ^ v[c], 24); \
        v[a] = v[a] + v[b] + (y);     \
        v[d] = rotr(v[d] ^ v[a], 16); \
        v[c] = v[c] + v[d];           \
        v[b] = rotr(v[b] ^ v[c], 63); \
    } while (0)

static void compress(uint64_t h[8], const uint8_t block[128], uint64_t counter, int last) {
    uint64_t m[16], v[16];
    for (int i = 0; i < 16; i++) m[i] = load64(block + 8 * i);
    for (int i = 0; i < 8; i++) {
        v[i] = h[i];
        v[i + 8] = IV[i];
    }
    v[12] ^= counter;  // the byte count's low word; its high word (v[13]) stays 0 below 2^64 bytes
    if (last) v[14] = ~v[14];
    for (int r = 0; r < 12; r++) {
        const uint8_t *s = SIGMA[r];
        G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

/* BLAKE2b of data[0:n] with an 8-byte digest, read as a big-endian integer. */
static uint64_t blake2b_64(const uint8_t *data, Py_ssize_t n) {
    uint64_t h[8];
    uint8_t block[128];
    memcpy(h, IV, sizeof h);
    h[0] ^= 0x01010000ULL ^ 8;  // depth 1, fanout 1, no key, digest length 8
    uint64_t counter = 0;
    while (n > 128) {
        counter += 128;
        compress(h, data, counter, 0);
        data += 128;
        n -= 128;
    }
    memset(block, 0, sizeof block);
    memcpy(block, data, (size_t)n);
    counter += (uint64_t)n;
    compress(h, block, counter, 1);
    uint64_t big = 0;  // the digest is h[0]'s bytes, least significant first; read them most significant first
    for (int i = 0; i < 8; i++) big = (big << 8) | ((h[0] >> (8 * i)) & 0xff);
    return big;
}

static PyObject *signature(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *words;
    Py_ssize_t bins;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &words, &bins)) return NULL;
    if (bins < 1 || bins > 4096) {
        PyErr_SetString(PyExc_ValueError, "bins must be between 1 and 4096");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    Py_ssize_t total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyList_GET_ITEM(words, i);
        if (!PyBytes_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "words must be bytes");
            return NULL;
        }
        total += PyBytes_GET_SIZE(w) + 1;
    }
    // the words joined by single spaces, and where each word starts in the joined bytes
    uint8_t *joined = PyMem_Malloc((size_t)total + 1);
    Py_ssize_t *starts = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    uint64_t *least = PyMem_Malloc(sizeof(uint64_t) * (size_t)bins);
    uint8_t *seen = PyMem_Calloc((size_t)bins, 1);
    if (!joined || !starts || !least || !seen) {
        PyMem_Free(joined);
        PyMem_Free(starts);
        PyMem_Free(least);
        PyMem_Free(seen);
        return PyErr_NoMemory();
    }
    Py_ssize_t at = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyList_GET_ITEM(words, i);
        if (i) joined[at++] = ' ';
        starts[i] = at;
        memcpy(joined + at, PyBytes_AS_STRING(w), (size_t)PyBytes_GET_SIZE(w));
        at += PyBytes_GET_SIZE(w);
    }
    starts[n] = at + 1;  // where a word after the last would start: gram i ends just before starts[i + 5]
    uint64_t ubins = (uint64_t)bins;
    Py_BEGIN_ALLOW_THREADS;
    if (n < 5) {
        uint64_t h = blake2b_64(joined, at);
        least[h % ubins] = h;
        seen[h % ubins] = 1;
    } else {
        for (Py_ssize_t i = 0; i + 5 <= n; i++) {
            uint64_t h = blake2b_64(joined + starts[i], starts[i + 5] - 1 - starts[i]);
            uint64_t b = h % ubins;
            if (!seen[b] || h < least[b]) {
                least[b] = h;
                seen[b] = 1;
            }
        }
    }
    Py_END_ALLOW_THREADS;
    PyObject *result = PyTuple_New(bins);
    for (Py_ssize_t b = 0; result && b < bins; b++) {
        PyObject *value = seen[b] ? PyLong_FromUnsignedLongLong(least[b] / ubins) : PyLong_FromLong(-1);
        if (!value) {
            Py_CLEAR(result);
            break;
        }
        PyTuple_SET_ITEM(result, b, value);
    }
    PyMem_Free(joined);
    PyMem_Free(starts);
    PyMem_Free(least);
    PyMem_Free(seen);
    return result;
}

static PyObject *blake2b_8(PyObject *Py_UNUSED(self), PyObject *args) {
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "y*", &data)) return NULL;
    uint64_t h = blake2b_64(data.buf, data.len);
    PyBuffer_Release(&data);
    return PyLong_FromUnsignedLongLong(h);
}

static PyMethodDef methods[] = {
    {"signature", signature, METH_VARARGS, "The MinHash signature of UTF-8 words' 5-grams over `bins` bins."},
    {"blake2b_8", blake2b_8, METH_VARARGS, "BLAKE2b of bytes, 8-byte digest, as a big-endian integer (tests)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_definition = {
    PyModuleDef_HEAD_INIT, "_minhash", "The copy-finding signature in C.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__minhash(void) { return PyModule_Create(&module_definition); }
