/* libruview — the JSON frame format (see record_json.h). */
#include "ruview/record_json.h"

#include <string.h>

static void
write_opt_ns (RvJsonWriter * w, const char *key, uint64_t v)
{
  if (v != RV_RECORD_NONE_NS)
    rv_json_kv_u64 (w, key, v);
}

void
rv_record_csi_json_begin (RvJsonWriter * w, const RvCsiFrame * f, int full)
{
  unsigned s, k, c;
  rv_json_begin_object (w);
  rv_json_kv_string (w, "type", "csi_frame");
  rv_json_kv_u64 (w, "node_id", f->node_id);
  rv_json_kv_u64 (w, "sequence", f->sequence);
  rv_json_kv_u64 (w, "timestamp_us", f->timestamp_us);
  rv_json_kv_u64 (w, "freq_mhz", f->freq_mhz);
  rv_json_kv_i64 (w, "rssi_dbm", f->rssi_dbm);
  rv_json_kv_i64 (w, "noise_floor_dbm", f->noise_floor_dbm);
  rv_json_key (w, "calibration_id");
  if (f->flags & RV_CSI_FLAG_HAS_CALIB_ID)
    rv_json_u64 (w, f->calibration_id);
  else
    rv_json_null (w);
  rv_json_kv_string (w, "layout",
      f->layout == RV_LAYOUT_COMPLEX ? "complex" : "canonical");
  rv_json_kv_bool (w, "calibrated", (f->flags & RV_CSI_FLAG_CALIBRATED) != 0);
  rv_json_kv_bool (w, "phase_aligned",
      (f->flags & RV_CSI_FLAG_PHASE_ALIGNED) != 0);
  if (f->layout == RV_LAYOUT_COMPLEX) {
    rv_json_kv_u64 (w, "streams", f->dim0);
    rv_json_kv_u64 (w, "subcarriers", f->dim1);
    if (full) {
      rv_json_key (w, "data");
      rv_json_begin_array (w);
      for (s = 0; s < f->dim0; s++) {
        for (k = 0; k < f->dim1; k++) {
          const double *z = f->data + ((size_t) s * f->dim1 + k) * 2u;
          rv_json_begin_array (w);
          rv_json_f64 (w, z[0]);
          rv_json_f64 (w, z[1]);
          rv_json_end_array (w);
        }
      }
      rv_json_end_array (w);
    }
  } else {
    rv_json_key (w, "channels");
    rv_json_begin_array (w);
    for (c = 0; c < f->dim0; c++) {
      rv_json_begin_object (w);
      rv_json_kv_u64 (w, "freq_mhz", f->channel_freq_mhz[c]);
      if (full) {
        rv_json_kv_f32_array (w, "amplitude", rv_csi_amplitude (f, c), f->dim1);
        rv_json_kv_f32_array (w, "phase", rv_csi_phase (f, c), f->dim1);
      }
      rv_json_end_object (w);
    }
    rv_json_end_array (w);
  }
  write_opt_ns (w, "pts_ns", f->pts_ns);
  write_opt_ns (w, "duration_ns", f->duration_ns);
  rv_json_kv_u64 (w, "ppdu_type", f->ppdu_type);
  rv_json_kv_u64 (w, "hw_flags", f->hw_flags);
  rv_json_kv_u64 (w, "bandwidth_mhz", f->bandwidth_mhz);
  if (f->layout == RV_LAYOUT_COMPLEX && full) {
    rv_json_key (w, "subcarrier_index");
    rv_json_begin_array (w);
    for (k = 0; k < f->dim1; k++)
      rv_json_i64 (w, f->subcarrier_index[k]);
    rv_json_end_array (w);
  }
}

static const char *
status_str (uint32_t s)
{
  switch (s) {
    case RV_NODE_FUSED:
      return "fused";
    case RV_NODE_REJECTED:
      return "rejected";
    default:
      return "absent";
  }
}

void
rv_record_fused_json_begin (RvJsonWriter * w, const RvFusedRecord * f,
    const RvCsiFrame * node_frames, unsigned n_node_frames, int full)
{
  unsigned i;
  rv_json_begin_object (w);
  rv_json_kv_string (w, "type", "fused_frame");
  rv_json_kv_u64 (w, "cycle", f->cycle);
  rv_json_kv_u64 (w, "timestamp_us", f->timestamp_us);
  write_opt_ns (w, "pts_ns", f->pts_ns);
  write_opt_ns (w, "duration_ns", f->duration_ns);
  rv_json_kv_u64 (w, "n_bins", f->n_bins);
  rv_json_kv_u64 (w, "active_nodes", f->active_nodes);
  rv_json_kv_f32 (w, "cross_node_coherence", f->cross_node_coherence);
  rv_json_kv_f32 (w, "freq_coherence", f->freq_coherence);
  rv_json_key (w, "calibration_id");
  if (f->flags & RV_FUSED_FLAG_HAS_CALIB_ID)
    rv_json_u64 (w, f->calibration_id);
  else
    rv_json_null (w);
  rv_json_kv_bool (w, "calibrated", (f->flags & RV_FUSED_FLAG_CALIBRATED) != 0);
  rv_json_key (w, "nodes");
  rv_json_begin_array (w);
  for (i = 0; i < f->n_nodes; i++) {
    rv_json_begin_object (w);
    rv_json_kv_u64 (w, "node_id", f->nodes[i].node_id);
    rv_json_kv_string (w, "status", status_str (f->nodes[i].status));
    rv_json_kv_f32 (w, "weight", f->nodes[i].weight);
    rv_json_kv_u64 (w, "timestamp_us", f->nodes[i].timestamp_us);
    rv_json_end_object (w);
  }
  rv_json_end_array (w);
  if (full) {
    rv_json_kv_f32_array (w, "fused_amplitude", f->fused_amplitude, f->n_bins);
    rv_json_kv_f32_array (w, "fused_phase", f->fused_phase, f->n_bins);
    rv_json_key (w, "node_frames");
    rv_json_begin_array (w);
    for (i = 0; i < n_node_frames; i++) {
      rv_record_csi_json_begin (w, &node_frames[i], 1);
      rv_json_end_object (w);
    }
    rv_json_end_array (w);
  }
}

/* ----------------------------------------------------------------- reader */

const char *
rv_record_json_error_str (RvRecordJsonError e)
{
  switch (e) {
    case RV_RECORD_JSON_OK:
      return "ok";
    case RV_RECORD_JSON_NOT_A_FRAME:
      return "not a csi_frame document";
    case RV_RECORD_JSON_MISSING:
      return "a required member is missing or has the wrong type";
    case RV_RECORD_JSON_DIMENSIONS:
      return "array lengths disagree with the frame dimensions";
  }
  return "unknown error";
}

static int
is_type (const RvJsonValue * doc, const char *t)
{
  const RvJsonValue *v = rv_json_get (doc, "type");
  return v && v->type == RV_JSON_STRING && strcmp (v->text, t) == 0;
}

static int
get_u64 (const RvJsonValue * doc, const char *key, uint64_t * out)
{
  return rv_json_as_u64 (rv_json_get (doc, key), out);
}

RvRecordJsonError
rv_record_csi_json_dims (const RvJsonValue * doc, RvLayout * layout,
    unsigned *dim0, unsigned *dim1)
{
  const RvJsonValue *l;
  if (!doc || doc->type != RV_JSON_OBJECT || !is_type (doc, "csi_frame"))
    return RV_RECORD_JSON_NOT_A_FRAME;
  l = rv_json_get (doc, "layout");
  if (!l || l->type != RV_JSON_STRING)
    return RV_RECORD_JSON_MISSING;
  if (strcmp (l->text, "complex") == 0) {
    uint64_t s, n;
    if (get_u64 (doc, "streams", &s) || get_u64 (doc, "subcarriers", &n))
      return RV_RECORD_JSON_MISSING;
    if (s == 0 || n == 0 || s > RV_RECORD_MAX_DIM || n > RV_RECORD_MAX_DIM)
      return RV_RECORD_JSON_DIMENSIONS;
    *layout = RV_LAYOUT_COMPLEX;
    *dim0 = (unsigned) s;
    *dim1 = (unsigned) n;
    return RV_RECORD_JSON_OK;
  } else if (strcmp (l->text, "canonical") == 0) {
    const RvJsonValue *ch = rv_json_get (doc, "channels"), *a;
    if (!ch || ch->type != RV_JSON_ARRAY || !ch->child)
      return RV_RECORD_JSON_MISSING;
    a = rv_json_get (ch->child, "amplitude");
    if (!a || a->type != RV_JSON_ARRAY)
      return RV_RECORD_JSON_MISSING;
    if (ch->n_children > RV_RECORD_MAX_DIM || a->n_children == 0
        || a->n_children > RV_RECORD_MAX_DIM)
      return RV_RECORD_JSON_DIMENSIONS;
    *layout = RV_LAYOUT_CANONICAL;
    *dim0 = (unsigned) ch->n_children;
    *dim1 = (unsigned) a->n_children;
    return RV_RECORD_JSON_OK;
  }
  return RV_RECORD_JSON_MISSING;
}

static int
read_f32_array (const RvJsonValue * arr, float *out, size_t n)
{
  const RvJsonValue *v;
  size_t i = 0;
  if (!arr || arr->type != RV_JSON_ARRAY || arr->n_children != n)
    return -1;
  for (v = arr->child; v; v = v->next)
    if (rv_json_as_f32 (v, &out[i++]))
      return -1;
  return 0;
}

RvRecordJsonError
rv_record_csi_from_json (const RvJsonValue * doc, RvCsiFrame * f,
    int *has_pts, int *has_duration)
{
  uint64_t u;
  int64_t i64;
  int b;
  const RvJsonValue *v;

  if (get_u64 (doc, "node_id", &u) || u > UINT32_MAX)
    return RV_RECORD_JSON_MISSING;
  f->node_id = (uint32_t) u;
  if (get_u64 (doc, "sequence", &u) || u > UINT32_MAX)
    return RV_RECORD_JSON_MISSING;
  f->sequence = (uint32_t) u;
  if (get_u64 (doc, "timestamp_us", &f->timestamp_us))
    return RV_RECORD_JSON_MISSING;
  if (get_u64 (doc, "freq_mhz", &u) || u > UINT32_MAX)
    return RV_RECORD_JSON_MISSING;
  f->freq_mhz = (uint32_t) u;
  if (rv_json_as_i64 (rv_json_get (doc, "rssi_dbm"), &i64) || i64 < INT16_MIN
      || i64 > INT16_MAX)
    return RV_RECORD_JSON_MISSING;
  f->rssi_dbm = (int16_t) i64;
  if (rv_json_as_i64 (rv_json_get (doc, "noise_floor_dbm"), &i64)
      || i64 < INT16_MIN || i64 > INT16_MAX)
    return RV_RECORD_JSON_MISSING;
  f->noise_floor_dbm = (int16_t) i64;

  f->flags = 0;
  v = rv_json_get (doc, "calibration_id");
  if (v && v->type != RV_JSON_NULL) {
    if (rv_json_as_u64 (v, &f->calibration_id))
      return RV_RECORD_JSON_MISSING;
    f->flags |= RV_CSI_FLAG_HAS_CALIB_ID;
  }
  if (!rv_json_as_bool (rv_json_get (doc, "calibrated"), &b) && b)
    f->flags |= RV_CSI_FLAG_CALIBRATED;
  if (!rv_json_as_bool (rv_json_get (doc, "phase_aligned"), &b) && b)
    f->flags |= RV_CSI_FLAG_PHASE_ALIGNED;

  *has_pts = !get_u64 (doc, "pts_ns", &f->pts_ns);
  if (!*has_pts)
    f->pts_ns = RV_RECORD_NONE_NS;
  *has_duration = !get_u64 (doc, "duration_ns", &f->duration_ns);
  if (!*has_duration)
    f->duration_ns = RV_RECORD_NONE_NS;
  if (!get_u64 (doc, "ppdu_type", &u) && u <= 255)
    f->ppdu_type = (uint8_t) u;
  if (!get_u64 (doc, "hw_flags", &u) && u <= 255)
    f->hw_flags = (uint8_t) u;
  if (!get_u64 (doc, "bandwidth_mhz", &u) && u <= 65535)
    f->bandwidth_mhz = (uint16_t) u;

  if (f->layout == RV_LAYOUT_COMPLEX) {
    const RvJsonValue *data = rv_json_get (doc, "data"), *p;
    const RvJsonValue *idx = rv_json_get (doc, "subcarrier_index");
    size_t n = (size_t) f->dim0 * f->dim1, k = 0;
    if (!data || data->type != RV_JSON_ARRAY || data->n_children != n)
      return RV_RECORD_JSON_DIMENSIONS;
    for (p = data->child; p; p = p->next, k++) {
      if (p->type != RV_JSON_ARRAY || p->n_children != 2
          || rv_json_as_f64 (p->child, &f->data[2 * k])
          || rv_json_as_f64 (p->child->next, &f->data[2 * k + 1]))
        return RV_RECORD_JSON_DIMENSIONS;
    }
    if (idx) {
      if (idx->type != RV_JSON_ARRAY || idx->n_children != f->dim1)
        return RV_RECORD_JSON_DIMENSIONS;
      k = 0;
      for (p = idx->child; p; p = p->next) {
        if (rv_json_as_i64 (p, &i64) || i64 < INT16_MIN || i64 > INT16_MAX)
          return RV_RECORD_JSON_DIMENSIONS;
        f->subcarrier_index[k++] = (int16_t) i64;
      }
    } else {
      for (k = 0; k < f->dim1; k++)
        f->subcarrier_index[k] = (int16_t) k;
    }
  } else {
    const RvJsonValue *ch = rv_json_get (doc, "channels"), *c;
    unsigned ci = 0;
    if (!ch || ch->type != RV_JSON_ARRAY || ch->n_children != f->dim0)
      return RV_RECORD_JSON_DIMENSIONS;
    for (c = ch->child; c; c = c->next, ci++) {
      if (get_u64 (c, "freq_mhz", &u) || u > UINT32_MAX)
        return RV_RECORD_JSON_MISSING;
      f->channel_freq_mhz[ci] = (uint32_t) u;
      if (read_f32_array (rv_json_get (c, "amplitude"),
              rv_csi_amplitude (f, ci), f->dim1)
          || read_f32_array (rv_json_get (c, "phase"), rv_csi_phase (f, ci),
              f->dim1))
        return RV_RECORD_JSON_DIMENSIONS;
    }
  }
  return RV_RECORD_JSON_OK;
}
