/* csisrc file replay: the timeline and the index (rvreplay.c).
 *
 * A replay keeps the recorded timeline, except that a jump of more than
 * max-gap between the end of one buffer and the next is shifted away
 * (GstRvTimeline).  The index is built when the file is opened, by reading
 * it once with a reader of its own, exactly as the replay will: it knows
 * the duration of the replay, how many entries of the file could not be
 * read, and, about every GST_RV_REPLAY_STEP of the output timeline, where a
 * replay can resume (the reader's position, or the number of reads from
 * the start, and the timeline's state there), so a seek lands on the
 * buffer it asks for. */
#ifndef __GST_RV_REPLAY_H__
#define __GST_RV_REPLAY_H__

#include <gst/gst.h>
#include "rvreader.h"

G_BEGIN_DECLS

/* Output time between two resume points of the index */
#define GST_RV_REPLAY_STEP GST_SECOND

typedef struct
{
  gint64 shift;                 /* added to the recorded PTS */
  GstClockTime last_end;        /* where the last buffer ended, NONE first */
  GstClockTime max_gap;
} GstRvTimeline;

/* The output PTS of a buffer recorded at pts (valid, ≤ G_MAXINT64) lasting
 * duration (NONE: 0), the timeline advanced.  *jump: 0, or the jump that
 * was shifted away (ns, signed). */
G_GNUC_INTERNAL GstClockTime gst_rv_timeline_place (GstRvTimeline * t,
    GstClockTime pts, GstClockTime duration, gint64 * jump);

typedef struct
{
  GstClockTime pts;             /* output PTS of the buffer */
  gint64 token;                 /* reader position before it (tell), -1 */
  guint64 reads;                /* reader next() calls before it */
  GstRvTimeline timeline;       /* the timeline before it */
} GstRvReplayPoint;

typedef struct
{
  GArray *points;               /* GstRvReplayPoint, PTS ascending */
  GstClockTime duration;        /* end of the last buffer */
  guint64 buffers;              /* buffers a whole replay produces */
  guint64 lost;                 /* entries that could not be read */
  const gchar *last_reason;     /* why the last of them (static) */
} GstRvReplayIndex;

/* Reads location once as fmt (frames of nodes other than only_node, when
 * ≥ 0, are left out, as the replay does).  FALSE and *error when the file
 * cannot be read to its end. */
G_GNUC_INTERNAL gboolean gst_rv_replay_index_build (GstRvReplayIndex * idx,
    const gchar * location, const GstRvReaderFormat * fmt,
    const GstRvReaderOptions * opts, gint64 only_node, GstClockTime max_gap,
    gchar ** error);

/* The last resume point at or before target (the first one when target
 * precedes it), NULL when the index is empty. */
G_GNUC_INTERNAL const GstRvReplayPoint *gst_rv_replay_index_find (const
    GstRvReplayIndex * idx, GstClockTime target);

G_GNUC_INTERNAL void gst_rv_replay_index_clear (GstRvReplayIndex * idx);

/* The node id of a csi buffer (FALSE if it is not a valid csi record) */
G_GNUC_INTERNAL gboolean gst_rv_replay_node_of (GstBuffer * buf,
    guint32 * node);

G_END_DECLS
#endif
