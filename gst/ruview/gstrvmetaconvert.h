/* rvmetaconvert — one JSON document per buffer */
#ifndef __GST_RV_META_CONVERT_H__
#define __GST_RV_META_CONVERT_H__

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_RV_META_CONVERT (gst_rv_meta_convert_get_type ())
G_DECLARE_FINAL_TYPE (GstRvMetaConvert, gst_rv_meta_convert, GST,
    RV_META_CONVERT, GstBaseTransform);


G_END_DECLS
#endif
