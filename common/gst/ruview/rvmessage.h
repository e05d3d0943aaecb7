/* libgstruview — element messages of the analysis elements.
 *
 * Every element message (rvcalibrate, rvcirgate, rvwitness, …) is named
 * after its element and starts with the timing of what it describes, as
 * `level` and `spectrum` do: timestamp, stream-time, running-time, duration
 * (guint64 ns, GST_CLOCK_TIME_NONE when unknown).  Like `level`, the
 * analysers post one message per `message-interval` of stream time, about
 * the buffers of that interval (GstRvMessageInterval), and the open interval
 * at EOS. */
#ifndef GST_RUVIEW_MESSAGE_H
#define GST_RUVIEW_MESSAGE_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

/* A new structure `name` holding the four timing fields of buf on segment;
 * the caller appends its own fields with gst_structure_set(). */
GST_RUVIEW_API
GstStructure *gst_rv_timed_structure_new (const gchar * name,
    const GstSegment * segment, GstBuffer * buf);

/* The buffers since the last message.  Streaming thread only. */
typedef struct
{
  GstClockTime start;           /* PTS of the first buffer, NONE if unknown */
  GstClockTime end;             /* PTS + DURATION of the last one */
  guint64 buffers;              /* buffers in the open interval (0: none) */
} GstRvMessageInterval;

#define GST_RV_DEFAULT_MESSAGE_INTERVAL GST_SECOND

GST_RUVIEW_API
void gst_rv_message_interval_reset (GstRvMessageInterval * iv);

/* Adds buf to the open interval.  TRUE when the interval is due: its
 * buffers span at least `interval` ns of stream time (PTS of the first to
 * the end of the last), always when interval is 0, and when buf has no
 * PTS. */
GST_RUVIEW_API
gboolean gst_rv_message_interval_add (GstRvMessageInterval * iv,
    GstBuffer * buf, GstClockTime interval);

/* A new structure `name` with the timing of the open interval (timestamp
 * = its first PTS, duration = its span) on segment, and the interval
 * reset.  The caller appends its fields. */
GST_RUVIEW_API
GstStructure *gst_rv_message_interval_take (GstRvMessageInterval * iv,
    const gchar * name, const GstSegment * segment);

G_END_DECLS
#endif
