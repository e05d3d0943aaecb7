/* rvmultistaticfuse — N nodes → one fused frame per output interval */
#ifndef __GST_RV_MULTISTATIC_FUSE_H__
#define __GST_RV_MULTISTATIC_FUSE_H__

#include <gst/gst.h>
#include <gst/base/gstaggregator.h>

G_BEGIN_DECLS

#define GST_TYPE_RV_MULTISTATIC_FUSE (gst_rv_multistatic_fuse_get_type ())
G_DECLARE_FINAL_TYPE (GstRvMultistaticFuse, gst_rv_multistatic_fuse, GST,
    RV_MULTISTATIC_FUSE, GstAggregator);

G_END_DECLS
#endif
