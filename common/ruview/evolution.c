/* libruview — change-point tracker (engine.md §4.6). */
#include "ruview/evolution.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool
rv_evolution_init (RvEvolution *e, size_t max_links)
{
  memset (e, 0, sizeof *e);
  e->max_links = max_links;
  e->sigma_threshold = 2.0;
  e->count = calloc (max_links ? max_links : 1, sizeof *e->count);
  e->mean = calloc (max_links ? max_links : 1, sizeof *e->mean);
  e->m2 = calloc (max_links ? max_links : 1, sizeof *e->m2);
  if (!e->count || !e->mean || !e->m2) {
    rv_evolution_clear (e);
    return false;
  }
  return true;
}

void
rv_evolution_clear (RvEvolution *e)
{
  free (e->count);
  free (e->mean);
  free (e->m2);
  memset (e, 0, sizeof *e);
}

bool
rv_evolution_observe (RvEvolution *e, const double *v, size_t n, size_t *diverging)
{
  size_t i, div = 0;
  if (diverging)
    *diverging = 0;
  if (!e->created) {
    if (n > e->max_links)
      return false;
    e->created = true;
    e->n_links = n;
    e->min_links = n / 2 > 2 ? n / 2 : 2;
    memset (e->count, 0, n * sizeof *e->count);
    memset (e->mean, 0, n * sizeof *e->mean);
    memset (e->m2, 0, n * sizeof *e->m2);
  }
  if (n != e->n_links)
    return false;
  for (i = 0; i < n; i++) {
    if (e->count[i] >= 2) {
      double sd = sqrt (e->m2[i] / (double) e->count[i]);
      if (sd > 1e-9 && fabs (v[i] - e->mean[i]) / sd > e->sigma_threshold)
        div++;
    }
  }
  for (i = 0; i < n; i++) {
    double d;
    e->count[i]++;
    d = v[i] - e->mean[i];
    e->mean[i] += d / (double) e->count[i];
    e->m2[i] += d * (v[i] - e->mean[i]);
  }
  if (diverging)
    *diverging = div;
  return div >= e->min_links;
}
