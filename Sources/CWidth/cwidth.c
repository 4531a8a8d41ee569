/* wcwidth is hidden from Swift because Glibc does not define __USE_XOPEN (so this C shim calls it). */
#define _XOPEN_SOURCE 700
#include <wchar.h>
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include "CWidth.h"

int cw_wcwidth(uint32_t c) { return wcwidth((wchar_t)c); }

static int is_utf8(const char *codeset) {
  return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

int cw_setup_utf8_locale(void) {
  setlocale(LC_ALL, "");
  if (is_utf8(nl_langinfo(CODESET))) return 1;
  /* Debian ships C.UTF-8 only; en_US.UTF-8 is often missing. */
  return setlocale(LC_CTYPE, "C.UTF-8") != NULL && is_utf8(nl_langinfo(CODESET));
}
