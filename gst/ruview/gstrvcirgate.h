/* rvcirgate — CIR estimate, coherence blend and gate decision per fused cycle */
#ifndef __GST_RV_CIR_GATE_H__
#define __GST_RV_CIR_GATE_H__

#include <gst/gst.h>
#include "gst/ruview/rvfusedanalyzer.h"

G_BEGIN_DECLS

#define GST_TYPE_RV_CIR_GATE (gst_rv_cir_gate_get_type ())
G_DECLARE_FINAL_TYPE (GstRvCirGate, gst_rv_cir_gate, GST, RV_CIR_GATE,
    GstRvFusedAnalyzer);

G_END_DECLS
#endif
