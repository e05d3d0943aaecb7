/* libruview: shortest round-trip float formatting (engine.md §4.9, §4.10.5).
 *
 * Besides the literal examples of the spec, every checked value goes through
 * an independent verifier built on the exact decimal expansion (glibc prints
 * the exact binary value with "%.800e"): the result must round-trip, no
 * decimal with one digit fewer may round-trip (the truncation of the exact
 * value and its successor are the only candidates on either side), and among
 * the two candidates of the result's length the closer one must be chosen. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruview/floatfmt.h"

#define EXPECT(fn, v, s) \
  G_STMT_START { \
    char b_[RV_FMT_BUFSIZE]; \
    size_t n_ = fn (b_, v); \
    fail_unless (strcmp (b_, s) == 0, #fn "(%s): got \"%s\", want \"%s\"", #v, b_, s); \
    fail_unless (n_ == strlen (s), #fn "(%s): length %zu", #v, n_); \
  } G_STMT_END

GST_START_TEST (test_debug_f32_examples)
{
  EXPECT (rv_fmt_debug_f32, 1.0f, "1.0");
  EXPECT (rv_fmt_debug_f32, 0.85f, "0.85");
  EXPECT (rv_fmt_debug_f32, 0.99999994f, "0.99999994");
  EXPECT (rv_fmt_debug_f32, -0.0f, "-0.0");
  EXPECT (rv_fmt_debug_f32, 0.0f, "0.0");
  EXPECT (rv_fmt_debug_f32, 123456790.0f, "123456790.0");
  EXPECT (rv_fmt_debug_f32, 1e-5f, "1e-5");
  EXPECT (rv_fmt_debug_f32, 9.9999e-5f, "9.9999e-5");
  EXPECT (rv_fmt_debug_f32, 1e16f, "1e16");
  EXPECT (rv_fmt_debug_f32, 1.2e16f, "1.2e16");
  EXPECT (rv_fmt_debug_f32, 1e-4f, "0.0001");
  EXPECT (rv_fmt_debug_f32, 0.33333334f, "0.33333334");
  EXPECT (rv_fmt_debug_f32, 0.25f, "0.25");
  EXPECT (rv_fmt_debug_f32, 0.8f, "0.8");
  EXPECT (rv_fmt_debug_f32, 0.64000005f, "0.64000005");
  EXPECT (rv_fmt_debug_f32, -2.5f, "-2.5");
  EXPECT (rv_fmt_debug_f32, FLT_MIN, "1.1754944e-38");
  EXPECT (rv_fmt_debug_f32, FLT_MAX, "3.4028235e38");
  EXPECT (rv_fmt_debug_f32, FLT_TRUE_MIN, "1e-45");
  EXPECT (rv_fmt_debug_f32, NAN, "NaN");
  EXPECT (rv_fmt_debug_f32, INFINITY, "inf");
  EXPECT (rv_fmt_debug_f32, -INFINITY, "-inf");
}
GST_END_TEST;

GST_START_TEST (test_debug_f64_examples)
{
  EXPECT (rv_fmt_debug_f64, 1.0, "1.0");
  EXPECT (rv_fmt_debug_f64, 0.1 + 0.2, "0.30000000000000004");
  EXPECT (rv_fmt_debug_f64, 1e16, "1e16");
  EXPECT (rv_fmt_debug_f64, 1e15, "1000000000000000.0");
  EXPECT (rv_fmt_debug_f64, 1e-5, "1e-5");
  EXPECT (rv_fmt_debug_f64, 5e-324, "5e-324");
  EXPECT (rv_fmt_debug_f64, DBL_MAX, "1.7976931348623157e308");
  EXPECT (rv_fmt_debug_f64, DBL_MIN, "2.2250738585072014e-308");
  EXPECT (rv_fmt_debug_f64, -0.0, "-0.0");
  EXPECT (rv_fmt_debug_f64, NAN, "NaN");
  EXPECT (rv_fmt_debug_f64, -INFINITY, "-inf");
}
GST_END_TEST;

GST_START_TEST (test_json_examples)
{
  EXPECT (rv_fmt_json_f64, 1.0, "1.0");
  EXPECT (rv_fmt_json_f64, 0.0, "0.0");
  EXPECT (rv_fmt_json_f64, 5.0, "5.0");
  EXPECT (rv_fmt_json_f64, -0.0, "-0.0");
  EXPECT (rv_fmt_json_f64, 0.00001, "0.00001");
  EXPECT (rv_fmt_json_f64, 1e16, "1e+16");
  EXPECT (rv_fmt_json_f64, 1.2e16, "1.2e+16");
  EXPECT (rv_fmt_json_f64, 1e15, "1000000000000000.0");
  EXPECT (rv_fmt_json_f64, 1.5e-7, "1.5e-7");
  EXPECT (rv_fmt_json_f64, 1e-6, "1e-6");
  EXPECT (rv_fmt_json_f64, 123.456, "123.456");
  EXPECT (rv_fmt_json_f64, DBL_MAX, "1.7976931348623157e+308");
  EXPECT (rv_fmt_json_f64, 5e-324, "5e-324");
  EXPECT (rv_fmt_json_f64, NAN, "null");
  EXPECT (rv_fmt_json_f64, INFINITY, "null");
  EXPECT (rv_fmt_json_f32, 1.0f, "1.0");
  EXPECT (rv_fmt_json_f32, 0.85f, "0.85");
  EXPECT (rv_fmt_json_f32, 1e-5f, "0.00001");
  EXPECT (rv_fmt_json_f32, 1e-6f, "0.000001");
  EXPECT (rv_fmt_json_f32, 1e-7f, "1e-7");
  EXPECT (rv_fmt_json_f32, 1.5e-7f, "1.5e-7");
  EXPECT (rv_fmt_json_f32, 1e12f, "1000000000000.0");
  EXPECT (rv_fmt_json_f32, 1e13f, "1e+13");
  EXPECT (rv_fmt_json_f32, 0.99999994f, "0.99999994");
  EXPECT (rv_fmt_json_f32, -INFINITY, "null");
}
GST_END_TEST;

GST_START_TEST (test_fixed2)
{
  EXPECT (rv_fmt_fixed2_f32, 1.0f, "1.00");
  EXPECT (rv_fmt_fixed2_f32, 0.125f, "0.12");
  EXPECT (rv_fmt_fixed2_f32, 0.375f, "0.38");
  EXPECT (rv_fmt_fixed2_f32, 0.999f, "1.00");
  EXPECT (rv_fmt_fixed2_f32, 0.005f, "0.00");   /* exact value 0.004999999888… */
  EXPECT (rv_fmt_fixed2_f32, 0.625f, "0.62");   /* exact tie → even */
  EXPECT (rv_fmt_fixed2_f32, 0.015f, "0.01");   /* exact value 0.014999999664… */
  EXPECT (rv_fmt_fixed2_f32, 0.99999994f, "1.00");
  EXPECT (rv_fmt_fixed2_f32, -0.0f, "-0.00");
  EXPECT (rv_fmt_fixed2_f32, NAN, "NaN");
  EXPECT (rv_fmt_fixed2_f32, INFINITY, "inf");
  {
    char b[RV_FMT_BUFSIZE];
    size_t n = rv_fmt_fixed2_f32 (b, -FLT_MAX);
    fail_unless (n == strlen (b) && n < RV_FMT_BUFSIZE);
  }
}
GST_END_TEST;

/* ---- independent verifier ------------------------------------------------ */

/* Exact significant digits of |v| (no leading zeros) and the decimal exponent
 * of the first one. */
static void
exact_digits (double av, char *out, size_t cap, int *e10)
{
  static char s[1024];
  char *e;
  size_t k = 0;
  const char *c;
  snprintf (s, sizeof s, "%.800e", av);
  e = strchr (s, 'e');
  *e10 = atoi (e + 1);
  for (c = s; c < e && k + 1 < cap; c++)
    if (*c >= '0' && *c <= '9')
      out[k++] = *c;
  out[k] = '\0';
}

static int
roundtrips (const char *digits, int n, int e10, int is_f32, double v)
{
  char s[64];
  snprintf (s, sizeof s, "%c.%.*se%d", digits[0], n - 1, digits + 1, e10);
  if (n == 1)
    snprintf (s, sizeof s, "%ce%d", digits[0], e10);
  if (is_f32)
    return strtof (s, NULL) == (float) v;
  return strtod (s, NULL) == v;
}

/* d (n digits, exponent e10) + one unit in the last digit. */
static void
incr (const char *d, int n, int e10, char *out, int *n_out, int *e_out)
{
  int i;
  memcpy (out, d, (size_t) n);
  out[n] = '\0';
  for (i = n - 1; i >= 0; i--) {
    if (out[i] == '9') {
      out[i] = '0';
    } else {
      out[i]++;
      break;
    }
  }
  *n_out = n;
  *e_out = e10;
  if (i < 0) {
    out[0] = '1';
    for (i = 1; i < n; i++)
      out[i] = '0';
    *e_out = e10 + 1;
  }
}

static int
nonzero_tail (const char *ex, int from)
{
  const char *c;
  for (c = ex + from; *c; c++)
    if (*c != '0')
      return 1;
  return 0;
}

static int ties_seen;

static int
exact_tie (const char *ex, int n)
{
  return ex[n] == '5' && !nonzero_tail (ex, n + 1);
}

/* Returns NULL if ok, else a description.  ties_up selects the Debug
 * digits (exact ties rounded up) instead of the JSON ones (ties to even). */
static const char *
verify_mode (double v, int is_f32, int ties_up)
{
  char d[20], ex[900], t[40], u[40];
  int n, e, xe, un, ue;
  double av = fabs (v);

  if (is_f32)
    (ties_up ? rv_shortest_debug_f32 : rv_shortest_f32) ((float) v, d, &n, &e);
  else
    (ties_up ? rv_shortest_debug_f64 : rv_shortest_f64) (v, d, &n, &e);
  if (n < 1 || n > (is_f32 ? 9 : 17) || (int) strlen (d) != n)
    return "bad digit count";
  if (n > 1 && d[n - 1] == '0')
    return "trailing zero";
  if (!roundtrips (d, n, e, is_f32, av))
    return "no round trip";
  exact_digits (av, ex, sizeof ex, &xe);
  /* No shorter decimal round-trips. */
  if (n > 1) {
    int k = n - 1;
    memcpy (t, ex, (size_t) k);
    t[k] = '\0';
    if (roundtrips (t, k, xe, is_f32, av))
      return "shorter truncation round-trips";
    if (nonzero_tail (ex, k)) {
      incr (t, k, xe, u, &un, &ue);
      if (roundtrips (u, un, ue, is_f32, av))
        return "shorter successor round-trips";
    }
  }
  /* Closest of the two n-digit candidates. */
  memcpy (t, ex, (size_t) n);
  t[n] = '\0';
  if (nonzero_tail (ex, n)) {
    int up_closer = ex[n] >= '5';
    incr (t, n, xe, u, &un, &ue);
    if (exact_tie (ex, n)) {
      ties_seen++;
      up_closer = ties_up ? 1 : ((u[n - 1] - '0') % 2 == 0);
    }
    if (roundtrips (t, n, xe, is_f32, av) && roundtrips (u, un, ue, is_f32, av)) {
      const char *want = up_closer ? u : t;
      int we = up_closer ? ue : xe;
      /* compare after stripping trailing zeros of the wanted candidate */
      char w[40];
      int wn = n;
      memcpy (w, want, (size_t) n);
      while (wn > 1 && w[wn - 1] == '0')
        wn--;
      if (wn != n || memcmp (w, d, (size_t) n) != 0 || we != e)
        return "not the closest candidate";
    }
  }
  return NULL;
}

static const char *
verify (double v, int is_f32)
{
  const char *r = verify_mode (v, is_f32, 0);
  return r ? r : verify_mode (v, is_f32, 1);
}

static uint64_t
splitmix (uint64_t *s)
{
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

GST_START_TEST (test_power_of_two_boundaries)
{
  int k;
  const char *err;
  for (k = -149; k <= 127; k++) {
    float f = ldexpf (1.0f, k);
    err = verify (f, 1);
    fail_unless (err == NULL, "f32 2^%d: %s", k, err);
    err = verify (nextafterf (f, 0.0f), 1);
    fail_unless (err == NULL, "f32 below 2^%d: %s", k, err);
    err = verify (nextafterf (f, INFINITY), 1);
    fail_unless (err == NULL, "f32 above 2^%d: %s", k, err);
  }
  for (k = -1074; k <= 1023; k++) {
    double x = ldexp (1.0, k);
    err = verify (x, 0);
    fail_unless (err == NULL, "f64 2^%d: %s", k, err);
    err = verify (nextafter (x, 0.0), 0);
    fail_unless (err == NULL, "f64 below 2^%d: %s", k, err);
  }
  fail_unless (verify (5e-324, 0) == NULL);
  fail_unless (verify (DBL_MAX, 0) == NULL);
  fail_unless (verify (DBL_MIN, 0) == NULL);
  fail_unless (verify (FLT_MIN, 1) == NULL);
  fail_unless (verify (FLT_MAX, 1) == NULL);
  fail_unless (verify (FLT_TRUE_MIN, 1) == NULL);
  /* An exact tie at the shortest length: the two rules differ. */
  EXPECT (rv_fmt_json_f32, ldexpf (1.0f, -12), "0.00024414062");
  EXPECT (rv_fmt_debug_f32, ldexpf (1.0f, -12), "0.00024414063");
  fail_unless (ties_seen > 0);
  /* Two well-known asymmetric-interval cases. */
  EXPECT (rv_fmt_debug_f32, ldexpf (1.0f, -20), "9.536743e-7");
  EXPECT (rv_fmt_debug_f64, 9007199254740992.0, "9007199254740992.0");
}
GST_END_TEST;

GST_START_TEST (test_random_f32)
{
  uint64_t s = 42;
  int i, done = 0;
  char b[RV_FMT_BUFSIZE];
  while (done < 100000) {
    uint32_t bits = (uint32_t) splitmix (&s);
    float f;
    const char *err;
    memcpy (&f, &bits, 4);
    if (!isfinite (f))
      continue;
    err = verify (f, 1);
    fail_unless (err == NULL, "f32 bits %08x: %s", bits, err);
    rv_fmt_debug_f32 (b, f);
    fail_unless (strtof (b, NULL) == f || (f == 0 && strtof (b, NULL) == 0), "%s", b);
    rv_fmt_json_f32 (b, f);
    fail_unless (strtof (b, NULL) == f, "json %s", b);
    done++;
  }
  (void) i;
}
GST_END_TEST;

GST_START_TEST (test_random_f64)
{
  uint64_t s = 4242;
  int done = 0;
  char b[RV_FMT_BUFSIZE];
  while (done < 100000) {
    uint64_t bits = splitmix (&s);
    double x;
    memcpy (&x, &bits, 8);
    if (!isfinite (x))
      continue;
    /* The exact-expansion verifier is costly for doubles: every 10th. */
    if (done % 10 == 0) {
      const char *err = verify (x, 0);
      fail_unless (err == NULL, "f64 bits %016llx: %s", (unsigned long long) bits, err);
    }
    rv_fmt_debug_f64 (b, x);
    fail_unless (strtod (b, NULL) == x, "%s", b);
    rv_fmt_json_f64 (b, x);
    fail_unless (strtod (b, NULL) == x, "json %s", b);
    done++;
  }
}
GST_END_TEST;

static Suite *
floatfmt_suite (void)
{
  Suite *s = suite_create ("core-floatfmt");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_debug_f32_examples);
  tcase_add_test (tc, test_debug_f64_examples);
  tcase_add_test (tc, test_json_examples);
  tcase_add_test (tc, test_fixed2);
  tcase_add_test (tc, test_power_of_two_boundaries);
  tcase_add_test (tc, test_random_f32);
  tcase_add_test (tc, test_random_f64);
  return s;
}

GST_CHECK_MAIN (floatfmt);
