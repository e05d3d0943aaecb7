/* libruview — which frame of each node a live fusion cycle uses.
 *
 * Real nodes are not on the cycle grid: their clocks drift and WiFi delays
 * each frame by a few milliseconds, so a node's one frame per cycle often
 * lands just after a cycle boundary.  Counting only the frames that arrived
 * inside a cycle then marks live nodes absent.  The rule here instead:
 *
 *   the cycle ending at `end` fuses, for each node, its newest frame that
 *   arrived before `end`, provided it is at most `max_age` old at `end`;
 *   a node without such a frame is absent.
 *
 * A frame may so be fused in two consecutive cycles when the node's next
 * frame is late.  When the chosen frames' device timestamps spread over more
 * than the fusion's hard guard (unsynchronised nodes whose newest frames
 * happen to be far apart), the frames inside the window are chosen instead
 * so as to minimise the spread (on a tie, the newest such set); if even that
 * exceeds the guard, the newest frames are kept and the fusion reports the
 * mismatch as before.  Plain C, deterministic, no allocation. */
#ifndef RUVIEW_FUSION_WINDOW_H
#define RUVIEW_FUSION_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the most frames per node and nodes the selection looks at */
#define RV_FUSION_WINDOW_MAX_FRAMES 16
#define RV_FUSION_WINDOW_MAX_NODES  64

#define RV_FUSION_NO_FRAME SIZE_MAX

/* The frames one node has delivered, oldest first: arrival (running) times
 * in ns and device timestamps in µs. */
typedef struct {
  const uint64_t *rt_ns;
  const uint64_t *ts_us;
  size_t n;                     /* ≤ RV_FUSION_WINDOW_MAX_FRAMES */
} RvFusionNodeFrames;

/* pick[i] = the index of node i's frame to fuse in the cycle ending at
 * end_ns, or RV_FUSION_NO_FRAME.  Returns the number of nodes picked. */
size_t rv_fusion_window_pick (const RvFusionNodeFrames *nodes, size_t n_nodes,
                              uint64_t end_ns, uint64_t max_age_ns,
                              uint64_t guard_us, size_t *pick);

#ifdef __cplusplus
}
#endif
#endif
