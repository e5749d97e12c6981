#ifndef WEIGE_CNCURSESW_SHIM_H
#define WEIGE_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so the wide-character API must be asked for here.
#define NCURSES_WIDECHAR 1
#include <curses.h>
// term.h defines every terminfo capability name (lines, columns …) as a macro; names below avoid them.
#include <term.h>
#include <wchar.h>
// glibc's backtrace(3) for the crash report; Swift's Glibc module leaves execinfo.h out.
#include <execinfo.h>

// Attributes are macros built from NCURSES_BITS, which Swift cannot import; these keep every
// attribute value in C so that nothing in Swift hard-codes a bit.
static inline attr_t weige_attr_bold(void) { return A_BOLD; }
static inline attr_t weige_attr_dim(void) { return A_DIM; }
static inline attr_t weige_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t weige_attr_reverse(void) { return A_REVERSE; }
static inline attr_t weige_attr_normal(void) { return A_NORMAL; }

// getmaxyx assigns through its arguments as a macro.
static inline void weige_getmaxyx(WINDOW *window, int *out_rows, int *out_columns) {
  int y, x;
  getmaxyx(window, y, x);
  *out_rows = y;
  *out_columns = x;
}

static inline WINDOW *weige_stdscr(void) { return stdscr; }
static inline WINDOW *weige_curscr(void) { return curscr; }
static inline int weige_colors(void) { return COLORS; }
static inline int weige_key_code_yes(void) { return KEY_CODE_YES; }
static inline int weige_err(void) { return ERR; }

// Puts one glyph (a base character and up to four combining marks) at a position. The pair is
// passed through setcchar's opts pointer so that pairs above 255 (extended colours) work.
static inline int weige_put_glyph(int row, int column, const wchar_t *glyph, attr_t attributes, int pair) {
  cchar_t cell;
  if (setcchar(&cell, glyph, attributes, 0, &pair) == ERR) return ERR;
  return mvadd_wch(row, column, &cell);
}

// Where curses last left the terminal's cursor (getyx is a macro).
static inline void weige_physical_cursor(int *out_row, int *out_column) {
  int y, x;
  getyx(curscr, y, x);
  *out_row = y;
  *out_column = x;
}

// The terminal's bytes that move the cursor to (row, column); tiparm is variadic, which Swift
// cannot call. NULL when the terminal has no cursor addressing.
static inline const char *weige_move_to(int row, int column) {
  char *cup = tigetstr("cup");
  if (cup == NULL || cup == (char *)-1) return NULL;
  return tiparm(cup, row, column);
}

// Mouse buttons are macros of macros; Swift sees none of them.
static inline mmask_t weige_mouse_mask(void) {
  return BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED | BUTTON3_PRESSED | BUTTON3_CLICKED |
         BUTTON4_PRESSED | BUTTON5_PRESSED;
}
static inline int weige_mouse_is_left(mmask_t state) {
  return (state & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0;
}
static inline int weige_mouse_is_right(mmask_t state) {
  return (state & (BUTTON3_PRESSED | BUTTON3_CLICKED)) != 0;
}
static inline int weige_mouse_is_wheel_up(mmask_t state) { return (state & BUTTON4_PRESSED) != 0; }
static inline int weige_mouse_is_wheel_down(mmask_t state) { return (state & BUTTON5_PRESSED) != 0; }

#endif
