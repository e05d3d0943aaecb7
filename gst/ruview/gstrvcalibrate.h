/* rvcalibrate — empty-room baseline: record, apply, drift score */
#ifndef __GST_RV_CALIBRATE_H__
#define __GST_RV_CALIBRATE_H__

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_RV_CALIBRATE (gst_rv_calibrate_get_type ())
G_DECLARE_FINAL_TYPE (GstRvCalibrate, gst_rv_calibrate, GST, RV_CALIBRATE,
    GstBaseTransform);

G_END_DECLS
#endif
