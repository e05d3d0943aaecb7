/* Fuzz target: the binary frame record (common/ruview/record.c), csi and
 * fused (records of the older versions through the upgrade), walked as a
 * recording is (a concatenation of records).  Every record that parses
 * must lie inside its bytes and its checksum be the only thing verify can
 * object to, an upgraded record must verify and parse with the same
 * dimensions and payload, and a csi record must come
 * back bit for bit through the JSON frame format (common/ruview/
 * record_json.c), whose writer and reader promise to be exact inverses. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "ruview/record_json.h"
#include "seeds.h"

/* records above this size skip the JSON round trip (time, not safety) */
#define MAX_ROUND_TRIP (64u * 1024u)
#define MAX_NODE_VIEWS 64

static RvJsonWriter writer;
static RvJsonDoc *doc;

static int
inside (const void *p, size_t n, const uint8_t * rec, size_t size)
{
  const uint8_t *b = p;
  return b >= rec && n <= size && (size_t) (b - rec) <= size - n;
}

static void
json_round_trip (const RvCsiFrame * f, size_t size)
{
  const RvJsonValue *root;
  RvLayout layout;
  unsigned d0, d1;
  uint8_t *copy;
  RvCsiFrame g;
  int has_pts, has_dur;
  size_t n = (size_t) f->dim0 * f->dim1 * 2u;

  rv_json_writer_reset (&writer);
  rv_record_csi_json_begin (&writer, f, 1);
  rv_json_end_object (&writer);
  RV_FUZZ_CHECK (!writer.failed);
  root = rv_json_parse (doc, writer.buf, writer.len, NULL, NULL);
  RV_FUZZ_CHECK (root != NULL);
  RV_FUZZ_CHECK (rv_record_csi_json_dims (root, &layout, &d0, &d1)
      == RV_RECORD_JSON_OK);
  RV_FUZZ_CHECK (layout == f->layout && d0 == f->dim0 && d1 == f->dim1);
  if (posix_memalign ((void **) &copy, 8, size) != 0)
    abort ();
  RV_FUZZ_CHECK (rv_record_csi_init (copy, size, layout, d0, d1, &g)
      == RV_RECORD_OK);
  RV_FUZZ_CHECK (rv_record_csi_from_json (root, &g, &has_pts, &has_dur)
      == RV_RECORD_JSON_OK);
  RV_FUZZ_CHECK (g.node_id == f->node_id && g.sequence == f->sequence);
  RV_FUZZ_CHECK (g.timestamp_us == f->timestamp_us);
  RV_FUZZ_CHECK (g.freq_mhz == f->freq_mhz && g.rssi_dbm == f->rssi_dbm);
  RV_FUZZ_CHECK (g.noise_floor_dbm == f->noise_floor_dbm);
  RV_FUZZ_CHECK (g.flags == (f->flags & (RV_CSI_FLAG_CALIBRATED
              | RV_CSI_FLAG_PHASE_ALIGNED | RV_CSI_FLAG_HAS_CALIB_ID)));
  RV_FUZZ_CHECK (!(f->flags & RV_CSI_FLAG_HAS_CALIB_ID)
      || g.calibration_id == f->calibration_id);
  RV_FUZZ_CHECK (g.pts_ns == f->pts_ns && g.duration_ns == f->duration_ns);
  RV_FUZZ_CHECK (g.ppdu_type == f->ppdu_type && g.hw_flags == f->hw_flags);
  RV_FUZZ_CHECK (g.bandwidth_mhz == f->bandwidth_mhz);
  if (f->layout == RV_LAYOUT_COMPLEX) {
    RV_FUZZ_CHECK (memcmp (g.data, f->data, n * sizeof (double)) == 0);
    RV_FUZZ_CHECK (memcmp (g.subcarrier_index, f->subcarrier_index,
            f->dim1 * sizeof (int16_t)) == 0);
  } else {
    RV_FUZZ_CHECK (memcmp (g.values, f->values, n * sizeof (float)) == 0);
    RV_FUZZ_CHECK (memcmp (g.channel_freq_mhz, f->channel_freq_mhz,
            f->dim0 * sizeof (uint32_t)) == 0);
  }
  free (copy);
}

/* A record of the current version that parses: verify finds either a
 * good checksum or a damaged one, never a size or version it disagrees on */
static void
verify_parsed (const uint8_t * rec, size_t left)
{
  RvRecordError e = rv_record_verify (rec, left);
  RV_FUZZ_CHECK (e == RV_RECORD_OK || e == RV_RECORD_ERR_CHECKSUM);
}

/* A record of an older version: upgraded, it verifies and parses with the
 * same dimensions and payload (a version-1 fused record's 24-byte node
 * entries grow to 32, the bins follow them) */
static void
upgraded_alike (const uint8_t * rec, size_t left, uint32_t magic,
    uint32_t rsize, size_t usize)
{
  uint8_t *up;
  RvFusedRecord fr;
  RvCsiFrame f;
  uint32_t n_nodes, n_bins;

  RV_FUZZ_CHECK (rsize <= left);
  if (posix_memalign ((void **) &up, 8, usize) != 0)
    abort ();
  RV_FUZZ_CHECK (rv_record_upgrade (rec, left, up, usize) == usize);
  RV_FUZZ_CHECK (rv_record_is_current (up, usize));
  RV_FUZZ_CHECK (rv_record_verify (up, usize) == RV_RECORD_OK);
  if (magic == RV_RECORD_MAGIC_FUSED) {
    size_t entry = rv_record_version (rec, left) == 1 ? 24u : 32u;
    RV_FUZZ_CHECK (rv_record_fused_parse (up, usize, &fr) == RV_RECORD_OK);
    memcpy (&n_nodes, rec + 72, 4);
    memcpy (&n_bins, rec + 56, 4);
    RV_FUZZ_CHECK (fr.n_nodes == n_nodes && fr.n_bins == n_bins);
    RV_FUZZ_CHECK (n_bins == 0 || memcmp (fr.fused_amplitude,
            rec + RV_RECORD_HEADER_SIZE + entry * n_nodes,
            8u * (size_t) n_bins) == 0);
  } else {
    /* the same bytes after the version, with the trailer added */
    RV_FUZZ_CHECK (rv_record_csi_parse (up, usize, &f) == RV_RECORD_OK);
    RV_FUZZ_CHECK (usize == (size_t) rsize + RV_RECORD_TRAILER_SIZE);
    RV_FUZZ_CHECK (memcmp (up + 6, rec + 6, 6) == 0
        && memcmp (up + 16, rec + 16, rsize - 16) == 0);
  }
  free (up);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  rv_json_writer_init (&writer);
  doc = rv_json_doc_new ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  uint8_t *buf;
  size_t off = 0;
  RvCsiFrame views[MAX_NODE_VIEWS];

  /* record views need 8-aligned bytes, as csisrc's reader allocates them */
  if (posix_memalign ((void **) &buf, 8, size ? size : 8) != 0)
    abort ();
  memcpy (buf, data, size);
  while (size - off >= 16) {
    uint8_t *rec = buf + off;
    size_t left = size - off;
    uint32_t magic, rsize;
    size_t usize;
    RvCsiFrame f;
    RvFusedRecord fr;

    if (rv_record_peek (rec, left, &magic, &rsize) != RV_RECORD_OK) {
      off += 8;
      continue;
    }
    if (magic == RV_RECORD_MAGIC_CSI
        && rv_record_csi_parse (rec, left, &f) == RV_RECORD_OK) {
      size_t n = (size_t) f.dim0 * f.dim1;
      RV_FUZZ_CHECK (rsize == rv_record_csi_size (f.layout, f.dim0, f.dim1));
      RV_FUZZ_CHECK (rsize <= left && (rsize & 7u) == 0);
      verify_parsed (rec, left);
      if (f.layout == RV_LAYOUT_COMPLEX) {
        RV_FUZZ_CHECK (inside (f.data, n * 16u, rec, rsize));
        RV_FUZZ_CHECK (inside (f.subcarrier_index, f.dim1 * 2u, rec, rsize));
      } else {
        RV_FUZZ_CHECK (inside (f.channel_freq_mhz, f.dim0 * 4u, rec, rsize));
        RV_FUZZ_CHECK (inside (f.values, n * 8u, rec, rsize));
      }
      if (rsize <= MAX_ROUND_TRIP && rv_fuzz_csi_all_finite (&f))
        json_round_trip (&f, rsize);
      off += rsize;
    } else if (magic == RV_RECORD_MAGIC_FUSED
        && rv_record_fused_parse (rec, left, &fr) == RV_RECORD_OK) {
      size_t next = off + rsize;
      unsigned nv = 0, i;
      RV_FUZZ_CHECK (rsize == rv_record_fused_size (fr.n_nodes, fr.n_bins));
      RV_FUZZ_CHECK (rsize <= left && (rsize & 7u) == 0);
      verify_parsed (rec, left);
      RV_FUZZ_CHECK (inside (fr.nodes, fr.n_nodes * sizeof (RvFusedRecordNode),
              rec, rsize));
      RV_FUZZ_CHECK (inside (fr.fused_amplitude, fr.n_bins * 8u, rec, rsize));
      for (i = 0; i < fr.n_nodes; i++)
        (void) fr.nodes[i].record_index;
      /* its node records follow, as in a recording */
      while (nv < fr.n_node_records && nv < MAX_NODE_VIEWS
          && size - next >= RV_RECORD_HEADER_SIZE
          && rv_record_csi_parse (buf + next, size - next, &views[nv])
          == RV_RECORD_OK) {
        next += rv_record_csi_size (views[nv].layout, views[nv].dim0,
            views[nv].dim1);
        nv++;
      }
      rv_json_writer_reset (&writer);
      rv_record_fused_json_begin (&writer, &fr, views, nv, 1);
      rv_json_end_object (&writer);
      RV_FUZZ_CHECK (writer.failed
          || rv_json_parse (doc, writer.buf, writer.len, NULL, NULL));
      off = next;
    } else if (!rv_record_is_current (rec, left)
        && (usize = rv_record_upgrade_size (rec, left)) > 0) {
      upgraded_alike (rec, left, magic, rsize, usize);
      off += rsize;
    } else {
      off += 8;
    }
  }
  free (buf);
  return 0;
}

void
rv_fuzz_seeds (void)
{
  size_t len;
  uint8_t *r;

  r = rv_fuzz_csi_record (RV_LAYOUT_COMPLEX, 1, 64, 1, 7, &len);
  rv_fuzz_seed ("csi-complex-1x64", r, len);
  free (r);
  r = rv_fuzz_csi_record (RV_LAYOUT_COMPLEX, 3, 5, 2, 8, &len);
  rv_fuzz_seed ("csi-complex-3x5", r, len);
  free (r);
  r = rv_fuzz_csi_record (RV_LAYOUT_CANONICAL, 3, 56, 3, 9, &len);
  rv_fuzz_seed ("csi-canonical-3x56", r, len);
  free (r);
  r = rv_fuzz_fused_recording (4, 16, 12, &len);
  rv_fuzz_seed ("fused-4x16", r, len);
  free (r);
  r = rv_fuzz_fused_recording (0, 0, 13, &len);
  rv_fuzz_seed ("fused-gap", r, len);
  free (r);
  /* the versions before the checksum trailer, read through the upgrade */
  r = rv_fuzz_csi_record (RV_LAYOUT_CANONICAL, 2, 30, 4, 10, &len);
  rv_fuzz_seed ("csi-v1-canonical-2x30", r, rv_fuzz_older_recording (r, len));
  free (r);
  r = rv_fuzz_fused_recording (3, 8, 14, &len);
  rv_fuzz_seed ("fused-v2-3x8", r, rv_fuzz_older_recording (r, len));
  free (r);
}
