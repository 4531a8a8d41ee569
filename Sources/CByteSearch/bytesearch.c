#define _GNU_SOURCE
#include <string.h>
#include "CByteSearch.h"

long bw_memmem(const void *hay, size_t hay_len, const void *needle, size_t needle_len) {
    const char *hit = memmem(hay, hay_len, needle, needle_len);
    return hit ? (long)(hit - (const char *)hay) : -1;
}
