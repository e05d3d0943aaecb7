/* csisrc reader: the capture formats of other tools (docs/capture-files.md).
 *
 * One generic reader drives a libruview decoder (ruview/capture.h) over a
 * window of bytes: from a file it reads the bytes itself (64 KiB at a
 * time, the window growing up to the decoder's longest entry), from a
 * serial device they are pushed by csisrc.  Each decoded record becomes a
 * csi buffer of one complex frame; the decoder's reasons for malformed
 * entries are passed on.  The node id is the reader option's (0 when
 * unset): these formats carry none. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "rvreader.h"
#include "gst/ruview/rvbuffer.h"
#include "ruview/atheros.h"
#include "ruview/esp32_text.h"
#include "ruview/feitcsi.h"
#include "ruview/intel5300.h"
#include "ruview/nexmon.h"

#define READ_CHUNK (64 * 1024)

struct _GstRvCaptureReader
{
  const RvCaptureFormat *fmt;   /* NULL while detecting (streams) */
  RvCaptureOptions opts;
  guint32 node_id;
  gpointer state;
  FILE *fp;                     /* NULL: bytes are pushed */
  guint8 *win;
  gsize cap, start, end;
  gboolean eof;
  /* PTS */
  GstClockTime arrival;
  gboolean have_first;
  guint64 base_us, base_pts;    /* PTS = base_pts + (device µs − base_us) */
  guint64 last_us, last_pts;
};

static void
set_format (GstRvCaptureReader * r, const RvCaptureFormat * fmt)
{
  r->fmt = fmt;
  g_free (r->state);
  r->state = g_malloc0 (fmt->state_size);
  fmt->init (r->state, &r->opts);
}

static GstRvCaptureReader *
reader_new (const RvCaptureFormat * fmt, FILE * fp,
    const GstRvReaderOptions * opts)
{
  GstRvCaptureReader *r = g_new0 (GstRvCaptureReader, 1);
  r->opts = opts->capture;
  r->node_id = opts->node_id >= 0 ? (guint32) opts->node_id : 0;
  r->fp = fp;
  r->cap = READ_CHUNK;
  r->win = g_malloc (r->cap);
  r->arrival = GST_CLOCK_TIME_NONE;
  if (fmt)
    set_format (r, fmt);
  return r;
}

GstRvCaptureReader *
gst_rv_capture_reader_new_stream (const RvCaptureFormat * fmt,
    const GstRvReaderOptions * opts)
{
  return reader_new (fmt, NULL, opts);
}

void
gst_rv_capture_reader_free (GstRvCaptureReader * r)
{
  g_free (r->state);
  g_free (r->win);
  g_free (r);
}

const RvCaptureFormat *
gst_rv_capture_reader_format (GstRvCaptureReader * r)
{
  return r->fmt;
}

/* Room for n more bytes after end: compact, then grow */
static void
make_room (GstRvCaptureReader * r, gsize n)
{
  if (r->start > 0) {
    memmove (r->win, r->win + r->start, r->end - r->start);
    r->end -= r->start;
    r->start = 0;
  }
  if (r->cap - r->end < n) {
    while (r->cap - r->end < n)
      r->cap *= 2;
    r->win = g_realloc (r->win, r->cap);
  }
}

void
gst_rv_capture_reader_push (GstRvCaptureReader * r, const guint8 * data,
    gsize len, GstClockTime arrival)
{
  make_room (r, len);
  memcpy (r->win + r->end, data, len);
  r->end += len;
  r->arrival = arrival;
}

void
gst_rv_capture_reader_reset (GstRvCaptureReader * r)
{
  r->start = r->end = 0;
  if (r->fmt)
    r->fmt->init (r->state, &r->opts);
}

/* FALSE at the end of the file (or on a read error: ferror tells).  The
 * window grows only while a decoder needs a longer entry whole (bounded by
 * its max_entry). */
static gboolean
refill (GstRvCaptureReader * r)
{
  gsize n;

  if (r->eof)
    return FALSE;
  make_room (r, READ_CHUNK);
  n = fread (r->win + r->end, 1, r->cap - r->end, r->fp);
  r->end += n;
  return n > 0;
}

/* Streams: the first complete line some line-based format claims decides
 * the format; lines before it are skipped.  FALSE while undecided. */
static gboolean
detect (GstRvCaptureReader * r, GstRvReadResult * res)
{
  const guint8 *p = r->win + r->start, *nl;
  gsize len = r->end - r->start;
  guint i, best = 0;
  const RvCaptureFormat *fmt = NULL;

  nl = memchr (p, '\n', len);
  if (!nl) {
    if (len >= RV_ESP32_MAX_LINE)
      r->start = r->end;        /* no line end in sight: drop */
    *res = GST_RV_READ_EOS;
    return FALSE;
  }
  for (i = 0; rv_capture_formats[i]; i++) {
    guint s;
    if (!rv_capture_formats[i]->line_based)
      continue;
    s = rv_capture_formats[i]->probe (p, (gsize) (nl - p));
    if (s > best) {
      best = s;
      fmt = rv_capture_formats[i];
    }
  }
  if (!fmt) {
    r->start += (gsize) (nl - p) + 1;
    *res = GST_RV_READ_SKIPPED;
    return FALSE;
  }
  set_format (r, fmt);
  return TRUE;
}

/* A file's PTS: its device time from the first record on.  When the
 * device clock steps back (a reboot) the timeline goes on from the last
 * PTS, DISCONT; csisrc bounds forward jumps (max-gap) for every reader. */
static guint64
file_pts (GstRvCaptureReader * r, guint64 us, gboolean * discont)
{
  guint64 d;

  if (!r->have_first) {
    r->have_first = TRUE;
    r->base_us = us;
  } else if (us < r->last_us) {
    r->base_us = us;
    r->base_pts = r->last_pts;
    *discont = TRUE;
  }
  r->last_us = us;
  d = us - r->base_us;
  r->last_pts = d > (G_MAXUINT64 - r->base_pts) / 1000u ? r->last_pts
      : r->base_pts + d * 1000u;
  return r->last_pts;
}

static GstBuffer *
make_buffer (GstRvCaptureReader * r, const RvCaptureInfo * info)
{
  GstBuffer *buf;
  GstMapInfo map;
  RvCsiFrame f;
  guint64 pts;
  gboolean discont = FALSE;

  buf = gst_rv_csi_buffer_new (RV_LAYOUT_COMPLEX, info->n_streams,
      info->n_subcarriers, &map, &f);
  if (!buf)
    return NULL;
  if (r->fmt->fill (r->state, &f) != 0) {
    gst_rv_csi_buffer_unmap (buf, &map, NULL);
    gst_buffer_unref (buf);
    return NULL;
  }
  rv_capture_info_apply (info, &f);
  f.node_id = r->node_id;
  if (r->fp) {
    pts = file_pts (r, info->timestamp_us, &discont);
  } else {
    pts = GST_CLOCK_TIME_IS_VALID (r->arrival) ? r->arrival :
        RV_RECORD_NONE_NS;
  }
  f.pts_ns = pts;
  f.duration_ns = RV_RECORD_NONE_NS;
  gst_rv_csi_buffer_unmap (buf, &map, &f);
  GST_BUFFER_PTS (buf) = pts == RV_RECORD_NONE_NS ? GST_CLOCK_TIME_NONE : pts;
  GST_BUFFER_DURATION (buf) = GST_CLOCK_TIME_NONE;
  if (discont)
    GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
  return buf;
}

GstRvReadResult
gst_rv_capture_reader_next (GstRvCaptureReader * r, GstBuffer ** out,
    const gchar ** reason)
{
  *out = NULL;
  for (;;) {
    RvCaptureInfo info;
    RvCaptureStatus s;
    gsize used = 0;
    gboolean at_eof = r->fp ? r->eof : FALSE;

    if (!r->fmt) {
      GstRvReadResult res;
      if (!detect (r, &res))
        return res;
    }
    s = r->fmt->next (r->state, r->win + r->start, r->end - r->start, at_eof,
        &used, &info);
    g_assert (used <= r->end - r->start);
    r->start += used;
    switch (s) {
      case RV_CAPTURE_FRAME:
        *out = make_buffer (r, &info);
        if (!*out) {
          *reason = "cannot lay out the frame";
          return GST_RV_READ_ERROR;
        }
        return GST_RV_READ_OK;
      case RV_CAPTURE_CONTINUE:
        break;
      case RV_CAPTURE_NON_CSI:
        return GST_RV_READ_SKIPPED;
      case RV_CAPTURE_END:
        return GST_RV_READ_EOS;
      case RV_CAPTURE_NEED_MORE:
        if (!r->fp)
          return GST_RV_READ_EOS;
        if (!refill (r)) {
          if (ferror (r->fp)) {
            *reason = "read error";
            return GST_RV_READ_ERROR;
          }
          r->eof = TRUE;        /* the decoder sees at_eof next time */
        }
        break;
      default:
        *reason = rv_capture_status_str (s);
        return GST_RV_READ_MALFORMED;
    }
  }
}

/* ---- the reader vtables ---- */

static void
capture_close (gpointer state)
{
  gst_rv_capture_reader_free (state);
}

static GstRvReadResult
capture_next (gpointer state, GstBuffer ** out, gboolean * fused,
    const gchar ** reason)
{
  *fused = FALSE;
  return gst_rv_capture_reader_next (state, out, reason);
}

#define CAPTURE_READER(id, name, fmt) \
  static guint id##_probe (const guint8 * head, gsize len) \
  { \
    return fmt.probe (head, len); \
  } \
  static gpointer id##_open (FILE * fp, const GstRvReaderOptions * opts) \
  { \
    return reader_new (&fmt, fp, opts); \
  } \
  const GstRvReaderFormat gst_rv_reader_##id = { \
    name, id##_probe, id##_open, capture_next, capture_close \
  }

CAPTURE_READER (esp32_csi_tool, "esp32-csi-tool", rv_capture_esp32_csi_tool);
CAPTURE_READER (esp_csi, "esp-csi", rv_capture_esp_csi);
CAPTURE_READER (intel5300, "intel5300", rv_capture_intel5300);
CAPTURE_READER (nexmon, "nexmon", rv_capture_nexmon);
CAPTURE_READER (atheros, "atheros", rv_capture_atheros);
CAPTURE_READER (feitcsi, "feitcsi", rv_capture_feitcsi);
