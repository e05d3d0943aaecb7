/* libruview — shortest round-trip float formatting.
 *
 * Three text rules appear in the specs (engine.md §4.9, §4.10.5):
 *  - JSON (serde_json 1.0.149 with the zmij printer): shortest digits that
 *    round-trip in the value's own type; plain decimal (always with a
 *    fractional part) when the decimal exponent of the leading digit is in
 *    [−5, 15] for f64 and [−6, 12] for f32, else scientific with an explicit
 *    '+' for positive exponents ("1e+16", "1.5e-7"); non-finite → "null".
 *  - Rust Debug ({:?}): plain when v == 0 or 1e-4 ≤ |v| < 1e16, else
 *    scientific without '+' ("1e-5", "1.2e16"); NaN → "NaN", ±inf → "inf"/"-inf".
 *  - {:.2}: exact-value decimal rounding, ties to even (glibc "%.2f").
 * The digits come from a real shortest-round-trip algorithm (the closest
 * shortest decimal, correct at power-of-two boundaries).
 *
 * Every function writes a NUL-terminated string into buf (at least
 * RV_FMT_BUFSIZE bytes) and returns its length. */
#ifndef RUVIEW_FLOATFMT_H
#define RUVIEW_FLOATFMT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RV_FMT_BUFSIZE 48

size_t rv_fmt_json_f64  (char *buf, double v);
size_t rv_fmt_json_f32  (char *buf, float v);
size_t rv_fmt_debug_f64 (char *buf, double v);
size_t rv_fmt_debug_f32 (char *buf, float v);

/* Rust {:.2} of an f32: exact-value decimal rounding to two fractional
 * digits, ties to even (glibc "%.2f" of the widened value); NaN → "NaN",
 * ±inf → "inf"/"-inf", −0.0 → "-0.00". */
size_t rv_fmt_fixed2_f32 (char *buf, float v);

/* The shortest round-trip digits themselves: v = 0.d1d2…dn × 10^exp10
 * is NOT the convention; v = d1.d2…dn × 10^exp10 (exp10 = decimal exponent of
 * the leading digit).  digits holds n ASCII digits (no NUL needed, but one is
 * written), n ≥ 1.  Zero gives "0", exp10 0.  Non-finite input returns 0. */
int rv_shortest_f64 (double v, char digits[20], int *ndigits, int *exp10);
int rv_shortest_f32 (float v, char digits[20], int *ndigits, int *exp10);

/* rv_shortest_* break an exact tie between two shortest candidates to the
 * even last digit (zmij/Schubfach, used by the JSON rule); the _debug
 * variants round such a tie up in magnitude (Rust flt2dec, used by the Debug
 * rule).  Ties need an exactly representable halfway decimal, e.g. f32
 * 2^-12 = 0.000244140625: JSON "0.00024414062", Debug "0.00024414063". */
int rv_shortest_debug_f64 (double v, char digits[20], int *ndigits, int *exp10);
int rv_shortest_debug_f32 (float v, char digits[20], int *ndigits, int *exp10);

#ifdef __cplusplus
}
#endif
#endif
