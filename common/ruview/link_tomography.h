/* libruview — tomography of a room of sensor nodes, cycle by cycle: what
 * rvtomography keeps between cycles.
 *
 * A fixed table of nodes (id, position).  Each node learns a reference
 * amplitude vector from its first `baseline_frames` frames (the per-bin
 * mean of its channel-0 amplitudes); afterwards its attenuation is the RMS
 * deviation of the current amplitudes from that reference
 * (sensing_features.h) and the node is present in the cycle.  Link i→j of
 * the present nodes (ascending table order, i outer, j inner) observes the
 * mean of its two nodes' attenuations.  The tomographer of each set of
 * present nodes is built once and cached (least recently used replaced),
 * so a steady stream allocates nothing per cycle.
 *
 * Use per cycle: rv_link_tomography_begin, rv_link_tomography_feed for each
 * node frame, rv_link_tomography_reconstruct. */
#ifndef RUVIEW_LINK_TOMOGRAPHY_H
#define RUVIEW_LINK_TOMOGRAPHY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/tomography.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_LINK_TOMO_MAX_NODES 64       /* one bit per node in a node set */
#define RV_LINK_TOMO_CACHE     8        /* node sets kept */

typedef struct RvLinkTomography RvLinkTomography;

/* Takes the node table (ids unique; sorted here by id) and validates the
 * configuration with the set of every node: NULL with *err set when that
 * set cannot be reconstructed (or on allocation failure). */
RvLinkTomography *rv_link_tomography_new (const RvTomographyConfig * cfg,
    const uint32_t * ids, const RvPosition3D * pos, size_t n_nodes,
    uint64_t baseline_frames, RvTomographyError * err);
void rv_link_tomography_free (RvLinkTomography * t);

size_t rv_link_tomography_n_nodes (const RvLinkTomography * t);
/* tomographers built so far (the validation included) */
uint64_t rv_link_tomography_rebuilds (const RvLinkTomography * t);

/* Starts a cycle: no node is present yet. */
void rv_link_tomography_begin (RvLinkTomography * t);

typedef enum {
  RV_LINK_FEED_UNKNOWN = 0,     /* the id is not in the table */
  RV_LINK_FEED_LEARNING,        /* the frame went into the node's reference */
  RV_LINK_FEED_PRESENT          /* the node is present in this cycle */
} RvLinkFeed;

/* One node frame of the cycle: channel-0 amplitudes amp[n].  A new width
 * restarts the node's reference. */
RvLinkFeed rv_link_tomography_feed (RvLinkTomography * t, uint32_t node_id,
    const float *amp, size_t n);

typedef enum {
  RV_LINK_RECON_DONE = 0,       /* *vol holds the volume */
  RV_LINK_RECON_TOO_FEW,        /* fewer than two present nodes */
  RV_LINK_RECON_UNUSABLE,       /* the node set cannot be reconstructed
                                 * (e.g. fewer links than min_links) */
  RV_LINK_RECON_FAILED          /* the solver failed (*err) */
} RvLinkRecon;

/* Reconstructs the cycle from its present nodes.  *vol points into the
 * cached tomographer (valid until the next call); *n_links is the number
 * of links observed; *rebuilt says whether a tomographer was built for
 * this node set now. */
RvLinkRecon rv_link_tomography_reconstruct (RvLinkTomography * t,
    RvOccupancyVolume * vol, size_t * n_links, bool * rebuilt,
    RvTomographyError * err);

#ifdef __cplusplus
}
#endif
#endif
