/* libgstruview — element messages (see rvmessage.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvmessage.h"

static GstStructure *
timed_structure (const gchar * name, const GstSegment * segment,
    GstClockTime ts, GstClockTime duration)
{
  GstClockTime stream_time = GST_CLOCK_TIME_NONE;
  GstClockTime running_time = GST_CLOCK_TIME_NONE;

  if (segment->format == GST_FORMAT_TIME && GST_CLOCK_TIME_IS_VALID (ts)) {
    stream_time = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, ts);
    running_time = gst_segment_to_running_time (segment, GST_FORMAT_TIME, ts);
  }
  return gst_structure_new (name,
      "timestamp", G_TYPE_UINT64, ts,
      "stream-time", G_TYPE_UINT64, stream_time,
      "running-time", G_TYPE_UINT64, running_time,
      "duration", G_TYPE_UINT64, duration, NULL);
}

GstStructure *
gst_rv_timed_structure_new (const gchar * name, const GstSegment * segment,
    GstBuffer * buf)
{
  return timed_structure (name, segment, GST_BUFFER_PTS (buf),
      GST_BUFFER_DURATION (buf));
}

void
gst_rv_message_interval_reset (GstRvMessageInterval * iv)
{
  iv->start = GST_CLOCK_TIME_NONE;
  iv->end = GST_CLOCK_TIME_NONE;
  iv->buffers = 0;
}

gboolean
gst_rv_message_interval_add (GstRvMessageInterval * iv, GstBuffer * buf,
    GstClockTime interval)
{
  GstClockTime ts = GST_BUFFER_PTS (buf);

  if (iv->buffers++ == 0)
    iv->start = ts;
  if (!GST_CLOCK_TIME_IS_VALID (ts)) {
    iv->end = GST_CLOCK_TIME_NONE;
    return TRUE;
  }
  iv->end = ts;
  if (GST_BUFFER_DURATION_IS_VALID (buf))
    iv->end += GST_BUFFER_DURATION (buf);
  if (interval == 0 || !GST_CLOCK_TIME_IS_VALID (iv->start))
    return TRUE;
  return iv->end >= iv->start && iv->end - iv->start >= interval;
}

GstStructure *
gst_rv_message_interval_take (GstRvMessageInterval * iv, const gchar * name,
    const GstSegment * segment)
{
  GstClockTime dur = GST_CLOCK_TIME_IS_VALID (iv->start)
      && GST_CLOCK_TIME_IS_VALID (iv->end) && iv->end >= iv->start ?
      iv->end - iv->start : GST_CLOCK_TIME_NONE;
  GstStructure *s = timed_structure (name, segment, iv->start, dur);

  gst_rv_message_interval_reset (iv);
  return s;
}
