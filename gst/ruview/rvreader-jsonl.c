/* csisrc reader: our JSON Lines frame format (docs/json-format.md).
 *
 * One {"type":"csi_frame", …} document per line, as rvmetaconvert writes
 * them; parsed by libruview (ruview/record_json.h) into a fresh record, so
 * a file written by `csisrc ! rvmetaconvert detail=full ! filesink`
 * replays to the same records.  PTS = "pts_ns" when present, else the
 * frame's timestamp_us minus the first frame's (in ns); DURATION =
 * "duration_ns" when present.  Other document types (fused frames, …) are
 * skipped; blank lines are ignored. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "rvreader.h"
#include "gst/ruview/rvbuffer.h"
#include "ruview/json.h"
#include "ruview/record_json.h"

typedef struct
{
  FILE *fp;
  RvJsonDoc *doc;
  gchar *line;
  gsize cap;
  gboolean have_first;
  guint64 first_us;
} JsonlReader;

static guint
jsonl_probe (const guint8 * head, gsize len)
{
  if (gst_rv_reader_first_line_has (head, len, "\"csi_frame\""))
    return 90;
  if (gst_rv_reader_first_line_has (head, len, "\"fused_frame\""))
    return 50;
  return 0;
}

static gpointer
jsonl_open (FILE * fp, const GstRvReaderOptions * opts)
{
  JsonlReader *r = g_new0 (JsonlReader, 1);
  r->fp = fp;
  r->doc = rv_json_doc_new ();
  if (!r->doc) {
    g_free (r);
    return NULL;
  }
  return r;
}

static void
jsonl_close (gpointer state)
{
  JsonlReader *r = state;
  rv_json_doc_free (r->doc);
  free (r->line);
  g_free (r);
}

static GstRvReadResult
jsonl_next (gpointer state, GstBuffer ** out, gboolean * fused,
    const gchar ** reason)
{
  JsonlReader *r = state;
  const RvJsonValue *root;
  RvRecordJsonError je;
  RvLayout layout;
  unsigned d0, d1;
  GstBuffer *buf;
  GstMapInfo map;
  RvCsiFrame f;
  int has_pts, has_dur;
  gssize n;

  *out = NULL;
  *fused = FALSE;
  n = gst_rv_reader_read_line (r->fp, &r->line, &r->cap);
  if (n < 0)
    return ferror (r->fp) ? (*reason = "read error", GST_RV_READ_ERROR)
        : GST_RV_READ_EOS;

  root = rv_json_parse (r->doc, r->line, n, NULL, NULL);
  if (!root) {
    *reason = "invalid JSON";
    return GST_RV_READ_MALFORMED;
  }
  je = rv_record_csi_json_dims (root, &layout, &d0, &d1);
  if (je == RV_RECORD_JSON_NOT_A_FRAME) {
    if (root->type == RV_JSON_OBJECT && rv_json_get (root, "type"))
      return GST_RV_READ_SKIPPED;
    *reason = "not a csi_frame document";
    return GST_RV_READ_MALFORMED;
  }
  if (je != RV_RECORD_JSON_OK) {
    *reason = rv_record_json_error_str (je);
    return GST_RV_READ_MALFORMED;
  }
  buf = gst_rv_csi_buffer_new (layout, d0, d1, &map, &f);
  if (!buf) {
    *reason = "frame dimensions out of range";
    return GST_RV_READ_MALFORMED;
  }
  je = rv_record_csi_from_json (root, &f, &has_pts, &has_dur);
  if (je != RV_RECORD_JSON_OK) {
    gst_rv_csi_buffer_unmap (buf, &map, NULL);
    gst_buffer_unref (buf);
    *reason = rv_record_json_error_str (je);
    return GST_RV_READ_MALFORMED;
  }
  if (!r->have_first) {
    r->have_first = TRUE;
    r->first_us = f.timestamp_us;
  }
  if (!has_pts)
    f.pts_ns = f.timestamp_us >= r->first_us
        ? (f.timestamp_us - r->first_us) * 1000u : 0;
  if (!has_dur)
    f.duration_ns = RV_RECORD_NONE_NS;
  gst_rv_csi_buffer_unmap (buf, &map, &f);
  GST_BUFFER_PTS (buf) =
      f.pts_ns == RV_RECORD_NONE_NS ? GST_CLOCK_TIME_NONE : f.pts_ns;
  GST_BUFFER_DURATION (buf) =
      f.duration_ns == RV_RECORD_NONE_NS ? GST_CLOCK_TIME_NONE : f.duration_ns;
  *out = buf;
  return GST_RV_READ_OK;
}

/* lines stand alone (the PTS base is the file's first frame, kept) */
static gint64
jsonl_tell (gpointer state)
{
  JsonlReader *r = state;
  return ftell (r->fp);
}

static gboolean
jsonl_seek (gpointer state, gint64 position)
{
  JsonlReader *r = state;
  clearerr (r->fp);
  return fseek (r->fp, (long) position, SEEK_SET) == 0;
}

const GstRvReaderFormat gst_rv_reader_jsonl = {
  "jsonl",
  jsonl_probe,
  jsonl_open,
  jsonl_next,
  jsonl_close,
  jsonl_tell,
  jsonl_seek,
};
