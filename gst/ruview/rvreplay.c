/* csisrc file replay: the timeline and the index (rvreplay.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include "rvreplay.h"
#include "gst/ruview/rvbuffer.h"

GstClockTime
gst_rv_timeline_place (GstRvTimeline * t, GstClockTime pts,
    GstClockTime duration, gint64 * jump)
{
  gint64 cand = (gint64) pts + t->shift, diff;

  *jump = 0;
  if (GST_CLOCK_TIME_IS_VALID (t->last_end)) {
    diff = cand - (gint64) t->last_end;
    if ((guint64) ABS (diff) > t->max_gap) {
      t->shift -= diff;
      cand = (gint64) t->last_end;
      *jump = diff;
    }
  }
  if (cand < 0)
    cand = 0;
  t->last_end = (GstClockTime) cand + (GST_CLOCK_TIME_IS_VALID (duration) ?
      duration : 0);
  return (GstClockTime) cand;
}

gboolean
gst_rv_replay_node_of (GstBuffer * buf, guint32 * node)
{
  GstMapInfo map;
  RvCsiFrame f;

  if (!gst_rv_csi_buffer_map (buf, &map, GST_MAP_READ, &f))
    return FALSE;
  *node = f.node_id;
  gst_rv_csi_buffer_unmap (buf, &map, NULL);
  return TRUE;
}

gboolean
gst_rv_replay_index_build (GstRvReplayIndex * idx, const gchar * location,
    const GstRvReaderFormat * fmt, const GstRvReaderOptions * opts,
    gint64 only_node, GstClockTime max_gap, gchar ** error)
{
  GstRvTimeline t = { 0, GST_CLOCK_TIME_NONE, max_gap };
  GstClockTime next_point = 0;
  gboolean have_point = FALSE, ok = TRUE;
  guint64 reads = 0;
  gpointer state;
  FILE *fp;

  memset (idx, 0, sizeof (*idx));
  idx->points = g_array_new (FALSE, FALSE, sizeof (GstRvReplayPoint));
  idx->duration = GST_CLOCK_TIME_NONE;
  fp = fopen (location, "rb");
  if (!fp) {
    *error = g_strdup (g_strerror (errno));
    return FALSE;
  }
  state = fmt->open (fp, opts);
  if (!state) {
    fclose (fp);
    *error = g_strdup ("cannot set up the reader");
    return FALSE;
  }
  for (;;) {
    GstRvReplayPoint p;
    GstRvReadResult res;
    GstBuffer *buf = NULL;
    gboolean fused;
    const gchar *reason = NULL;
    guint32 node;
    gint64 jump;

    p.token = fmt->tell ? fmt->tell (state) : -1;
    p.reads = reads;
    p.timeline = t;
    res = fmt->next (state, &buf, &fused, &reason);
    reads++;
    if (res == GST_RV_READ_EOS)
      break;
    if (res == GST_RV_READ_ERROR) {
      *error = g_strdup (reason ? reason : "read error");
      ok = FALSE;
      break;
    }
    if (res == GST_RV_READ_MALFORMED) {
      idx->lost++;
      idx->last_reason = reason;
    }
    if (res != GST_RV_READ_OK)
      continue;
    if (!fused && only_node >= 0 && (!gst_rv_replay_node_of (buf, &node)
            || node != only_node)) {
      gst_buffer_unref (buf);
      continue;
    }
    if (GST_BUFFER_PTS_IS_VALID (buf)
        && GST_BUFFER_PTS (buf) <= (GstClockTime) G_MAXINT64) {
      p.pts = gst_rv_timeline_place (&t, GST_BUFFER_PTS (buf),
          GST_BUFFER_DURATION (buf), &jump);
      if (!have_point || p.pts >= next_point) {
        g_array_append_val (idx->points, p);
        next_point = p.pts + GST_RV_REPLAY_STEP;
        have_point = TRUE;
      }
      if (!GST_CLOCK_TIME_IS_VALID (idx->duration)
          || t.last_end > idx->duration)
        idx->duration = t.last_end;
    }
    idx->buffers++;
    gst_buffer_unref (buf);
  }
  fmt->close (state);
  fclose (fp);
  return ok;
}

const GstRvReplayPoint *
gst_rv_replay_index_find (const GstRvReplayIndex * idx, GstClockTime target)
{
  guint lo = 0, hi;

  if (!idx->points || idx->points->len == 0)
    return NULL;
  hi = idx->points->len;
  /* the last point with pts ≤ target */
  while (hi - lo > 1) {
    guint mid = (lo + hi) / 2;
    if (g_array_index (idx->points, GstRvReplayPoint, mid).pts <= target)
      lo = mid;
    else
      hi = mid;
  }
  return &g_array_index (idx->points, GstRvReplayPoint, lo);
}

void
gst_rv_replay_index_clear (GstRvReplayIndex * idx)
{
  if (idx->points)
    g_array_free (idx->points, TRUE);
  memset (idx, 0, sizeof (*idx));
  idx->duration = GST_CLOCK_TIME_NONE;
}
