/* libgstruview — what the project's aggregators (rvmultistaticfuse,
 * rvcompare) share. */
#ifndef GST_RUVIEW_AGGREGATOR_H
#define GST_RUVIEW_AGGREGATOR_H

#include <gst/gst.h>
#include <gst/base/gstaggregator.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

/* GstAggregatorClass::peek_next_sample: the pad's head buffer with its caps
 * and segment (NULL when the pad holds no buffer). */
GST_RUVIEW_API
GstSample *gst_rv_aggregator_peek_next_sample (GstAggregator * agg,
    GstAggregatorPad * pad);

/* The running time of buf's PTS on pad's segment (NONE without a PTS). */
GST_RUVIEW_API
GstClockTime gst_rv_aggregator_pad_running_time (GstAggregatorPad * pad,
    GstBuffer * buf);

G_END_DECLS
#endif
