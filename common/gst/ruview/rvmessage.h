/* libgstruview — element messages of the analysis elements.
 *
 * Every per-buffer element message (rvcalibrate, rvcirgate, rvwitness, …) is
 * named after its element and starts with the timing of the buffer it
 * describes, as `level` and `spectrum` do: timestamp, stream-time,
 * running-time, duration (guint64 ns, GST_CLOCK_TIME_NONE when unknown). */
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

G_END_DECLS
#endif
