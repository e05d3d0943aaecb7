/* libruview — room geometry text (room_geometry.h). */
#include "ruview/room_geometry.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruview/floatfmt.h"
#include "ruview/sensing_features.h"
#include "ruview/synth.h"

/* the "C" numeric locale, made once per process, so that '.' is the decimal
 * point whatever the application's locale */
static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void
make_c_numeric (void)
{
  c_numeric = newlocale (LC_NUMERIC_MASK, "C", (locale_t) 0);
}

static int
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* [*s, *e) without surrounding spaces */
static void
trim (const char **s, const char **e)
{
  while (*s < *e && is_space (**s))
    (*s)++;
  while (*e > *s && is_space ((*e)[-1]))
    (*e)--;
}

static int
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* A decimal number spanning exactly [s, e) (already trimmed). */
static int
parse_number (const char *s, const char *e, double *out)
{
  char buf[128];
  const char *p = s;
  size_t n = (size_t) (e - s), digits = 0;
  double v;

  if (p < e && (*p == '+' || *p == '-'))
    p++;
  while (p < e && is_digit (*p)) {
    p++;
    digits++;
  }
  if (p < e && *p == '.') {
    p++;
    while (p < e && is_digit (*p)) {
      p++;
      digits++;
    }
  }
  if (digits == 0)
    return -1;
  if (p < e && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < e && (*p == '+' || *p == '-'))
      p++;
    if (p == e || !is_digit (*p))
      return -1;
    while (p < e && is_digit (*p))
      p++;
  }
  if (p != e || n >= sizeof (buf))
    return -1;
  memcpy (buf, s, n);
  buf[n] = '\0';
  pthread_once (&c_numeric_once, make_c_numeric);
  v = c_numeric ? strtod_l (buf, NULL, c_numeric) : strtod (buf, NULL);
  if (!isfinite (v))
    return -1;
  *out = v;
  return 0;
}

/* Parses `count` comma-separated numbers spanning [s, e). */
static int
parse_numbers (const char *s, const char *e, double *out, size_t count)
{
  size_t i;

  for (i = 0; i < count; i++) {
    const char *c = memchr (s, ',', (size_t) (e - s));
    const char *te = (i + 1 < count) ? c : e;
    const char *ts = s;
    if (!te)
      return -1;
    trim (&ts, &te);
    if (parse_number (ts, te, &out[i]))
      return -1;
    s = te == e ? e : c + 1;
  }
  return 0;
}

static int
fail (char *why, size_t why_len, const char *fmt, ...)
{
  va_list ap;

  if (why && why_len) {
    va_start (ap, fmt);
    vsnprintf (why, why_len, fmt, ap);
    va_end (ap);
  }
  return -1;
}

int
rv_node_positions_parse (const char *text, uint32_t *ids, RvPosition3D *pos,
    size_t cap, size_t *n, char *why, size_t why_len)
{
  const char *p = text ? text : "", *end = p + strlen (p);
  size_t count = 0, j;

  *n = 0;
  while (p <= end) {
    const char *semi = memchr (p, ';', (size_t) (end - p));
    const char *es = p, *ee = semi ? semi : end, *colon, *is, *ie;
    double xyz[3];
    uint64_t id = 0;
    int len;

    p = ee + 1;
    trim (&es, &ee);
    if (es == ee)
      continue;
    len = (int) (ee - es);
    colon = memchr (es, ':', (size_t) (ee - es));
    if (!colon)
      return fail (why, why_len, "entry \"%.*s\" has no ':'", len, es);
    is = es;
    ie = colon;
    trim (&is, &ie);
    if (is == ie)
      return fail (why, why_len, "entry \"%.*s\" has no node id", len, es);
    for (; is < ie; is++) {
      if (!is_digit (*is) || id > (UINT32_MAX - (uint64_t) (*is - '0')) / 10)
        return fail (why, why_len, "bad node id in \"%.*s\"", len, es);
      id = id * 10 + (uint64_t) (*is - '0');
    }
    if (count == cap)
      return fail (why, why_len, "more than %zu nodes", cap);
    for (j = 0; j < count; j++)
      if (ids[j] == id)
        return fail (why, why_len, "node id %u given twice", (unsigned) id);
    if (parse_numbers (colon + 1, ee, xyz, 3))
      return fail (why, why_len, "node %u: position \"%.*s\" is not x,y,z",
          (unsigned) id, (int) (ee - colon - 1), colon + 1);
    ids[count] = (uint32_t) id;
    pos[count].x = xyz[0];
    pos[count].y = xyz[1];
    pos[count].z = xyz[2];
    count++;
  }
  if (count == 0)
    return fail (why, why_len, "no node given");
  *n = count;
  return 0;
}

size_t
rv_node_positions_format (const uint32_t *ids, const RvPosition3D *pos,
    size_t n, char *buf, size_t len)
{
  size_t at = 0, k, c;

  if (len == 0)
    return 0;
  buf[0] = '\0';
  for (k = 0; k < n; k++) {
    const double v[3] = { pos[k].x, pos[k].y, pos[k].z };
    int w = snprintf (buf + at, len - at, "%s%u:", k ? ";" : "",
        (unsigned) ids[k]);
    if (w < 0 || (size_t) w >= len - at)
      return 0;
    at += (size_t) w;
    for (c = 0; c < 3; c++) {
      char num[RV_FMT_BUFSIZE];
      size_t nl = rv_fmt_json_f64 (num, v[c]);
      if (at + nl + 1 >= len)
        return 0;
      if (c)
        buf[at++] = ',';
      memcpy (buf + at, num, nl);
      at += nl;
      buf[at] = '\0';
    }
  }
  return at;
}

size_t
rv_node_positions_synth_text (unsigned n_nodes, char *buf, size_t len)
{
  uint32_t ids[RV_SYNTH_MAX_NODES];
  RvPosition3D pos[RV_SYNTH_MAX_NODES];

  if (n_nodes > RV_SYNTH_MAX_NODES
      || rv_sensing_synth_node_positions (n_nodes, ids, pos) != 0)
    return 0;
  return rv_node_positions_format (ids, pos, n_nodes, buf, len);
}

int
rv_box_parse (const char *text, double b[6])
{
  const char *s = text ? text : "";
  double v[6];
  int i;

  if (parse_numbers (s, s + strlen (s), v, 6))
    return -1;
  for (i = 0; i < 3; i++)
    if (!(v[i + 3] > v[i]))
      return -1;
  memcpy (b, v, sizeof (v));
  return 0;
}
