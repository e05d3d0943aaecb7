/* rvvisualize — the fused stream and its metas drawn as video (cairo) */
#ifndef __GST_RV_VISUALIZE_H__
#define __GST_RV_VISUALIZE_H__

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_RV_VISUALIZE (gst_rv_visualize_get_type ())
G_DECLARE_FINAL_TYPE (GstRvVisualize, gst_rv_visualize, GST, RV_VISUALIZE,
    GstBaseTransform);

G_END_DECLS
#endif
