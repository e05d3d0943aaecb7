/* libruview — multi-band groups of each node's channel hops (see
 * hop_group.h). */
#include "ruview/hop_group.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  uint32_t node_id;
  size_t n;                             /* channels in the open group */
  uint32_t freq[RV_MULTIBAND_MAX_CHANNELS];
  uint64_t timestamp_us;                /* of the last channel */
  float *amp, *phase;                   /* channels × bins each */
} Group;

struct RvHopGrouper {
  size_t channels, bins, n_nodes;
  Group nodes[RV_HOP_MAX_NODES];
};

RvHopGrouper *
rv_hop_grouper_new (size_t channels, size_t bins)
{
  RvHopGrouper *g;

  if (channels < 2 || channels > RV_MULTIBAND_MAX_CHANNELS || bins == 0)
    return NULL;
  g = calloc (1, sizeof (*g));
  if (!g)
    return NULL;
  g->channels = channels;
  g->bins = bins;
  return g;
}

void
rv_hop_grouper_free (RvHopGrouper *g)
{
  size_t i;
  if (!g)
    return;
  for (i = 0; i < g->n_nodes; i++) {
    free (g->nodes[i].amp);
    free (g->nodes[i].phase);
  }
  free (g);
}

void
rv_hop_grouper_clear (RvHopGrouper *g)
{
  size_t i;
  for (i = 0; i < g->n_nodes; i++)
    g->nodes[i].n = 0;
}

int
rv_hop_grouper_node (RvHopGrouper *g, uint32_t node_id)
{
  Group *n;
  size_t i;

  for (i = 0; i < g->n_nodes; i++)
    if (g->nodes[i].node_id == node_id)
      return (int) i;
  if (g->n_nodes == RV_HOP_MAX_NODES)
    return -1;
  n = &g->nodes[g->n_nodes];
  memset (n, 0, sizeof (*n));
  n->node_id = node_id;
  n->amp = calloc (g->channels * g->bins, sizeof (float));
  n->phase = calloc (g->channels * g->bins, sizeof (float));
  if (!n->amp || !n->phase) {
    free (n->amp);
    free (n->phase);
    return -1;
  }
  return (int) g->n_nodes++;
}

size_t
rv_hop_grouper_n_nodes (const RvHopGrouper *g)
{
  return g->n_nodes;
}

uint32_t
rv_hop_grouper_node_id (const RvHopGrouper *g, int node)
{
  return g->nodes[node].node_id;
}

size_t
rv_hop_grouper_size (const RvHopGrouper *g, int node)
{
  return g->nodes[node].n;
}

bool
rv_hop_grouper_repeats (const RvHopGrouper *g, int node, uint32_t freq_mhz)
{
  const Group *n = &g->nodes[node];
  size_t c;
  for (c = 0; c < n->n; c++)
    if (n->freq[c] == freq_mhz)
      return true;
  return false;
}

void
rv_hop_grouper_next (RvHopGrouper *g, int node, float **amp, float **phase)
{
  Group *n = &g->nodes[node];
  *amp = n->amp + n->n * g->bins;
  *phase = n->phase + n->n * g->bins;
}

bool
rv_hop_grouper_commit (RvHopGrouper *g, int node, uint32_t freq_mhz,
    uint64_t timestamp_us)
{
  Group *n = &g->nodes[node];
  n->freq[n->n++] = freq_mhz;
  n->timestamp_us = timestamp_us;
  return n->n == g->channels;
}

RvHopEmit
rv_hop_grouper_emit (RvHopGrouper *g, int node, RvPhaseAligner *aligner,
    uint32_t *freqs, float *values, float *coherence,
    RvMultibandError *mb_err, RvPhaseAlignError *al_err)
{
  Group *n = &g->nodes[node];
  RvChannelFrame chs[RV_MULTIBAND_MAX_CHANNELS];
  RvAlignChannel ac[RV_MULTIBAND_MAX_CHANNELS];
  RvMultibandFrame mb;
  size_t c, count = n->n, bins = g->bins;

  if (count == 0)
    return RV_HOP_EMIT_EMPTY;
  n->n = 0;
  for (c = 0; c < count; c++) {
    chs[c].freq_mhz = n->freq[c];
    chs[c].n_bins = bins;
    chs[c].amplitude = n->amp + c * bins;
    chs[c].phase = n->phase + c * bins;
  }
  *mb_err = rv_multiband_build (n->node_id, n->timestamp_us, chs, count, &mb,
      NULL);
  if (*mb_err != RV_MULTIBAND_OK)
    return RV_HOP_EMIT_MULTIBAND;
  for (c = 0; c < count; c++) {
    float *amp = values + c * 2 * bins, *ph = amp + bins;
    memcpy (amp, mb.amplitude[c], bins * sizeof (float));
    memcpy (ph, mb.phase[c], bins * sizeof (float));
    freqs[c] = mb.freq_mhz[c];
    ac[c].amplitude = amp;
    ac[c].amp_len = bins;
    ac[c].phase = ph;
    ac[c].phase_len = bins;
  }
  if (coherence)
    *coherence = mb.coherence;
  *al_err = rv_phase_aligner_align (aligner, ac, count, NULL, NULL);
  return *al_err == RV_PHASE_ALIGN_OK ? RV_HOP_EMIT_OK : RV_HOP_EMIT_ALIGN;
}
