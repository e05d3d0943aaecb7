/* libgstruview — element messages (see rvmessage.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gst/ruview/rvmessage.h"

GstStructure *
gst_rv_timed_structure_new (const gchar * name, const GstSegment * segment,
    GstBuffer * buf)
{
  GstClockTime ts = GST_BUFFER_PTS (buf);
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
      "duration", G_TYPE_UINT64, GST_BUFFER_DURATION (buf), NULL);
}
