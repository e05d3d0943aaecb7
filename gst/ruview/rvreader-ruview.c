/* csisrc reader: RuView's JSONL recordings (formats.md §1.5, frontend.md
 * §2.6 (a)), e.g. data/recordings/pretrain-*.csi.jsonl.
 *
 * "raw_csi" lines carry the ADR-018 payload (header stripped) as iq_hex;
 * each becomes a complex frame of 1 stream × (hex length / 4) subcarriers,
 * decoded with the ADR-018 pair rule (iq-order) and natural FFT order
 * subcarrier indices.  The file keeps no sequence number, frequency, noise
 * floor or usable RSSI (its "rssi" is the antenna-count byte), so those are
 * 0 and the sequence is a per-node line counter.  timestamp (float Unix
 * seconds) → timestamp_us, rounded to the microsecond from the decimal
 * text; PTS = timestamp − the first frame's.  "vitals", "feature" and
 * untyped lines are skipped. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>
#include "rvreader.h"
#include "gst/ruview/rvbuffer.h"
#include "ruview/json.h"

typedef struct
{
  FILE *fp;
  RvIqOrder order;
  RvJsonDoc *doc;
  gchar *line;
  gsize cap;
  guint8 *bytes;
  gsize bytes_cap;
  GHashTable *seq;              /* node id → next sequence */
  gboolean have_first;
  guint64 first_us;
} RuviewReader;

static guint
ruview_probe (const guint8 * head, gsize len)
{
  if (gst_rv_reader_first_line_has (head, len, "\"iq_hex\"")
      || gst_rv_reader_first_line_has (head, len, "\"raw_csi\""))
    return 80;
  if (gst_rv_reader_first_line_has (head, len, "\"0xC511"))
    return 70;
  return 0;
}

static gpointer
ruview_open (FILE * fp, const GstRvReaderOptions * opts)
{
  RuviewReader *r = g_new0 (RuviewReader, 1);
  r->fp = fp;
  r->order = opts->iq_order;
  r->doc = rv_json_doc_new ();
  r->seq = g_hash_table_new (NULL, NULL);
  return r;
}

static void
ruview_close (gpointer state)
{
  RuviewReader *r = state;
  if (r->doc)
    rv_json_doc_free (r->doc);
  free (r->line);
  g_free (r->bytes);
  g_hash_table_destroy (r->seq);
  g_free (r);
}

/* Decimal seconds → µs, exactly rounded (half up) when the text is plain
 * digits with an optional fraction; other spellings go through strtod. */
static gboolean
seconds_to_us (const RvJsonValue * v, guint64 * us)
{
  const gchar *p;
  gsize i;
  guint64 s = 0, frac = 0;
  guint nd = 0;
  gboolean plain = TRUE, round_up = FALSE;

  if (!v || v->type != RV_JSON_NUMBER || v->len == 0 || v->text[0] == '-')
    return FALSE;
  p = v->text;
  for (i = 0; i < v->len && g_ascii_isdigit (p[i]); i++) {
    if (s > G_MAXUINT64 / 10 / 1000000)
      return FALSE;
    s = s * 10 + (guint) (p[i] - '0');
  }
  if (i < v->len && p[i] == '.') {
    for (i++; i < v->len && g_ascii_isdigit (p[i]); i++) {
      if (nd < 6)
        frac = frac * 10 + (guint) (p[i] - '0');
      else if (nd == 6)
        round_up = p[i] >= '5';
      nd++;
    }
  }
  if (i != v->len)
    plain = FALSE;
  if (plain) {
    for (; nd < 6; nd++)
      frac *= 10;
    *us = s * 1000000u + frac + (round_up ? 1 : 0);
    return TRUE;
  } else {
    double d;
    if (rv_json_as_f64 (v, &d) || !(d >= 0.0) || d > 1.8e13)
      return FALSE;
    *us = (guint64) llround (d * 1e6);
    return TRUE;
  }
}

static GstRvReadResult
ruview_next (gpointer state, GstBuffer ** out, gboolean * fused,
    const gchar ** reason)
{
  RuviewReader *r = state;
  const RvJsonValue *root, *type, *hex, *v;
  guint64 node, us, n_pairs, k, seq;
  GstBuffer *buf;
  GstMapInfo map;
  RvCsiFrame f;
  gssize n;
  gpointer cur;

  *out = NULL;
  *fused = FALSE;
  if (!r->doc) {
    *reason = "out of memory";
    return GST_RV_READ_ERROR;
  }
  n = gst_rv_reader_read_line (r->fp, &r->line, &r->cap);
  if (n < 0)
    return ferror (r->fp) ? (*reason = "read error", GST_RV_READ_ERROR)
        : GST_RV_READ_EOS;

  root = rv_json_parse (r->doc, r->line, n, NULL, NULL);
  if (!root || root->type != RV_JSON_OBJECT) {
    *reason = "invalid JSON";
    return GST_RV_READ_MALFORMED;
  }
  type = rv_json_get (root, "type");
  if (!type || type->type != RV_JSON_STRING || strcmp (type->text, "raw_csi"))
    return GST_RV_READ_SKIPPED;

  hex = rv_json_get (root, "iq_hex");
  if (!hex || hex->type != RV_JSON_STRING || hex->len == 0
      || hex->len % 4 != 0) {
    *reason = "raw_csi line without a valid iq_hex";
    return GST_RV_READ_MALFORMED;
  }
  n_pairs = hex->len / 4;
  if (n_pairs > RV_RECORD_MAX_DIM) {
    *reason = "iq_hex longer than the record allows";
    return GST_RV_READ_MALFORMED;
  }
  v = rv_json_get (root, "subcarriers");
  if (v && (rv_json_as_u64 (v, &k) || k != n_pairs)) {
    *reason = "subcarriers disagrees with iq_hex";
    return GST_RV_READ_MALFORMED;
  }
  v = rv_json_get (root, "size");
  if (v && (rv_json_as_u64 (v, &k) || k != RV_ADR018_HEADER_SIZE + 2 * n_pairs)) {
    *reason = "size disagrees with iq_hex";
    return GST_RV_READ_MALFORMED;
  }
  if (rv_json_as_u64 (rv_json_get (root, "node_id"), &node)
      || node > G_MAXUINT32) {
    *reason = "raw_csi line without a valid node_id";
    return GST_RV_READ_MALFORMED;
  }
  if (!seconds_to_us (rv_json_get (root, "timestamp"), &us)) {
    *reason = "raw_csi line without a valid timestamp";
    return GST_RV_READ_MALFORMED;
  }
  if (r->bytes_cap < 2 * n_pairs) {
    r->bytes_cap = 2 * n_pairs;
    r->bytes = g_realloc (r->bytes, r->bytes_cap);
  }
  for (k = 0; k < 2 * n_pairs; k++) {
    gint hi = g_ascii_xdigit_value (hex->text[2 * k]);
    gint lo = g_ascii_xdigit_value (hex->text[2 * k + 1]);
    if (hi < 0 || lo < 0) {
      *reason = "iq_hex is not hexadecimal";
      return GST_RV_READ_MALFORMED;
    }
    r->bytes[k] = (guint8) ((hi << 4) | lo);
  }

  buf = gst_rv_csi_buffer_new (RV_LAYOUT_COMPLEX, 1, (guint) n_pairs, &map,
      &f);
  if (!buf) {
    *reason = "cannot allocate the frame";
    return GST_RV_READ_ERROR;
  }
  rv_adr018_decode_pairs (r->bytes, n_pairs, r->order, f.data);
  for (k = 0; k < n_pairs; k++)
    f.subcarrier_index[k] = rv_fft_order_index ((unsigned) k);
  if (!g_hash_table_lookup_extended (r->seq, GUINT_TO_POINTER (node), NULL,
          &cur))
    cur = GUINT_TO_POINTER (0);
  seq = GPOINTER_TO_UINT (cur);
  g_hash_table_insert (r->seq, GUINT_TO_POINTER (node),
      GUINT_TO_POINTER ((guint) (seq + 1)));
  if (!r->have_first) {
    r->have_first = TRUE;
    r->first_us = us;
  }
  f.node_id = (guint32) node;
  f.sequence = (guint32) seq;
  f.timestamp_us = us;
  f.bandwidth_mhz = rv_adr018_bandwidth (0, 0, (unsigned) n_pairs);
  f.pts_ns = us >= r->first_us ? (us - r->first_us) * 1000u : 0;
  f.duration_ns = RV_RECORD_NONE_NS;
  gst_rv_csi_buffer_unmap (buf, &map, &f);
  GST_BUFFER_PTS (buf) = f.pts_ns;
  GST_BUFFER_DURATION (buf) = GST_CLOCK_TIME_NONE;
  *out = buf;
  return GST_RV_READ_OK;
}

const GstRvReaderFormat gst_rv_reader_ruview = {
  "ruview-jsonl",
  ruview_probe,
  ruview_open,
  ruview_next,
  ruview_close,
};
