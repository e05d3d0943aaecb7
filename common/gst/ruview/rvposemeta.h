/* libgstruview — GstRvPoseMeta: the tracked persons of a fused cycle, with
 * their 17 body keypoints, attached by rvposetrack.
 *
 * The structure is opaque; read it with the accessors below.  Persons are
 * indexed 0 … n_persons − 1 in the tracker's order; keypoints 0 … 16 in COCO
 * order (nose, left eye, right eye, left ear, right ear, left shoulder,
 * right shoulder, left elbow, right elbow, left wrist, right wrist, left hip,
 * right hip, left knee, right knee, left ankle, right ankle), in the pose
 * heuristic's pixel frame (about 640 × 480). */
#ifndef GST_RUVIEW_POSE_META_H
#define GST_RUVIEW_POSE_META_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

typedef struct _GstRvPoseMeta GstRvPoseMeta;

#define GST_RV_POSE_MAX_PERSONS 16
#define GST_RV_POSE_KEYPOINTS   17

#define GST_RV_POSE_META_API_TYPE (gst_rv_pose_meta_api_get_type ())
#define GST_RV_POSE_META_INFO (gst_rv_pose_meta_get_info ())

GST_RUVIEW_API GType gst_rv_pose_meta_api_get_type (void);
GST_RUVIEW_API const GstMetaInfo *gst_rv_pose_meta_get_info (void);

/**
 * gst_buffer_get_rv_pose_meta:
 * @buffer: a #GstBuffer
 *
 * Returns: (transfer none) (nullable): the pose meta of @buffer
 */
GST_RUVIEW_API
GstRvPoseMeta *gst_buffer_get_rv_pose_meta (GstBuffer * buffer);

GST_RUVIEW_API
guint gst_rv_pose_meta_get_n_persons (const GstRvPoseMeta * meta);

/* The track id of person i (0 when i is out of range). */
GST_RUVIEW_API
guint32 gst_rv_pose_meta_get_person_id (const GstRvPoseMeta * meta, guint i);

/* "tentative", "active", "lost" or "terminated" (NULL when out of
 * range). */
GST_RUVIEW_API
const gchar *gst_rv_pose_meta_get_person_lifecycle (const GstRvPoseMeta * meta,
    guint i);

GST_RUVIEW_API
gdouble gst_rv_pose_meta_get_person_confidence (const GstRvPoseMeta * meta,
    guint i);

/* Keypoint k (0 … 16) of person i; FALSE when out of range. */
GST_RUVIEW_API
gboolean gst_rv_pose_meta_get_person_keypoint (const GstRvPoseMeta * meta,
    guint i, guint k, gdouble * x, gdouble * y, gdouble * z);

/* The COCO name of keypoint k ("nose", …), NULL when out of range. */
GST_RUVIEW_API
const gchar *gst_rv_pose_keypoint_name (guint k);

/* The bounding box of person i; FALSE when out of range. */
GST_RUVIEW_API
gboolean gst_rv_pose_meta_get_person_bbox (const GstRvPoseMeta * meta, guint i,
    gdouble * x, gdouble * y, gdouble * width, gdouble * height);

G_END_DECLS
#endif
