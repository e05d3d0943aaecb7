/* libruview — multi-band groups of each node's channel hops (what
 * rvphasealign keeps between frames when it builds multi-band frames).
 *
 * A node that hops channels sends one frame per channel.  A group is the
 * node's next `channels` frames of distinct frequencies; a frame whose
 * frequency is already in the node's open group closes that group first
 * (it is emitted with the channels it has) and starts the next one.  Each
 * channel is stored normalised to the canonical grid (`bins` values of
 * amplitude and phase): the caller writes it into the storage handed out by
 * rv_hop_grouper_next and commits it.  Emitting builds the multi-band frame
 * (channels sorted by frequency, multiband.h) and aligns its phases
 * (phase_align.h) into a canonical record's values.  Storage is made once
 * per node, when it is first seen; nothing is allocated per frame. */
#ifndef RUVIEW_HOP_GROUP_H
#define RUVIEW_HOP_GROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ruview/multiband.h"
#include "ruview/phase_align.h"

#ifdef __cplusplus
extern "C" {
#endif

#define RV_HOP_MAX_NODES 256

typedef struct RvHopGrouper RvHopGrouper;

/* channels: 2 … RV_MULTIBAND_MAX_CHANNELS; bins ≥ 1.  NULL when invalid. */
RvHopGrouper *rv_hop_grouper_new (size_t channels, size_t bins);
void rv_hop_grouper_free (RvHopGrouper *g);
/* Empties every open group (a flush). */
void rv_hop_grouper_clear (RvHopGrouper *g);

/* The node's group (its storage made when first seen), or -1 beyond
 * RV_HOP_MAX_NODES nodes or on allocation failure. */
int rv_hop_grouper_node (RvHopGrouper *g, uint32_t node_id);
size_t rv_hop_grouper_n_nodes (const RvHopGrouper *g);
uint32_t rv_hop_grouper_node_id (const RvHopGrouper *g, int node);
/* Channels in the node's open group. */
size_t rv_hop_grouper_size (const RvHopGrouper *g, int node);
/* Whether the open group already holds freq_mhz (it must be emitted
 * before a channel of that frequency is added). */
bool rv_hop_grouper_repeats (const RvHopGrouper *g, int node, uint32_t freq_mhz);
/* Where the node's next channel goes: bins amplitudes and bins phases. */
void rv_hop_grouper_next (RvHopGrouper *g, int node, float **amp, float **phase);
/* Commits that channel; returns true when the group is now complete. */
bool rv_hop_grouper_commit (RvHopGrouper *g, int node, uint32_t freq_mhz,
                            uint64_t timestamp_us);

typedef enum {
  RV_HOP_EMIT_OK = 0,
  RV_HOP_EMIT_EMPTY,            /* no open group */
  RV_HOP_EMIT_MULTIBAND,        /* the multi-band build failed (*mb_err) */
  RV_HOP_EMIT_ALIGN             /* the phase alignment failed (*al_err) */
} RvHopEmit;

/* Emits the node's open group into a canonical record's arrays: freqs[c]
 * ascending and values (channel c: amplitude[bins] then phase[bins]) for
 * the rv_hop_grouper_size channels; the group is emptied whatever the
 * outcome.  coherence: the multi-band coherence (may be NULL). */
RvHopEmit rv_hop_grouper_emit (RvHopGrouper *g, int node, RvPhaseAligner *aligner,
                               uint32_t *freqs, float *values, float *coherence,
                               RvMultibandError *mb_err, RvPhaseAlignError *al_err);

#ifdef __cplusplus
}
#endif
#endif
