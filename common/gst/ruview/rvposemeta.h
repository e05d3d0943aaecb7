/* libgstruview — GstRvPoseMeta: the tracked persons of a fused cycle,
 * attached by rvposetrack. */
#ifndef GST_RUVIEW_POSE_META_H
#define GST_RUVIEW_POSE_META_H

#include <gst/gst.h>
#include <gst/ruview/rvapi.h>

G_BEGIN_DECLS

/**
 * GstRvPoseMeta:
 *
 * The persons `rvposetrack` tracks in a fused cycle, each with a track id
 * that stays the same from cycle to cycle while the person is followed,
 * 17 body keypoints and a bounding box.  Persons are indexed 0 …
 * n_persons − 1 in the tracker's order.  Keypoints are indexed 0 … 16 in
 * the COCO order (nose, left eye, right eye, left ear, right ear, left
 * shoulder, right shoulder, left elbow, right elbow, left wrist, right
 * wrist, left hip, right hip, left knee, right knee, left ankle, right
 * ankle; gst_rv_pose_keypoint_name()).  Keypoints and boxes are in the
 * skeleton generator's image frame of about 640 × 480 units (x to the
 * right, y down), not in metres: the occupancy meta has the room's
 * geometry.
 *
 * The structure is opaque; read it with the accessors.
 */
typedef struct _GstRvPoseMeta GstRvPoseMeta;

/**
 * GST_RV_POSE_MAX_PERSONS:
 *
 * The most persons one pose meta holds.
 */
#define GST_RV_POSE_MAX_PERSONS 16
/**
 * GST_RV_POSE_KEYPOINTS:
 *
 * Keypoints per person (COCO order).
 */
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

/**
 * gst_rv_pose_meta_get_n_persons:
 * @meta: a #GstRvPoseMeta
 *
 * Returns: the persons of the cycle (0 when nobody is present)
 */
GST_RUVIEW_API
guint gst_rv_pose_meta_get_n_persons (const GstRvPoseMeta * meta);

/**
 * gst_rv_pose_meta_get_person_id:
 * @meta: a #GstRvPoseMeta
 * @i: person index
 *
 * Returns: the track id of person @i (0 when @i is out of range)
 */
GST_RUVIEW_API
guint32 gst_rv_pose_meta_get_person_id (const GstRvPoseMeta * meta, guint i);

/**
 * gst_rv_pose_meta_get_person_lifecycle:
 * @meta: a #GstRvPoseMeta
 * @i: person index
 *
 * Returns: (transfer none) (nullable): "tentative" (seen, not confirmed
 *   yet) or "active" (confirmed); %NULL when @i is out of range
 */
GST_RUVIEW_API
const gchar *gst_rv_pose_meta_get_person_lifecycle (const GstRvPoseMeta * meta,
    guint i);

/**
 * gst_rv_pose_meta_get_person_confidence:
 * @meta: a #GstRvPoseMeta
 * @i: person index
 *
 * Returns: 0.9 for an active track, 0.5 for a tentative one (0 when @i is
 *   out of range)
 */
GST_RUVIEW_API
gdouble gst_rv_pose_meta_get_person_confidence (const GstRvPoseMeta * meta,
    guint i);

/**
 * gst_rv_pose_meta_get_person_keypoint:
 * @meta: a #GstRvPoseMeta
 * @i: person index
 * @k: keypoint index, 0 … 16
 * @x: (out) (optional): x, image units
 * @y: (out) (optional): y, image units
 * @z: (out) (optional): z, depth (the skeletons are generated flat, at
 *   0; the tracker's estimate stays near it)
 *
 * Returns: %FALSE when @i or @k is out of range
 */
GST_RUVIEW_API
gboolean gst_rv_pose_meta_get_person_keypoint (const GstRvPoseMeta * meta,
    guint i, guint k, gdouble * x, gdouble * y, gdouble * z);

/**
 * gst_rv_pose_keypoint_name:
 * @k: keypoint index
 *
 * Returns: (transfer none) (nullable): the COCO name of keypoint @k
 *   ("nose", "left_eye", …), %NULL when out of range
 */
GST_RUVIEW_API
const gchar *gst_rv_pose_keypoint_name (guint k);

/**
 * gst_rv_pose_meta_get_person_bbox:
 * @meta: a #GstRvPoseMeta
 * @i: person index
 * @x: (out) (optional): left edge, image units
 * @y: (out) (optional): top edge
 * @width: (out) (optional): width
 * @height: (out) (optional): height
 *
 * Returns: %FALSE when @i is out of range
 */
GST_RUVIEW_API
gboolean gst_rv_pose_meta_get_person_bbox (const GstRvPoseMeta * meta, guint i,
    gdouble * x, gdouble * y, gdouble * width, gdouble * height);

G_END_DECLS
#endif
