#ifndef CBYTESEARCH_H
#define CBYTESEARCH_H
#include <stddef.h>

/// memmem(3): glibc's SIMD substring search (Swift cannot see it without _GNU_SOURCE).
/// Returns the offset of the first match of needle in hay, or -1.
long bw_memmem(const void *hay, size_t hay_len, const void *needle, size_t needle_len);

#endif
