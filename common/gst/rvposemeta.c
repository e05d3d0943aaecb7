/* libgstruview — GstRvPoseMeta (see rvposemeta.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gst/ruview/rvposemeta-private.h"
#include "gst/ruview/rvmeta.h"

GType
gst_rv_pose_meta_api_get_type (void)
{
  static gsize type = 0;
  static const gchar *tags[] = { NULL };
  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register ("GstRvPoseMetaAPI", tags);
    g_once_init_leave (&type, t);
  }
  return (GType) type;
}

static gboolean
pose_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  ((GstRvPoseMeta *) meta)->n_persons = 0;
  return TRUE;
}

static gboolean
pose_meta_transform (GstBuffer * dest, GstMeta * meta, GstBuffer * buffer,
    GQuark type, gpointer data)
{
  GstRvPoseMeta *m = (GstRvPoseMeta *) meta, *d;
  if (!GST_META_TRANSFORM_IS_COPY (type))
    return FALSE;
  d = gst_buffer_add_rv_pose_meta (dest);
  if (!d)
    return FALSE;
  d->n_persons = m->n_persons;
  memcpy (d->persons, m->persons, m->n_persons * sizeof (RvTrackedPerson));
  return TRUE;
}

static const gchar *
lifecycle_nick (RvTrackLifecycle l)
{
  switch (l) {
    case RV_TRACK_TENTATIVE:
      return "tentative";
    case RV_TRACK_ACTIVE:
      return "active";
    case RV_TRACK_LOST:
      return "lost";
    case RV_TRACK_TERMINATED:
      return "terminated";
  }
  return "unknown";
}

static void
pose_meta_serialize (const GstMeta * meta, RvJsonWriter * w, gboolean full)
{
  const GstRvPoseMeta *m = (const GstRvPoseMeta *) meta;
  guint i;

  rv_json_begin_object (w);
  rv_json_kv_u64 (w, "n_persons", m->n_persons);
  rv_json_key (w, "persons");
  rv_json_begin_array (w);
  for (i = 0; i < m->n_persons; i++) {
    const RvTrackedPerson *p = &m->persons[i];
    rv_json_begin_object (w);
    rv_json_kv_u64 (w, "id", p->id);
    rv_json_kv_string (w, "lifecycle", lifecycle_nick (p->lifecycle));
    rv_json_kv_f64 (w, "confidence", p->confidence);
    rv_tracked_person_write_body (w, p, full);
    rv_json_end_object (w);
  }
  rv_json_end_array (w);
  rv_json_end_object (w);
}

const GstMetaInfo *
gst_rv_pose_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;
  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *mi = gst_meta_register (GST_RV_POSE_META_API_TYPE,
        "GstRvPoseMeta", sizeof (GstRvPoseMeta), pose_meta_init, NULL,
        pose_meta_transform);
    gst_rv_meta_register_serializer (GST_RV_POSE_META_API_TYPE, "pose",
        GST_RV_META_ORDER_POSE, pose_meta_serialize);
    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) mi);
  }
  return info;
}

GstRvPoseMeta *
gst_buffer_add_rv_pose_meta (GstBuffer * buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  return (GstRvPoseMeta *) gst_buffer_add_meta (buffer,
      GST_RV_POSE_META_INFO, NULL);
}

gboolean
gst_rv_pose_meta_add_person (GstRvPoseMeta * meta, const RvTrackedPerson * p)
{
  g_return_val_if_fail (meta != NULL && p != NULL, FALSE);
  if (meta->n_persons >= GST_RV_POSE_MAX_PERSONS)
    return FALSE;
  meta->persons[meta->n_persons++] = *p;
  return TRUE;
}

GstRvPoseMeta *
gst_buffer_get_rv_pose_meta (GstBuffer * buffer)
{
  g_return_val_if_fail (GST_IS_BUFFER (buffer), NULL);
  return (GstRvPoseMeta *) gst_buffer_get_meta (buffer,
      GST_RV_POSE_META_API_TYPE);
}

G_STATIC_ASSERT (GST_RV_POSE_KEYPOINTS == RV_POSE_KEYPOINTS);

static const RvTrackedPerson *
person (const GstRvPoseMeta * meta, guint i)
{
  g_return_val_if_fail (meta != NULL, NULL);
  return i < meta->n_persons ? &meta->persons[i] : NULL;
}

guint
gst_rv_pose_meta_get_n_persons (const GstRvPoseMeta * meta)
{
  g_return_val_if_fail (meta != NULL, 0);
  return meta->n_persons;
}

guint32
gst_rv_pose_meta_get_person_id (const GstRvPoseMeta * meta, guint i)
{
  const RvTrackedPerson *p = person (meta, i);
  return p ? p->id : 0;
}

const gchar *
gst_rv_pose_meta_get_person_lifecycle (const GstRvPoseMeta * meta, guint i)
{
  const RvTrackedPerson *p = person (meta, i);
  return p ? lifecycle_nick (p->lifecycle) : NULL;
}

gdouble
gst_rv_pose_meta_get_person_confidence (const GstRvPoseMeta * meta, guint i)
{
  const RvTrackedPerson *p = person (meta, i);
  return p ? p->confidence : 0.0;
}

gboolean
gst_rv_pose_meta_get_person_keypoint (const GstRvPoseMeta * meta, guint i,
    guint k, gdouble * x, gdouble * y, gdouble * z)
{
  const RvTrackedPerson *p = person (meta, i);
  if (!p || k >= RV_POSE_KEYPOINTS)
    return FALSE;
  if (x)
    *x = p->kp[k][0];
  if (y)
    *y = p->kp[k][1];
  if (z)
    *z = p->kp[k][2];
  return TRUE;
}

const gchar *
gst_rv_pose_keypoint_name (guint k)
{
  return k < RV_POSE_KEYPOINTS ? rv_coco_keypoint_name (k) : NULL;
}

gboolean
gst_rv_pose_meta_get_person_bbox (const GstRvPoseMeta * meta, guint i,
    gdouble * x, gdouble * y, gdouble * width, gdouble * height)
{
  const RvTrackedPerson *p = person (meta, i);
  if (!p)
    return FALSE;
  if (x)
    *x = p->bbox_x;
  if (y)
    *y = p->bbox_y;
  if (width)
    *width = p->bbox_w;
  if (height)
    *height = p->bbox_h;
  return TRUE;
}
