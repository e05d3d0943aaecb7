/* libruview — the engine's baseline change-point tracker (engine.md §4.6):
 * per-link Welford statistics, divergence counted BEFORE folding the new
 * values in.  Created lazily on the first cycle with that cycle's link
 * count; a later cycle with a different count is skipped forever (upstream
 * behaviour).  Storage for max_links is allocated at init. */
#ifndef RUVIEW_EVOLUTION_H
#define RUVIEW_EVOLUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  size_t max_links;
  bool created;
  size_t n_links, min_links;
  double sigma_threshold;          /* 2.0 */
  uint64_t *count;
  double *mean, *m2;
} RvEvolution;

bool rv_evolution_init (RvEvolution *e, size_t max_links);
void rv_evolution_clear (RvEvolution *e);
/* One cycle.  Returns true on a change point (diverging ≥ min_links) and
 * writes the diverging count.  n > max_links or a changed n → false. */
bool rv_evolution_observe (RvEvolution *e, const double *values, size_t n, size_t *diverging);

#ifdef __cplusplus
}
#endif
#endif
