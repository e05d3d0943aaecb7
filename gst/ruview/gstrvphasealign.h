/* rvphasealign — raw complex CSI → canonical, phase-aligned frames */
#ifndef __GST_RV_PHASE_ALIGN_H__
#define __GST_RV_PHASE_ALIGN_H__

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_RV_PHASE_ALIGN (gst_rv_phase_align_get_type ())
G_DECLARE_FINAL_TYPE (GstRvPhaseAlign, gst_rv_phase_align, GST,
    RV_PHASE_ALIGN, GstBaseTransform);

G_END_DECLS
#endif
