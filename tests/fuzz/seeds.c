/* tests/fuzz: seed builders (see seeds.h). */
#include "seeds.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ruview/record_json.h"

static uint8_t *
aligned_buf (size_t size)
{
  void *p = NULL;
  if (posix_memalign (&p, 8, size ? size : 8) != 0)
    abort ();
  return p;
}

static void
fill_csi (RvCsiFrame * f, uint32_t node, uint32_t sequence)
{
  unsigned s, k;
  f->node_id = node;
  f->sequence = sequence;
  f->timestamp_us = 1700000000000000ull + (uint64_t) sequence * 50000u;
  f->pts_ns = (uint64_t) sequence * 50000000u;
  f->duration_ns = 50000000u;
  f->freq_mhz = 2437;
  f->rssi_dbm = -40 - (int16_t) (node % 20);
  f->noise_floor_dbm = -92;
  f->bandwidth_mhz = 20;
  if (f->layout == RV_LAYOUT_COMPLEX) {
    for (s = 0; s < f->dim0; s++)
      for (k = 0; k < f->dim1; k++) {
        double *z = f->data + ((size_t) s * f->dim1 + k) * 2u;
        z[0] = (double) ((int) ((k * 7 + s * 3 + node) % 31) - 15);
        z[1] = (double) ((int) ((k * 5 + sequence) % 29) - 14) / 4.0;
      }
    for (k = 0; k < f->dim1; k++)
      f->subcarrier_index[k] = rv_fft_order_index (k);
  } else {
    unsigned c;
    for (c = 0; c < f->dim0; c++) {
      f->channel_freq_mhz[c] = 2412 + 25 * c;
      for (k = 0; k < f->dim1; k++) {
        rv_csi_amplitude (f, c)[k] = 1.0f + 0.125f * (float) ((k + c) % 9);
        rv_csi_phase (f, c)[k] = -0.5f + 0.0625f * (float) ((k * 3 + node) % 17);
      }
    }
    f->flags |= RV_CSI_FLAG_PHASE_ALIGNED;
  }
}

uint8_t *
rv_fuzz_csi_record (RvLayout layout, unsigned dim0, unsigned dim1,
    uint32_t node, uint32_t sequence, size_t * len)
{
  size_t size = rv_record_csi_size (layout, dim0, dim1);
  uint8_t *buf = aligned_buf (size);
  RvCsiFrame f;
  if (size == 0 || rv_record_csi_init (buf, size, layout, dim0, dim1, &f))
    abort ();
  fill_csi (&f, node, sequence);
  rv_record_csi_sync (buf, &f);
  *len = size;
  return buf;
}

uint8_t *
rv_fuzz_fused_recording (unsigned n_nodes, unsigned n_bins, uint64_t cycle,
    size_t * len)
{
  size_t fsize = rv_record_fused_size (n_nodes, n_bins);
  size_t nsize = rv_record_csi_size (RV_LAYOUT_COMPLEX, 1, n_bins);
  size_t total = fsize + n_nodes * nsize;
  uint8_t *buf = aligned_buf (total);
  RvFusedRecord fr;
  unsigned i, k;

  if (fsize == 0 || (n_nodes > 0 && nsize == 0)
      || rv_record_fused_init (buf, fsize, n_nodes, n_bins, &fr))
    abort ();
  fr.flags = RV_FUSED_FLAG_CALIBRATED | RV_FUSED_FLAG_HAS_CALIB_ID;
  fr.calibration_id = 0x52560001u;
  fr.cycle = cycle;
  fr.pts_ns = cycle * 50000000u;
  fr.duration_ns = 50000000u;
  fr.timestamp_us = 1700000000000000ull + cycle * 50000u;
  fr.active_nodes = n_nodes;
  fr.cross_node_coherence = 0.875f;
  fr.freq_coherence = 0.9375f;
  fr.n_node_records = n_nodes;
  for (i = 0; i < n_nodes; i++) {
    RvCsiFrame f;
    uint8_t *rec = buf + fsize + i * nsize;
    fr.nodes[i].node_id = i + 1;
    fr.nodes[i].status = RV_NODE_FUSED;
    fr.nodes[i].weight = 1.0f / (float) n_nodes;
    fr.nodes[i].record_index = i;
    fr.nodes[i].timestamp_us = fr.timestamp_us + i;
    if (rv_record_csi_init (rec, nsize, RV_LAYOUT_COMPLEX, 1, n_bins, &f))
      abort ();
    fill_csi (&f, i + 1, (uint32_t) cycle);
    f.flags |= RV_CSI_FLAG_CALIBRATED;
    rv_record_csi_sync (rec, &f);
  }
  for (k = 0; k < n_bins; k++) {
    fr.fused_amplitude[k] = 2.0f + 0.25f * (float) (k % 7);
    fr.fused_phase[k] = 0.125f * (float) (k % 5);
  }
  rv_record_fused_sync (buf, &fr);
  *len = total;
  return buf;
}

int
rv_fuzz_csi_all_finite (const RvCsiFrame * f)
{
  size_t i, n = (size_t) f->dim0 * f->dim1 * 2u;
  for (i = 0; i < n; i++)
    if (f->layout == RV_LAYOUT_COMPLEX ? !isfinite (f->data[i])
        : !isfinite (f->values[i]))
      return 0;
  return 1;
}

void
rv_fuzz_csi_json_line (RvJsonWriter * w, RvLayout layout, unsigned dim0,
    unsigned dim1, uint32_t node, uint32_t sequence)
{
  size_t len;
  uint8_t *rec = rv_fuzz_csi_record (layout, dim0, dim1, node, sequence, &len);
  RvCsiFrame f;
  if (rv_record_csi_parse (rec, len, &f))
    abort ();
  rv_record_csi_json_begin (w, &f, 1);
  rv_json_end_object (w);
  rv_json_append (w, "\n", 1);
  free (rec);
}

size_t
rv_fuzz_older_recording (uint8_t * rec, size_t len)
{
  size_t in = 0, out = 0;
  uint32_t magic, size;

  while (in < len && rv_record_peek (rec + in, len - in, &magic,
          &size) == RV_RECORD_OK && size <= len - in) {
    uint16_t version = magic == RV_RECORD_MAGIC_CSI ? 1 : 2;
    uint32_t older = size - RV_RECORD_TRAILER_SIZE;
    memmove (rec + out, rec + in, older);
    memcpy (rec + out + 4, &version, 2);
    memcpy (rec + out + 12, &older, 4);
    in += size;
    out += older;
  }
  return out;
}
