#ifndef CWIDTH_H
#define CWIDTH_H
#include <stdint.h>
/// Display width of one Unicode scalar per the C library (needs a UTF-8 LC_CTYPE); -1 = non-printable.
int cw_wcwidth(uint32_t c);
/// setlocale(LC_ALL, "") and, when the codeset is not UTF-8, fall back to C.UTF-8. 1 = UTF-8 active.
int cw_setup_utf8_locale(void);
#endif
