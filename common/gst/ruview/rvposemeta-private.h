/* libgstruview — GstRvPoseMeta: the tracked persons of a fused cycle
 * (engine.md §3.4), attached by rvposetrack.  The full structure, for the
 * project's own elements (applications use the accessors of
 * rvposemeta.h). */
#ifndef GST_RUVIEW_POSE_META_PRIVATE_H
#define GST_RUVIEW_POSE_META_PRIVATE_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "gst/ruview/rvposemeta.h"
#include "ruview/pose_tracker.h"

G_BEGIN_DECLS

struct _GstRvPoseMeta
{
  GstMeta meta;
  guint n_persons;              /* ≤ GST_RV_POSE_MAX_PERSONS */
  RvTrackedPerson persons[GST_RV_POSE_MAX_PERSONS];  /* tracker order */
};

/* Adds an empty pose meta (n_persons 0); fill it with
 * gst_rv_pose_meta_add_person. */
GST_RUVIEW_API
GstRvPoseMeta *gst_buffer_add_rv_pose_meta (GstBuffer * buffer);

/* Appends a tracked person; FALSE when the meta is full. */
GST_RUVIEW_API
gboolean gst_rv_pose_meta_add_person (GstRvPoseMeta * meta,
    const RvTrackedPerson * p);

G_END_DECLS
#endif
