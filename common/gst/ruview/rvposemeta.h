/* libgstruview — GstRvPoseMeta: the tracked persons of a fused cycle
 * (engine.md §3.4), attached by rvposetrack. */
#ifndef GST_RUVIEW_POSE_META_H
#define GST_RUVIEW_POSE_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "ruview/pose_tracker.h"

G_BEGIN_DECLS

#define GST_RV_POSE_MAX_PERSONS 16

#define GST_RV_POSE_META_API_TYPE (gst_rv_pose_meta_api_get_type ())
#define GST_RV_POSE_META_INFO (gst_rv_pose_meta_get_info ())

typedef struct
{
  GstMeta meta;
  guint n_persons;              /* ≤ GST_RV_POSE_MAX_PERSONS */
  RvTrackedPerson persons[GST_RV_POSE_MAX_PERSONS];  /* tracker order */
} GstRvPoseMeta;

GST_RUVIEW_API GType gst_rv_pose_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_pose_meta_get_info (void);

/* Adds an empty pose meta (n_persons 0); fill it with
 * gst_rv_pose_meta_add_person. */
GST_RUVIEW_API
GstRvPoseMeta *gst_buffer_add_rv_pose_meta (GstBuffer * buffer);

/* Appends a tracked person; FALSE when the meta is full. */
GST_RUVIEW_API
gboolean gst_rv_pose_meta_add_person (GstRvPoseMeta * meta,
    const RvTrackedPerson * p);

#define gst_buffer_get_rv_pose_meta(b) \
  ((GstRvPoseMeta *) gst_buffer_get_meta ((b), GST_RV_POSE_META_API_TYPE))

G_END_DECLS
#endif
