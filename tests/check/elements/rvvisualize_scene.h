/* Fused cycles with every meta rvvisualize draws, for its test and its
 * benchmark: the 4 nodes of the synthetic room (ids 1..4), persons with the
 * pose heuristic's skeleton, an occupancy grid with one dense column, a gate
 * decision and a witness. */
#ifndef RV_VISUALIZE_SCENE_H
#define RV_VISUALIZE_SCENE_H

#include <string.h>
#include <gst/gst.h>

#include "gst/ruview/rvbuffer.h"
#include "gst/ruview/rvgatemeta-private.h"
#include "gst/ruview/rvoccupancymeta-private.h"
#include "gst/ruview/rvposemeta-private.h"
#include "gst/ruview/rvwitnessmeta-private.h"

#define MS GST_MSECOND
#define NB 56

/* A fused cycle: nodes 1..4 with the given statuses, RSSI −40 − id, and a
 * canonical node record (a rising amplitude profile) for every fused node
 * when `records`. */
static inline GstBuffer *
cycle_buf (guint64 cycle, GstClockTime pts, const RvNodeStatus st[4],
    gboolean records)
{
  GstMapInfo map, nm;
  RvFusedRecord r;
  RvCsiFrame f;
  GstBuffer *b = gst_rv_fused_buffer_new (4, NB, &map, &r), *nb;
  guint k, i, n_rec = 0;

  r.cycle = cycle;
  r.cross_node_coherence = 0.875f;
  for (k = 0; k < 4; k++) {
    r.nodes[k].node_id = k + 1;
    r.nodes[k].status = st[k];
    r.nodes[k].weight = st[k] == RV_NODE_FUSED ? 0.25f : 0.0f;
    r.nodes[k].rssi_dbm = st[k] == RV_NODE_ABSENT ? 0 : (gint16) (-40 - k);
    r.nodes[k].record_index = G_MAXUINT32;
    if (records && st[k] == RV_NODE_FUSED)
      r.nodes[k].record_index = n_rec++;
  }
  r.active_nodes = n_rec;
  r.n_node_records = n_rec;
  for (i = 0; i < NB; i++)
    r.fused_amplitude[i] = 1.0f;
  gst_rv_fused_buffer_unmap (b, &map, &r);
  for (k = 0; records && k < 4; k++) {
    if (st[k] != RV_NODE_FUSED)
      continue;
    nb = gst_rv_csi_buffer_new (RV_LAYOUT_CANONICAL, 1, NB, &nm, &f);
    f.node_id = k + 1;
    f.flags = RV_CSI_FLAG_PHASE_ALIGNED;
    for (i = 0; i < NB; i++)
      rv_csi_amplitude (&f, 0)[i] = (gfloat) (i + 1);
    gst_rv_csi_buffer_unmap (nb, &nm, &f);
    gst_rv_fused_buffer_append_node (b, nb);
    gst_buffer_unref (nb);
  }
  GST_BUFFER_PTS (b) = pts;
  GST_BUFFER_DURATION (b) = 50 * MS;
  return b;
}

/* fused, absent, rejected, fused */
static const RvNodeStatus mixed[4] = { RV_NODE_FUSED, RV_NODE_ABSENT,
  RV_NODE_REJECTED, RV_NODE_FUSED
};

/* A person whose 17 keypoints are those of the pose heuristic's skeleton
 * around (cx, cy) of the 640×480 pose frame. */
static inline void
add_person (GstBuffer * b, guint32 id, gdouble cx, gdouble cy)
{
  static const gdouble offsets[17][2] = {
    {0, -80}, {-8, -88}, {8, -88}, {-16, -82}, {16, -82}, {-30, -50},
    {30, -50}, {-45, -15}, {45, -15}, {-50, 20}, {50, 20}, {-20, 20},
    {20, 20}, {-22, 70}, {22, 70}, {-24, 120}, {24, 120}
  };
  GstRvPoseMeta *m = gst_buffer_get_rv_pose_meta (b);
  RvTrackedPerson p;
  guint k;

  if (!m)
    m = gst_buffer_add_rv_pose_meta (b);
  memset (&p, 0, sizeof (p));
  p.id = id;
  p.lifecycle = RV_TRACK_ACTIVE;
  p.confidence = 0.9;
  for (k = 0; k < 17; k++) {
    p.kp[k][0] = cx + offsets[k][0];
    p.kp[k][1] = cy + offsets[k][1];
  }
  p.bbox_x = cx - 0.3;
  p.bbox_y = cy - 0.5;
  p.bbox_w = 0.6;
  p.bbox_h = 1.0;
  g_assert_true (gst_rv_pose_meta_add_person (m, &p));
}

/* An occupancy grid 8×8×2 over 0..6 m with one dense column at (ix, iy). */
static inline void
add_occupancy (GstBuffer * b, guint ix, guint iy)
{
  gdouble dens[8 * 8 * 2];
  RvOccupancyVolume vol;
  GstRvDensities *d = gst_rv_densities_new (G_N_ELEMENTS (dens));
  guint i;

  for (i = 0; i < G_N_ELEMENTS (dens); i++)
    dens[i] = 0.002 * (i % 5);
  dens[64 + iy * 8 + ix] = 0.08;
  dens[iy * 8 + ix + 1] = 0.04;
  memset (&vol, 0, sizeof (vol));
  vol.densities = dens;
  vol.nx = vol.ny = 8;
  vol.nz = 2;
  vol.bounds[3] = vol.bounds[4] = 6.0;
  vol.bounds[5] = 3.0;
  vol.total_voxels = G_N_ELEMENTS (dens);
  g_assert_true (gst_buffer_add_rv_occupancy_meta (b, &vol, 12, d) != NULL);
  gst_rv_densities_unref (d);
}

static inline void
add_gate_and_witness (GstBuffer * b, RvPrivacyMode mode, RvPrivacyClass cls)
{
  RvGateDecision dec = { RV_GATE_ACCEPT, 1.0f, 0 };
  RvTrustedOutput out;
  guint i;

  g_assert_true (gst_buffer_add_rv_gate_meta (b, 0.93f, 0, RV_DRIFT_STABLE,
          &dec) != NULL);
  memset (&out, 0, sizeof (out));
  out.effective_class = cls;
  for (i = 0; i < 32; i++)
    out.witness[i] = (guint8) (0x3c + 17 * i);
  g_assert_true (gst_buffer_add_rv_witness_meta (b, mode, &out) != NULL);
}

#endif
