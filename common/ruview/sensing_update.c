/* libruview — RuView's sensing_update document (sensing_update.h). */
#include <math.h>
#include <string.h>

#include "ruview/sensing_update.h"

double
rv_sensing_timestamp_s (uint64_t timestamp_us)
{
  return (double) (timestamp_us / 1000u) / 1000.0;
}

double
rv_sensing_motion_score (double motion_band_power)
{
  if (!(motion_band_power > 0.0))
    return 0.0;
  return motion_band_power > 100.0 ? 100.0 : motion_band_power;
}

uint64_t
rv_sensing_age_ms (uint64_t now_us, uint64_t then_us)
{
  if (then_us == 0)
    return UINT64_MAX;
  if (then_us > now_us)
    return 0;
  return (now_us - then_us) / 1000u;
}

void
rv_sensing_room_to_published (const double room[3], double out[3])
{
  double x = room[0], y = room[1], h = room[2];
  out[0] = x;
  out[1] = h;
  out[2] = y;
}

/* bilinear sample position along one axis: field index f of 20 over n */
static void
axis_sample (unsigned f, unsigned n, unsigned *i0, unsigned *i1, double *t)
{
  double u = ((double) f + 0.5) * (double) n / (double) RV_FIELD_GRID - 0.5;
  if (u < 0.0)
    u = 0.0;
  if (u > (double) (n - 1))
    u = (double) (n - 1);
  *i0 = (unsigned) floor (u);
  *i1 = *i0 + 1 < n ? *i0 + 1 : n - 1;
  *t = u - (double) *i0;
}

int
rv_signal_field_from_volume (const double *dens, unsigned nx, unsigned ny,
    unsigned nz, double field[RV_FIELD_CELLS])
{
  /* the column maxima are taken where they are sampled (no scratch) */
  unsigned fx, fz, iz, k;
  double max = 0.0, scale;

  memset (field, 0, sizeof (double) * RV_FIELD_CELLS);
  if (!dens || nx == 0 || ny == 0 || nz == 0)
    return -1;

  for (fz = 0; fz < RV_FIELD_GRID; fz++) {
    unsigned y0, y1;
    double s;
    axis_sample (fz, ny, &y0, &y1, &s);
    for (fx = 0; fx < RV_FIELD_GRID; fx++) {
      unsigned x0, x1, c;
      double t, col[4], v;
      const unsigned xs[4] = { 0, 1, 0, 1 }, ys[4] = { 0, 0, 1, 1 };
      axis_sample (fx, nx, &x0, &x1, &t);
      for (c = 0; c < 4; c++) {
        size_t ix = xs[c] ? x1 : x0, iy = ys[c] ? y1 : y0;
        double m = dens[iy * nx + ix];
        for (iz = 1; iz < nz; iz++) {
          double d = dens[((size_t) iz * ny + iy) * nx + ix];
          if (d > m)
            m = d;
        }
        col[c] = isfinite (m) ? m : 0.0;
      }
      v = (1.0 - t) * (1.0 - s) * col[0] + t * (1.0 - s) * col[1]
          + (1.0 - t) * s * col[2] + t * s * col[3];
      field[fz * RV_FIELD_GRID + fx] = v;
      if (v > max)
        max = v;
    }
  }
  scale = max > RV_FIELD_FLOOR ? max : RV_FIELD_FLOOR;
  for (k = 0; k < RV_FIELD_CELLS; k++) {
    double v = field[k] / scale;
    field[k] = !(v > 0.0) ? 0.0 : (v > 1.0 ? 1.0 : v);
  }
  return 0;
}

size_t
rv_signal_field_peaks (const double field[RV_FIELD_CELLS], size_t max,
    unsigned *cells)
{
  size_t n = 0;
  unsigned taken[RV_FIELD_CELLS];
  unsigned k;

  memset (taken, 0, sizeof (taken));
  /* selection by value descending (index ascending on ties), one accepted
   * or rejected candidate per pass; at most RV_FIELD_CELLS passes */
  while (n < max) {
    int best = -1;
    unsigned j;
    for (k = 0; k < RV_FIELD_CELLS; k++) {
      if (taken[k] || !(field[k] >= RV_FIELD_PEAK_MIN))
        continue;
      if (best < 0 || field[k] > field[best])
        best = (int) k;
    }
    if (best < 0)
      break;
    taken[best] = 1;
    for (j = 0; j < n; j++) {
      double dx = (double) (best % RV_FIELD_GRID) -
          (double) (cells[j] % RV_FIELD_GRID);
      double dz = (double) (best / RV_FIELD_GRID) -
          (double) (cells[j] / RV_FIELD_GRID);
      if (sqrt (dx * dx + dz * dz) < RV_FIELD_PEAK_SEP)
        break;
    }
    if (j == n)
      cells[n++] = (unsigned) best;
  }
  return n;
}

void
rv_signal_field_cell_position (unsigned cell, const double bounds[6],
    double out[3])
{
  double fx = (double) (cell % RV_FIELD_GRID) + 0.5;
  double fz = (double) (cell / RV_FIELD_GRID) + 0.5;
  double room[3];

  room[0] = bounds[0] + fx * (bounds[3] - bounds[0]) / RV_FIELD_GRID;
  room[1] = bounds[1] + fz * (bounds[4] - bounds[1]) / RV_FIELD_GRID;
  room[2] = 0.0;
  rv_sensing_room_to_published (room, out);
}

void
rv_sensing_features_write_json (RvJsonWriter *w, const RvSensingFeatures *f)
{
  rv_json_begin_object (w);
  rv_json_kv_f64 (w, "mean_rssi", f->mean_rssi);
  rv_json_kv_f64 (w, "variance", f->variance);
  rv_json_kv_f64 (w, "motion_band_power", f->motion_band_power);
  rv_json_kv_f64 (w, "breathing_band_power", f->breathing_band_power);
  rv_json_kv_f64 (w, "dominant_freq_hz", f->dominant_freq_hz);
  rv_json_kv_u64 (w, "change_points", f->change_points);
  rv_json_kv_f64 (w, "spectral_power", f->spectral_power);
  rv_json_end_object (w);
}

void
rv_classification_write_json (RvJsonWriter *w, const RvClassification *c)
{
  rv_json_begin_object (w);
  rv_json_kv_string (w, "motion_level", rv_motion_level_name (c->motion_level));
  rv_json_kv_bool (w, "presence", c->presence);
  rv_json_kv_f64 (w, "confidence", c->confidence);
  rv_json_end_object (w);
}

static void
write_f64_triple (RvJsonWriter *w, const char *key, const double v[3])
{
  int i;
  rv_json_key (w, key);
  rv_json_begin_array (w);
  for (i = 0; i < 3; i++)
    rv_json_f64 (w, v[i]);
  rv_json_end_array (w);
}

void
rv_sensing_update_write (RvJsonWriter *w, const RvSensingUpdate *u)
{
  static const double origin[3] = { 0.0, 0.0, 0.0 };
  size_t i, k;

  rv_json_begin_object (w);
  rv_json_kv_string (w, "type", "sensing_update");
  rv_json_kv_f64 (w, "timestamp", u->timestamp);
  rv_json_kv_string (w, "source", u->source ? u->source : "unknown");
  rv_json_kv_u64 (w, "tick", u->tick);

  rv_json_key (w, "nodes");
  rv_json_begin_array (w);
  for (i = 0; i < u->n_nodes; i++) {
    const RvSuNode *nd = &u->nodes[i];
    size_t na = nd->amplitude ? nd->n_amplitude : 0;
    if (na > RV_SENSING_MAX_AMPLITUDE)
      na = RV_SENSING_MAX_AMPLITUDE;
    rv_json_begin_object (w);
    rv_json_kv_u64 (w, "node_id", nd->node_id);
    rv_json_kv_f64 (w, "rssi_dbm", nd->rssi_dbm);
    write_f64_triple (w, "position", nd->position);
    /* RuView's amplitude is Vec<f64>: the f32 values widened exactly */
    rv_json_key (w, "amplitude");
    rv_json_begin_array (w);
    for (k = 0; k < na; k++)
      rv_json_f64 (w, (double) nd->amplitude[k]);
    rv_json_end_array (w);
    rv_json_kv_u64 (w, "subcarrier_count", nd->subcarrier_count);
    rv_json_end_object (w);
  }
  rv_json_end_array (w);

  rv_json_key (w, "features");
  rv_sensing_features_write_json (w, &u->features);
  rv_json_key (w, "classification");
  rv_classification_write_json (w, &u->classification);

  rv_json_key (w, "signal_field");
  rv_json_begin_object (w);
  rv_json_key (w, "grid_size");
  rv_json_begin_array (w);
  rv_json_u64 (w, RV_FIELD_GRID);
  rv_json_u64 (w, 1);
  rv_json_u64 (w, RV_FIELD_GRID);
  rv_json_end_array (w);
  rv_json_key (w, "values");
  rv_json_begin_array (w);
  for (k = 0; k < RV_FIELD_CELLS; k++)
    rv_json_f64 (w, u->field ? u->field[k] : 0.0);
  rv_json_end_array (w);
  rv_json_end_object (w);

  if (u->n_persons > 0) {
    rv_json_key (w, "persons");
    rv_json_begin_array (w);
    for (i = 0; i < u->n_persons; i++)
      rv_tracked_person_write_json (w, &u->persons[i],
          u->person_position ? u->person_position[i] : origin,
          u->motion_score, NULL);
    rv_json_end_array (w);
    rv_json_kv_u64 (w, "estimated_persons", u->n_persons);
  }

  if (u->n_node_features > 0) {
    rv_json_key (w, "node_features");
    rv_json_begin_array (w);
    for (i = 0; i < u->n_node_features; i++) {
      const RvSuNodeFeatures *nf = &u->node_features[i];
      rv_json_begin_object (w);
      rv_json_kv_u64 (w, "node_id", nf->node_id);
      rv_json_key (w, "features");
      rv_sensing_features_write_json (w, &nf->features);
      rv_json_key (w, "classification");
      rv_classification_write_json (w, &nf->classification);
      rv_json_kv_f64 (w, "rssi_dbm", nf->rssi_dbm);
      rv_json_kv_u64 (w, "last_seen_ms", nf->last_seen_ms);
      rv_json_kv_f64 (w, "frame_rate_hz", 0.0);
      rv_json_kv_bool (w, "stale", nf->last_seen_ms > RV_SENSING_STALE_MS);
      rv_json_end_object (w);
    }
    rv_json_end_array (w);
  }

  if (u->room_bounds) {
    rv_json_key (w, "room");
    rv_json_begin_object (w);
    rv_json_key (w, "bounds");
    rv_json_begin_array (w);
    for (k = 0; k < 6; k++)
      rv_json_f64 (w, u->room_bounds[k]);
    rv_json_end_array (w);
    rv_json_end_object (w);
  }

  rv_json_key (w, "fusion");
  rv_json_begin_object (w);
  rv_json_kv_f32 (w, "cross_node_coherence", u->cross_node_coherence);
  rv_json_key (w, "nodes");
  rv_json_begin_array (w);
  for (i = 0; i < u->n_fusion_nodes; i++) {
    rv_json_begin_object (w);
    rv_json_kv_u64 (w, "node_id", u->fusion_nodes[i].node_id);
    rv_json_kv_string (w, "status", u->fusion_nodes[i].status);
    rv_json_kv_f32 (w, "weight", u->fusion_nodes[i].weight);
    rv_json_end_object (w);
  }
  rv_json_end_array (w);
  rv_json_end_object (w);

  if (u->has_gate) {
    rv_json_key (w, "gate");
    rv_json_begin_object (w);
    rv_json_kv_f32 (w, "coherence_score", u->coherence_score);
    rv_json_kv_string (w, "decision", u->gate_decision);
    rv_json_end_object (w);
  }
  if (u->trust) {
    rv_json_key (w, "trust");
    rv_json_begin_object (w);
    rv_json_kv_string (w, "last_witness", u->trust->last_witness);
    rv_json_kv_string (w, "effective_class", u->trust->effective_class);
    rv_json_kv_bool (w, "demoted", u->trust->demoted);
    rv_json_kv_bool (w, "recalibration_recommended",
        u->trust->recalibration_recommended);
    rv_json_kv_u64 (w, "engine_error_count", u->trust->engine_error_count);
    rv_json_kv_bool (w, "raw_outputs_suppressed",
        u->trust->raw_outputs_suppressed);
    rv_json_end_object (w);
  }
  rv_json_end_object (w);
}
