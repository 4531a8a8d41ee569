/* Shim for ncursesw (wide-character ncurses: get_wch, add_wch, cchar_t).
 * SwiftPM drops the pkg-config cflags (-D_XOPEN_SOURCE=600), so the wide-char API is switched on
 * here. Macros that Swift cannot import (A_*, COLOR_PAIR, KEY_F, getmaxyx) and C globals that
 * Swift 6 rejects as shared mutable state (stdscr, LINES, COLS, COLORS) get accessors. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <stdlib.h>
#include <ncursesw/ncurses.h>

static const attr_t NC_A_NORMAL = A_NORMAL, NC_A_BOLD = A_BOLD, NC_A_REVERSE = A_REVERSE,
  NC_A_DIM = A_DIM, NC_A_UNDERLINE = A_UNDERLINE, NC_A_ITALIC = A_ITALIC, NC_A_STANDOUT = A_STANDOUT;
static inline int    nc_KEY_F(int n)        { return KEY_F(n); }
static inline WINDOW *nc_stdscr(void)       { return stdscr; }
static inline int nc_LINES(void)            { return LINES; }
static inline int nc_COLS(void)             { return COLS; }
static inline int nc_COLORS(void)           { return COLORS; }
static inline int nc_COLOR_PAIRS(void)      { return COLOR_PAIRS; }
static inline void nc_set_ESCDELAY(int ms)  { set_escdelay(ms); }

/* Crash-safe restore: registered with atexit so any exit() path leaves the tty usable. */
static inline void nc_endwin_if_needed(void) { if (!isendwin()) { curs_set(1); endwin(); } }
static inline void nc_register_atexit_endwin(void) { atexit(nc_endwin_if_needed); }
