/* rvcompare — A/B trials: N branches' fused streams → JSON differences */
#ifndef __GST_RV_COMPARE_H__
#define __GST_RV_COMPARE_H__

#include <gst/gst.h>
#include <gst/base/gstaggregator.h>

G_BEGIN_DECLS

#define GST_TYPE_RV_COMPARE (gst_rv_compare_get_type ())
G_DECLARE_FINAL_TYPE (GstRvCompare, gst_rv_compare, GST, RV_COMPARE,
    GstAggregator);

#define GST_TYPE_RV_COMPARE_PAD (gst_rv_compare_pad_get_type ())
G_DECLARE_FINAL_TYPE (GstRvComparePad, gst_rv_compare_pad, GST,
    RV_COMPARE_PAD, GstAggregatorPad);

G_END_DECLS
#endif
