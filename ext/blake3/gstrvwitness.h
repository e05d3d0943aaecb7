/* rvwitness — engine cycle, privacy gate and BLAKE3 witness per fused cycle */
#ifndef __GST_RV_WITNESS_H__
#define __GST_RV_WITNESS_H__

#include <gst/gst.h>
#include "gst/ruview/rvfusedanalyzer.h"

G_BEGIN_DECLS

#define GST_TYPE_RV_WITNESS (gst_rv_witness_get_type ())
G_DECLARE_FINAL_TYPE (GstRvWitness, gst_rv_witness, GST, RV_WITNESS,
    GstRvFusedAnalyzer);

G_END_DECLS
#endif
