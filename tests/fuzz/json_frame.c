/* Fuzz target: JSON Lines frames (common/ruview/json.c and record_json.c),
 * line by line as csisrc's jsonl reader reads them.  Every value of a
 * document that parses is converted every way; a csi_frame that decodes
 * must be a fixed point of write → read (exact inverses). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "ruview/record_json.h"
#include "seeds.h"

static RvJsonWriter writer;
static RvJsonDoc *doc;

static void
walk (const RvJsonValue * v, int depth)
{
  const RvJsonValue *c;
  size_t n = 0;
  double d;
  float f;
  uint64_t u;
  int64_t i;
  int b;

  /* the reader refuses documents nested deeper than 256 */
  RV_FUZZ_CHECK (depth <= 256);
  (void) rv_json_as_f64 (v, &d);
  (void) rv_json_as_f32 (v, &f);
  (void) rv_json_as_u64 (v, &u);
  (void) rv_json_as_i64 (v, &i);
  (void) rv_json_as_bool (v, &b);
  if (v->type == RV_JSON_STRING)
    RV_FUZZ_CHECK (v->text[v->len] == '\0');
  for (c = v->child; c; c = c->next, n++) {
    if (v->type == RV_JSON_OBJECT) {
      RV_FUZZ_CHECK (c->key != NULL);
      /* a member is found by its name (one with an escaped NUL cannot be
       * named by a C string, and must not be found by its prefix) */
      if (strlen (c->key) == c->key_len)
        RV_FUZZ_CHECK (rv_json_get (v, c->key) != NULL);
      else
        RV_FUZZ_CHECK (rv_json_get (v, c->key) != c);
    }
    walk (c, depth + 1);
  }
  RV_FUZZ_CHECK (n == v->n_children);
}

/* decode a csi_frame document into a new record (NULL if it is none) */
static uint8_t *
decode (const RvJsonValue * root, RvCsiFrame * f, size_t * size)
{
  RvLayout layout;
  unsigned d0, d1;
  int has_pts, has_dur;
  uint8_t *rec;

  if (rv_record_csi_json_dims (root, &layout, &d0, &d1) != RV_RECORD_JSON_OK)
    return NULL;
  *size = rv_record_csi_size (layout, d0, d1);
  RV_FUZZ_CHECK (*size > 0);
  if (posix_memalign ((void **) &rec, 8, *size) != 0)
    abort ();
  RV_FUZZ_CHECK (rv_record_csi_init (rec, *size, layout, d0, d1, f)
      == RV_RECORD_OK);
  if (rv_record_csi_from_json (root, f, &has_pts, &has_dur)
      != RV_RECORD_JSON_OK) {
    free (rec);
    return NULL;
  }
  rv_record_csi_sync (rec, f);
  return rec;
}

static void
one_line (const char *line, size_t len)
{
  const RvJsonValue *root;
  RvJsonError err;
  size_t err_off, size, size2;
  RvCsiFrame f, g;
  uint8_t *rec, *rec2;

  root = rv_json_parse (doc, line, len, &err, &err_off);
  if (!root) {
    RV_FUZZ_CHECK (err != RV_JSON_OK && err_off <= len);
    return;
  }
  walk (root, 0);
  rec = decode (root, &f, &size);
  if (!rec)
    return;
  if (rv_fuzz_csi_all_finite (&f)) {
    rv_json_writer_reset (&writer);
    rv_record_csi_json_begin (&writer, &f, 1);
    rv_json_end_object (&writer);
    RV_FUZZ_CHECK (!writer.failed);
    root = rv_json_parse (doc, writer.buf, writer.len, NULL, NULL);
    RV_FUZZ_CHECK (root != NULL);
    rec2 = decode (root, &g, &size2);
    RV_FUZZ_CHECK (rec2 != NULL && size2 == size);
    /* flags beyond the three the format carries are not kept */
    RV_FUZZ_CHECK (memcmp (rec, rec2, size) == 0);
    free (rec2);
  }
  free (rec);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  rv_json_writer_init (&writer);
  doc = rv_json_doc_new ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  /* a private copy with no terminator, so a read past a line shows */
  char *text = malloc (size ? size : 1);
  size_t start = 0, i;

  memcpy (text, data, size);
  for (i = 0; i <= size; i++) {
    if (i == size || text[i] == '\n') {
      if (i > start)
        one_line (text + start, i - start);
      start = i + 1;
    }
  }
  free (text);
  return 0;
}

void
rv_fuzz_seeds (void)
{
  RvJsonWriter w;
  static const char other[] =
      "{\"type\":\"fused_frame\",\"cycle\":3,\"nodes\":[]}\n"
      "[1,-2.5e-3,true,false,null,\"\\u00e9\\n\",{\"a\":{}}]\n";

  rv_json_writer_init (&w);
  rv_fuzz_csi_json_line (&w, RV_LAYOUT_COMPLEX, 1, 8, 1, 1);
  rv_fuzz_seed ("complex-1x8", w.buf, w.len);
  rv_json_writer_reset (&w);
  rv_fuzz_csi_json_line (&w, RV_LAYOUT_CANONICAL, 2, 6, 2, 2);
  rv_fuzz_seed ("canonical-2x6", w.buf, w.len);
  rv_json_writer_reset (&w);
  rv_fuzz_csi_json_line (&w, RV_LAYOUT_COMPLEX, 2, 3, 3, 3);
  rv_json_append (&w, other, sizeof other - 1);
  rv_fuzz_seed ("mixed-lines", w.buf, w.len);
  rv_json_writer_clear (&w);
}
