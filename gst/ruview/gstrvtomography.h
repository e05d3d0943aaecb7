/* rvtomography — RF tomography over a voxel grid (engine.md §2) */
#ifndef __GST_RV_TOMOGRAPHY_H__
#define __GST_RV_TOMOGRAPHY_H__

#include <gst/gst.h>
#include "gst/ruview/rvfusedanalyzer.h"

G_BEGIN_DECLS

#define GST_TYPE_RV_TOMOGRAPHY (gst_rv_tomography_get_type ())
G_DECLARE_FINAL_TYPE (GstRvTomography, gst_rv_tomography, GST,
    RV_TOMOGRAPHY, GstRvFusedAnalyzer);

G_END_DECLS
#endif
