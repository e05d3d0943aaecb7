/* libruview — JSON writer and reader (no GLib).
 *
 * Writer: a growable text buffer with structural helpers; floats use
 * floatfmt's JSON rule (shortest round trip in the value's own type).
 * Reader: a small DOM over one document (one JSON Lines line), allocated
 * from an arena owned by an RvJsonDoc that is reused line after line.
 * Numbers keep their source text so a caller converts them in the type it
 * needs (f32 with strtof, never through a double; u64 exactly). */
#ifndef RUVIEW_JSON_H
#define RUVIEW_JSON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- writer */

#define RV_JSON_MAX_DEPTH 32

typedef struct
{
  char *buf;
  size_t len, cap;
  int depth;
  unsigned char first[RV_JSON_MAX_DEPTH];       /* no element written yet */
  int after_key;
  int failed;                   /* allocation failure or depth overflow */
} RvJsonWriter;

void rv_json_writer_init (RvJsonWriter * w);
void rv_json_writer_clear (RvJsonWriter * w);  /* frees */
void rv_json_writer_reset (RvJsonWriter * w);  /* empties, keeps capacity */

void rv_json_begin_object (RvJsonWriter * w);
void rv_json_end_object (RvJsonWriter * w);
void rv_json_begin_array (RvJsonWriter * w);
void rv_json_end_array (RvJsonWriter * w);
void rv_json_key (RvJsonWriter * w, const char *key);
void rv_json_string (RvJsonWriter * w, const char *s);
void rv_json_string_len (RvJsonWriter * w, const char *s, size_t len);
void rv_json_u64 (RvJsonWriter * w, uint64_t v);
void rv_json_i64 (RvJsonWriter * w, int64_t v);
void rv_json_f64 (RvJsonWriter * w, double v);
void rv_json_f32 (RvJsonWriter * w, float v);
void rv_json_bool (RvJsonWriter * w, int v);
void rv_json_null (RvJsonWriter * w);
/* raw text appended as one value (must be valid JSON) */
void rv_json_raw_value (RvJsonWriter * w, const char *text);
/* raw bytes appended outside the structure (e.g. the final newline) */
void rv_json_append (RvJsonWriter * w, const char *text, size_t len);

/* key + value shorthands */
void rv_json_kv_string (RvJsonWriter * w, const char *k, const char *v);
void rv_json_kv_u64 (RvJsonWriter * w, const char *k, uint64_t v);
void rv_json_kv_i64 (RvJsonWriter * w, const char *k, int64_t v);
void rv_json_kv_f64 (RvJsonWriter * w, const char *k, double v);
void rv_json_kv_f32 (RvJsonWriter * w, const char *k, float v);
void rv_json_kv_bool (RvJsonWriter * w, const char *k, int v);
void rv_json_kv_f32_array (RvJsonWriter * w, const char *k, const float *v,
    size_t n);

/* ---------------------------------------------------------------- reader */

typedef enum
{
  RV_JSON_NULL = 0,
  RV_JSON_FALSE,
  RV_JSON_TRUE,
  RV_JSON_NUMBER,
  RV_JSON_STRING,
  RV_JSON_ARRAY,
  RV_JSON_OBJECT
} RvJsonType;

typedef struct RvJsonValue RvJsonValue;
struct RvJsonValue
{
  RvJsonType type;
  const char *text;             /* number: source token; string: unescaped, NUL-terminated */
  size_t len;                   /* bytes of text */
  const char *key;              /* member name when inside an object (unescaped) */
  size_t key_len;
  RvJsonValue *child;           /* first element / member */
  RvJsonValue *next;            /* next sibling */
  size_t n_children;
};

typedef enum
{
  RV_JSON_OK = 0,
  RV_JSON_ERR_SYNTAX,
  RV_JSON_ERR_DEPTH,
  RV_JSON_ERR_NOMEM,
  RV_JSON_ERR_TRAILING
} RvJsonError;

typedef struct RvJsonDoc RvJsonDoc;

RvJsonDoc *rv_json_doc_new (void);
void rv_json_doc_free (RvJsonDoc * doc);
/* Parse text[0..len) (one document; surrounding whitespace allowed).  The
 * returned tree lives until the next parse or free.  NULL on error, with
 * *err and *err_offset set when non-NULL. */
const RvJsonValue *rv_json_parse (RvJsonDoc * doc, const char *text,
    size_t len, RvJsonError * err, size_t * err_offset);

const RvJsonValue *rv_json_get (const RvJsonValue * obj, const char *key);
/* Conversions: 0 on success, -1 if the value has the wrong type or does
 * not fit.  as_f32 parses with strtof (correct rounding to binary32). */
int rv_json_as_f64 (const RvJsonValue * v, double *out);
int rv_json_as_f32 (const RvJsonValue * v, float *out);
int rv_json_as_u64 (const RvJsonValue * v, uint64_t * out);
int rv_json_as_i64 (const RvJsonValue * v, int64_t * out);
int rv_json_as_bool (const RvJsonValue * v, int *out);

#ifdef __cplusplus
}
#endif
#endif
