/* rvposetrack — heuristic skeletons and the 17-keypoint tracker (engine.md §3) */
#ifndef __GST_RV_POSE_TRACK_H__
#define __GST_RV_POSE_TRACK_H__

#include <gst/gst.h>
#include "gst/ruview/rvfusedanalyzer.h"

G_BEGIN_DECLS

#define GST_TYPE_RV_POSE_TRACK (gst_rv_pose_track_get_type ())
G_DECLARE_FINAL_TYPE (GstRvPoseTrack, gst_rv_pose_track, GST,
    RV_POSE_TRACK, GstRvFusedAnalyzer);

G_END_DECLS
#endif
