/* libruview — JSON writer and reader (see json.h). */
#include "ruview/json.h"
#include "ruview/floatfmt.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================ writer */

void
rv_json_writer_init (RvJsonWriter * w)
{
  memset (w, 0, sizeof (*w));
  w->first[0] = 1;
}

void
rv_json_writer_clear (RvJsonWriter * w)
{
  free (w->buf);
  rv_json_writer_init (w);
}

void
rv_json_writer_reset (RvJsonWriter * w)
{
  w->len = 0;
  w->depth = 0;
  w->first[0] = 1;
  w->after_key = 0;
  w->failed = 0;
  if (w->buf)
    w->buf[0] = '\0';
}

static int
reserve (RvJsonWriter * w, size_t extra)
{
  size_t need = w->len + extra + 1;
  if (need > w->cap) {
    size_t cap = w->cap ? w->cap : 256;
    char *nb;
    while (cap < need)
      cap *= 2;
    nb = realloc (w->buf, cap);
    if (!nb) {
      w->failed = 1;
      return 0;
    }
    w->buf = nb;
    w->cap = cap;
  }
  return 1;
}

void
rv_json_append (RvJsonWriter * w, const char *text, size_t len)
{
  if (!reserve (w, len))
    return;
  memcpy (w->buf + w->len, text, len);
  w->len += len;
  w->buf[w->len] = '\0';
}

/* separator before a value or a key */
static void
sep (RvJsonWriter * w)
{
  if (w->after_key) {
    w->after_key = 0;
    return;
  }
  if (!w->first[w->depth])
    rv_json_append (w, ",", 1);
  w->first[w->depth] = 0;
}

static void
open_container (RvJsonWriter * w, char c)
{
  sep (w);
  rv_json_append (w, &c, 1);
  if (w->depth + 1 >= RV_JSON_MAX_DEPTH) {
    w->failed = 1;
    return;
  }
  w->depth++;
  w->first[w->depth] = 1;
}

static void
close_container (RvJsonWriter * w, char c)
{
  if (w->depth > 0)
    w->depth--;
  else
    w->failed = 1;
  rv_json_append (w, &c, 1);
}

void
rv_json_begin_object (RvJsonWriter * w)
{
  open_container (w, '{');
}

void
rv_json_end_object (RvJsonWriter * w)
{
  close_container (w, '}');
}

void
rv_json_begin_array (RvJsonWriter * w)
{
  open_container (w, '[');
}

void
rv_json_end_array (RvJsonWriter * w)
{
  close_container (w, ']');
}

static void
put_escaped (RvJsonWriter * w, const char *s, size_t len)
{
  size_t i, run = 0;
  rv_json_append (w, "\"", 1);
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char) s[i];
    const char *esc = NULL;
    char tmp[8];
    switch (c) {
      case '"':
        esc = "\\\"";
        break;
      case '\\':
        esc = "\\\\";
        break;
      case '\n':
        esc = "\\n";
        break;
      case '\r':
        esc = "\\r";
        break;
      case '\t':
        esc = "\\t";
        break;
      case '\b':
        esc = "\\b";
        break;
      case '\f':
        esc = "\\f";
        break;
      default:
        if (c < 0x20) {
          snprintf (tmp, sizeof (tmp), "\\u%04x", c);
          esc = tmp;
        }
        break;
    }
    if (esc) {
      rv_json_append (w, s + run, i - run);
      rv_json_append (w, esc, strlen (esc));
      run = i + 1;
    }
  }
  rv_json_append (w, s + run, len - run);
  rv_json_append (w, "\"", 1);
}

void
rv_json_key (RvJsonWriter * w, const char *key)
{
  sep (w);
  put_escaped (w, key, strlen (key));
  rv_json_append (w, ":", 1);
  w->after_key = 1;
}

void
rv_json_string_len (RvJsonWriter * w, const char *s, size_t len)
{
  sep (w);
  put_escaped (w, s, len);
}

void
rv_json_string (RvJsonWriter * w, const char *s)
{
  rv_json_string_len (w, s, strlen (s));
}

void
rv_json_raw_value (RvJsonWriter * w, const char *text)
{
  sep (w);
  rv_json_append (w, text, strlen (text));
}

void
rv_json_u64 (RvJsonWriter * w, uint64_t v)
{
  char b[24];
  snprintf (b, sizeof (b), "%" PRIu64, v);
  rv_json_raw_value (w, b);
}

void
rv_json_i64 (RvJsonWriter * w, int64_t v)
{
  char b[24];
  snprintf (b, sizeof (b), "%" PRId64, v);
  rv_json_raw_value (w, b);
}

void
rv_json_f64 (RvJsonWriter * w, double v)
{
  char b[RV_FMT_BUFSIZE];
  rv_fmt_json_f64 (b, v);
  rv_json_raw_value (w, b);
}

void
rv_json_f32 (RvJsonWriter * w, float v)
{
  char b[RV_FMT_BUFSIZE];
  rv_fmt_json_f32 (b, v);
  rv_json_raw_value (w, b);
}

void
rv_json_bool (RvJsonWriter * w, int v)
{
  rv_json_raw_value (w, v ? "true" : "false");
}

void
rv_json_null (RvJsonWriter * w)
{
  rv_json_raw_value (w, "null");
}

void
rv_json_kv_string (RvJsonWriter * w, const char *k, const char *v)
{
  rv_json_key (w, k);
  rv_json_string (w, v);
}

void
rv_json_kv_u64 (RvJsonWriter * w, const char *k, uint64_t v)
{
  rv_json_key (w, k);
  rv_json_u64 (w, v);
}

void
rv_json_kv_i64 (RvJsonWriter * w, const char *k, int64_t v)
{
  rv_json_key (w, k);
  rv_json_i64 (w, v);
}

void
rv_json_kv_f64 (RvJsonWriter * w, const char *k, double v)
{
  rv_json_key (w, k);
  rv_json_f64 (w, v);
}

void
rv_json_kv_f32 (RvJsonWriter * w, const char *k, float v)
{
  rv_json_key (w, k);
  rv_json_f32 (w, v);
}

void
rv_json_kv_bool (RvJsonWriter * w, const char *k, int v)
{
  rv_json_key (w, k);
  rv_json_bool (w, v);
}

void
rv_json_kv_f32_array (RvJsonWriter * w, const char *k, const float *v,
    size_t n)
{
  size_t i;
  rv_json_key (w, k);
  rv_json_begin_array (w);
  for (i = 0; i < n; i++)
    rv_json_f32 (w, v[i]);
  rv_json_end_array (w);
}

/* ================================================================ reader */

#define ARENA_CHUNK (64 * 1024)

typedef struct Chunk
{
  struct Chunk *next;
  size_t used, size;
  /* data follows, 16-aligned */
} Chunk;

struct RvJsonDoc
{
  Chunk *chunks;                /* kept across parses */
  Chunk *cur;
  const char *p, *end;
  int depth;
  RvJsonError err;
};

RvJsonDoc *
rv_json_doc_new (void)
{
  return calloc (1, sizeof (RvJsonDoc));
}

void
rv_json_doc_free (RvJsonDoc * doc)
{
  Chunk *c, *n;
  if (!doc)
    return;
  for (c = doc->chunks; c; c = n) {
    n = c->next;
    free (c);
  }
  free (doc);
}

#define CHUNK_HDR ((sizeof (Chunk) + 15u) & ~(size_t) 15u)

static void *
arena_alloc (RvJsonDoc * d, size_t n)
{
  Chunk *c = d->cur;
  n = (n + 15u) & ~(size_t) 15u;
  while (c && c->used + n > c->size) {
    c = c->next;
    if (c)
      c->used = 0;
  }
  if (!c) {
    size_t sz = n > ARENA_CHUNK ? n : ARENA_CHUNK;
    Chunk *nc = malloc (CHUNK_HDR + sz);
    if (!nc) {
      d->err = RV_JSON_ERR_NOMEM;
      return NULL;
    }
    nc->used = 0;
    nc->size = sz;
    nc->next = NULL;
    if (d->cur) {
      /* append after the current chunk, keeping the rest of the list */
      nc->next = d->cur->next;
      d->cur->next = nc;
    } else {
      nc->next = d->chunks;
      d->chunks = nc;
    }
    c = nc;
  }
  d->cur = c;
  c->used += n;
  return (char *) c + CHUNK_HDR + c->used - n;
}

static void
skip_ws (RvJsonDoc * d)
{
  while (d->p < d->end && (*d->p == ' ' || *d->p == '\t' || *d->p == '\n'
          || *d->p == '\r'))
    d->p++;
}

static int
hexval (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static size_t
put_utf8 (char *o, uint32_t cp)
{
  if (cp < 0x80) {
    o[0] = (char) cp;
    return 1;
  } else if (cp < 0x800) {
    o[0] = (char) (0xC0 | (cp >> 6));
    o[1] = (char) (0x80 | (cp & 0x3F));
    return 2;
  } else if (cp < 0x10000) {
    o[0] = (char) (0xE0 | (cp >> 12));
    o[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char) (0x80 | (cp & 0x3F));
    return 3;
  }
  o[0] = (char) (0xF0 | (cp >> 18));
  o[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
  o[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
  o[3] = (char) (0x80 | (cp & 0x3F));
  return 4;
}

static int
read_hex4 (RvJsonDoc * d, uint32_t * out)
{
  int i;
  uint32_t v = 0;
  if (d->end - d->p < 4)
    return -1;
  for (i = 0; i < 4; i++) {
    int h = hexval (d->p[i]);
    if (h < 0)
      return -1;
    v = (v << 4) | (uint32_t) h;
  }
  d->p += 4;
  *out = v;
  return 0;
}

/* parse a string at d->p (on the opening quote) */
static int
parse_string (RvJsonDoc * d, const char **out, size_t *out_len)
{
  const char *s = ++d->p;
  char *o, *buf;
  /* the unescaped text is never longer than the source */
  while (d->p < d->end && *d->p != '"') {
    if (*d->p == '\\') {
      if (d->end - d->p < 2) {
        d->p = d->end;          /* a backslash ending the text: unterminated */
        break;
      }
      d->p++;
    } else if ((unsigned char) *d->p < 0x20)
      return -1;
    d->p++;
  }
  if (d->p >= d->end)
    return -1;
  buf = arena_alloc (d, (size_t) (d->p - s) + 1);
  if (!buf)
    return -1;
  o = buf;
  d->p = s;
  while (*d->p != '"') {
    char c = *d->p++;
    if (c != '\\') {
      *o++ = c;
      continue;
    }
    c = *d->p++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        *o++ = c;
        break;
      case 'b':
        *o++ = '\b';
        break;
      case 'f':
        *o++ = '\f';
        break;
      case 'n':
        *o++ = '\n';
        break;
      case 'r':
        *o++ = '\r';
        break;
      case 't':
        *o++ = '\t';
        break;
      case 'u':{
        uint32_t cp, lo;
        if (read_hex4 (d, &cp) < 0)
          return -1;
        if (cp >= 0xD800 && cp < 0xDC00 && d->end - d->p >= 6
            && d->p[0] == '\\' && d->p[1] == 'u') {
          d->p += 2;
          if (read_hex4 (d, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
            return -1;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        /* a surrogate left unpaired has no UTF-8 form: the text is refused,
         * as serde_json (RuView's reader) refuses it */
        if (cp >= 0xD800 && cp <= 0xDFFF)
          return -1;
        o += put_utf8 (o, cp);
        break;
      }
      default:
        return -1;
    }
  }
  d->p++;                       /* closing quote */
  *o = '\0';
  *out = buf;
  *out_len = (size_t) (o - buf);
  return 0;
}

static int
parse_number (RvJsonDoc * d)
{
  const char *s = d->p;
  if (d->p < d->end && *d->p == '-')
    d->p++;
  if (d->p >= d->end)
    return -1;
  if (*d->p == '0')
    d->p++;
  else if (*d->p >= '1' && *d->p <= '9')
    while (d->p < d->end && *d->p >= '0' && *d->p <= '9')
      d->p++;
  else
    return -1;
  if (d->p < d->end && *d->p == '.') {
    d->p++;
    if (d->p >= d->end || *d->p < '0' || *d->p > '9')
      return -1;
    while (d->p < d->end && *d->p >= '0' && *d->p <= '9')
      d->p++;
  }
  if (d->p < d->end && (*d->p == 'e' || *d->p == 'E')) {
    d->p++;
    if (d->p < d->end && (*d->p == '+' || *d->p == '-'))
      d->p++;
    if (d->p >= d->end || *d->p < '0' || *d->p > '9')
      return -1;
    while (d->p < d->end && *d->p >= '0' && *d->p <= '9')
      d->p++;
  }
  return (int) (d->p - s);
}

static int
match_lit (RvJsonDoc * d, const char *lit)
{
  size_t n = strlen (lit);
  if ((size_t) (d->end - d->p) < n || memcmp (d->p, lit, n) != 0)
    return -1;
  d->p += n;
  return 0;
}

static RvJsonValue *parse_value (RvJsonDoc * d);

static RvJsonValue *
new_value (RvJsonDoc * d, RvJsonType t)
{
  RvJsonValue *v = arena_alloc (d, sizeof (RvJsonValue));
  if (v) {
    memset (v, 0, sizeof (*v));
    v->type = t;
  }
  return v;
}

static RvJsonValue *
parse_container (RvJsonDoc * d, int is_object)
{
  RvJsonValue *v = new_value (d, is_object ? RV_JSON_OBJECT : RV_JSON_ARRAY);
  RvJsonValue *last = NULL;
  char close = is_object ? '}' : ']';
  if (!v)
    return NULL;
  if (++d->depth > 256) {
    d->err = RV_JSON_ERR_DEPTH;
    return NULL;
  }
  d->p++;
  skip_ws (d);
  if (d->p < d->end && *d->p == close) {
    d->p++;
    d->depth--;
    return v;
  }
  for (;;) {
    RvJsonValue *item;
    const char *key = NULL;
    size_t key_len = 0;
    skip_ws (d);
    if (is_object) {
      if (d->p >= d->end || *d->p != '"' || parse_string (d, &key, &key_len))
        return NULL;
      skip_ws (d);
      if (d->p >= d->end || *d->p != ':')
        return NULL;
      d->p++;
      skip_ws (d);
    }
    item = parse_value (d);
    if (!item)
      return NULL;
    item->key = key;
    item->key_len = key_len;
    if (last)
      last->next = item;
    else
      v->child = item;
    last = item;
    v->n_children++;
    skip_ws (d);
    if (d->p >= d->end)
      return NULL;
    if (*d->p == ',') {
      d->p++;
      continue;
    }
    if (*d->p == close) {
      d->p++;
      break;
    }
    return NULL;
  }
  d->depth--;
  return v;
}

static RvJsonValue *
parse_value (RvJsonDoc * d)
{
  RvJsonValue *v;
  skip_ws (d);
  if (d->p >= d->end)
    return NULL;
  switch (*d->p) {
    case '{':
      return parse_container (d, 1);
    case '[':
      return parse_container (d, 0);
    case '"':
      v = new_value (d, RV_JSON_STRING);
      if (!v || parse_string (d, &v->text, &v->len))
        return NULL;
      return v;
    case 't':
      return match_lit (d, "true") ? NULL : new_value (d, RV_JSON_TRUE);
    case 'f':
      return match_lit (d, "false") ? NULL : new_value (d, RV_JSON_FALSE);
    case 'n':
      return match_lit (d, "null") ? NULL : new_value (d, RV_JSON_NULL);
    default:{
      const char *s = d->p;
      int n = parse_number (d);
      if (n <= 0)
        return NULL;
      v = new_value (d, RV_JSON_NUMBER);
      if (!v)
        return NULL;
      v->text = s;
      v->len = (size_t) n;
      return v;
    }
  }
}

const RvJsonValue *
rv_json_parse (RvJsonDoc * doc, const char *text, size_t len,
    RvJsonError * err, size_t *err_offset)
{
  RvJsonValue *root;
  doc->cur = doc->chunks;
  if (doc->cur)
    doc->cur->used = 0;
  doc->p = text;
  doc->end = text + len;
  doc->depth = 0;
  doc->err = RV_JSON_OK;
  root = parse_value (doc);
  if (root) {
    skip_ws (doc);
    if (doc->p != doc->end) {
      root = NULL;
      doc->err = RV_JSON_ERR_TRAILING;
    }
  } else if (doc->err == RV_JSON_OK) {
    doc->err = RV_JSON_ERR_SYNTAX;
  }
  if (err)
    *err = doc->err;
  if (err_offset)
    *err_offset = (size_t) (doc->p - text);
  return root;
}

const RvJsonValue *
rv_json_get (const RvJsonValue * obj, const char *key)
{
  const RvJsonValue *c;
  size_t n;
  if (!obj || obj->type != RV_JSON_OBJECT)
    return NULL;
  n = strlen (key);
  for (c = obj->child; c; c = c->next)
    if (c->key_len == n && memcmp (c->key, key, n) == 0)
      return c;
  return NULL;
}

/* numbers are at most a few hundred chars; copy to a NUL-terminated buffer */
static int
number_text (const RvJsonValue * v, char *buf, size_t cap)
{
  if (!v || v->type != RV_JSON_NUMBER || v->len + 1 > cap)
    return -1;
  memcpy (buf, v->text, v->len);
  buf[v->len] = '\0';
  return 0;
}

int
rv_json_as_f64 (const RvJsonValue * v, double *out)
{
  char b[512];
  if (number_text (v, b, sizeof (b)))
    return -1;
  *out = strtod (b, NULL);
  return 0;
}

int
rv_json_as_f32 (const RvJsonValue * v, float *out)
{
  char b[512];
  if (number_text (v, b, sizeof (b)))
    return -1;
  *out = strtof (b, NULL);
  return 0;
}

int
rv_json_as_u64 (const RvJsonValue * v, uint64_t * out)
{
  char b[64], *e;
  unsigned long long x;
  if (number_text (v, b, sizeof (b)) || b[0] == '-')
    return -1;
  errno = 0;
  x = strtoull (b, &e, 10);
  if (errno || *e != '\0')
    return -1;
  *out = (uint64_t) x;
  return 0;
}

int
rv_json_as_i64 (const RvJsonValue * v, int64_t * out)
{
  char b[64], *e;
  long long x;
  if (number_text (v, b, sizeof (b)))
    return -1;
  errno = 0;
  x = strtoll (b, &e, 10);
  if (errno || *e != '\0')
    return -1;
  *out = (int64_t) x;
  return 0;
}

int
rv_json_as_bool (const RvJsonValue * v, int *out)
{
  if (!v || (v->type != RV_JSON_TRUE && v->type != RV_JSON_FALSE))
    return -1;
  *out = v->type == RV_JSON_TRUE;
  return 0;
}
