/* libruview: the binary frame record — the fused record's node table,
 * the CRC-32 trailer of the current versions (csi 2, fused 3), and the
 * upgrade of the older versions (csi 1, fused 1 and 2). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include "ruview/record.h"

static guint64 storage[512];

GST_START_TEST (test_fused_node_table)
{
  uint8_t *buf = (uint8_t *) storage;
  RvFusedRecord f, g;
  size_t size = rv_record_fused_size (3, 5);
  uint16_t version;

  fail_unless_equals_int (size, 80 + 3 * 32 + 40 + 8);
  fail_unless (rv_record_fused_init (buf, sizeof (storage), 3, 5, &f) ==
      RV_RECORD_OK);
  f.nodes[1].node_id = 7;
  f.nodes[1].rssi_dbm = -48;
  f.nodes[1].noise_floor_dbm = -95;
  f.nodes[1].sequence = 123456;
  f.nodes[1].timestamp_us = 99;
  f.fused_amplitude[4] = 2.5f;
  f.n_node_records = 2;
  rv_record_fused_sync (buf, &f);
  memcpy (&version, buf + 4, 2);
  fail_unless_equals_int (version, 3);
  fail_unless (rv_record_verify (buf, size) == RV_RECORD_OK);
  /* entry 1 at header + 32: rssi at +24, noise at +26, sequence at +28 */
  fail_unless_equals_int ((int16_t) (buf[80 + 32 + 24] | buf[80 + 32 + 25]
          << 8), -48);
  fail_unless (rv_record_fused_parse (buf, size, &g) == RV_RECORD_OK);
  fail_unless_equals_int (g.nodes[1].node_id, 7);
  fail_unless_equals_int (g.nodes[1].rssi_dbm, -48);
  fail_unless_equals_int (g.nodes[1].noise_floor_dbm, -95);
  fail_unless_equals_int (g.nodes[1].sequence, 123456);
  fail_unless_equals_int (g.n_node_records, 2);
  fail_unless (g.fused_amplitude[4] == 2.5f);
}

GST_END_TEST;

/* a version-1 fused record: 24-byte node entries */
static size_t
make_v1 (uint8_t * b)
{
  const uint32_t n_nodes = 2, n_bins = 3;
  const size_t size = 80 + 2 * 24 + 24;
  uint32_t u;
  uint16_t v = 1;
  uint64_t ts = 4242;
  float amp[3] = { 1.0f, 2.0f, 3.0f }, ph[3] = { -1.0f, 0.5f, 0.25f };
  float w = 0.75f;

  memset (b, 0, size);
  memcpy (b, "RVFU", 4);
  memcpy (b + 4, &v, 2);
  u = (uint32_t) size;
  memcpy (b + 12, &u, 4);
  memcpy (b + 56, &n_bins, 4);
  memcpy (b + 72, &n_nodes, 4);
  u = 1;
  memcpy (b + 76, &u, 4);
  /* node 0: id 5, fused, weight .75, record 0, ts 4242; node 1: id 6 */
  u = 5;
  memcpy (b + 80, &u, 4);
  u = 1;
  memcpy (b + 84, &u, 4);
  memcpy (b + 88, &w, 4);
  u = 0;
  memcpy (b + 92, &u, 4);
  memcpy (b + 96, &ts, 8);
  u = 6;
  memcpy (b + 104, &u, 4);
  u = UINT32_MAX;
  memcpy (b + 116, &u, 4);
  memcpy (b + 128, amp, 12);
  memcpy (b + 140, ph, 12);
  return size;
}

GST_START_TEST (test_fused_upgrade_v1)
{
  static guint64 v1s[64], v2s[64];
  uint8_t *v1 = (uint8_t *) v1s, *v2 = (uint8_t *) v2s;
  size_t n = make_v1 (v1), m;
  RvFusedRecord f;
  uint32_t magic, size;

  /* peek accepts it (a reader can size it), parse wants the upgrade */
  fail_unless (rv_record_peek (v1, n, &magic, &size) == RV_RECORD_OK);
  fail_unless_equals_int (size, n);
  fail_unless (rv_record_fused_parse (v1, n, &f) == RV_RECORD_ERR_VERSION);
  fail_unless (rv_record_verify (v1, n) == RV_RECORD_ERR_VERSION);
  m = rv_record_upgrade_size (v1, n);
  fail_unless_equals_int (m, rv_record_fused_size (2, 3));
  fail_unless_equals_int (rv_record_upgrade (v1, n, v2, m - 8), 0);
  fail_unless_equals_int (rv_record_upgrade (v1, n, v2, m), m);
  fail_unless (rv_record_fused_parse (v2, m, &f) == RV_RECORD_OK);
  fail_unless (rv_record_verify (v2, m) == RV_RECORD_OK);
  fail_unless_equals_int (f.n_nodes, 2);
  fail_unless_equals_int (f.n_node_records, 1);
  fail_unless_equals_int (f.nodes[0].node_id, 5);
  fail_unless_equals_int (f.nodes[0].status, RV_NODE_FUSED);
  fail_unless (f.nodes[0].weight == 0.75f);
  fail_unless_equals_int (f.nodes[0].timestamp_us, 4242);
  fail_unless_equals_int (f.nodes[0].rssi_dbm, 0);
  fail_unless_equals_int (f.nodes[1].node_id, 6);
  fail_unless_equals_int (f.nodes[1].record_index, UINT32_MAX);
  fail_unless (f.fused_amplitude[2] == 3.0f && f.fused_phase[0] == -1.0f);
  /* the current version: nothing to upgrade */
  fail_unless_equals_int (rv_record_upgrade_size (v2, m), 0);
  /* a lying size is refused */
  size = (uint32_t) n + 8;
  memcpy (v1 + 12, &size, 4);
  fail_unless_equals_int (rv_record_upgrade_size (v1, n + 8), 0);
}

GST_END_TEST;

/* The trailer: every byte of the record counts, and the older versions
 * (no trailer) upgrade to sealed current ones with the same content. */
GST_START_TEST (test_checksum_and_older_versions)
{
  static guint64 a[256], b[256];
  uint8_t *rec = (uint8_t *) a, *up = (uint8_t *) b;
  size_t size = rv_record_csi_size (RV_LAYOUT_COMPLEX, 2, 4), i, m;
  RvCsiFrame f, g;
  RvFusedRecord fr;
  uint32_t crc, u;
  uint16_t v;

  fail_unless_equals_int (size, 80 + 2 * 4 * 16 + 8 + 8);
  fail_unless (rv_record_csi_init (rec, sizeof (a), RV_LAYOUT_COMPLEX, 2, 4,
          &f) == RV_RECORD_OK);
  for (i = 0; i < 16; i++)
    f.data[i] = 0.5 * (double) i;
  f.node_id = 3;
  f.sequence = 77;
  rv_record_csi_sync (rec, &f);
  fail_unless (rv_record_verify (rec, size) == RV_RECORD_OK);
  memcpy (&crc, rec + size - 8, 4);
  fail_unless (crc != 0);
  /* one flipped bit anywhere (header, payload, trailer) is caught */
  for (i = 0; i < size; i += 7) {
    rec[i] ^= 0x10;
    fail_unless (rv_record_verify (rec, size) != RV_RECORD_OK, "byte %"
        G_GSIZE_FORMAT, i);
    rec[i] ^= 0x10;
  }
  fail_unless (rv_record_verify (rec, size) == RV_RECORD_OK);
  /* a payload change without sync is a damaged record */
  f.data[5] = 1.0;
  fail_unless (rv_record_verify (rec, size) == RV_RECORD_ERR_CHECKSUM);
  rv_record_csi_sync (rec, &f);
  fail_unless (rv_record_verify (rec, size) == RV_RECORD_OK);

  /* version 1 of the same frame: no trailer */
  v = 1;
  memcpy (rec + 4, &v, 2);
  u = (uint32_t) (size - 8);
  memcpy (rec + 12, &u, 4);
  fail_unless (rv_record_csi_parse (rec, size - 8, &g) ==
      RV_RECORD_ERR_VERSION);
  m = rv_record_upgrade_size (rec, size - 8);
  fail_unless_equals_int (m, size);
  fail_unless_equals_int (rv_record_upgrade (rec, size - 8, up, sizeof (b)),
      size);
  fail_unless (rv_record_verify (up, m) == RV_RECORD_OK);
  fail_unless (rv_record_csi_parse (up, m, &g) == RV_RECORD_OK);
  fail_unless_equals_int (g.node_id, 3);
  fail_unless_equals_int (g.sequence, 77);
  fail_unless (g.data[5] == 1.0 && g.data[15] == 7.5);

  /* fused version 2: the node table of today, no trailer */
  fail_unless (rv_record_fused_init (rec, sizeof (a), 2, 3, &fr) ==
      RV_RECORD_OK);
  fr.nodes[1].rssi_dbm = -61;
  fr.fused_phase[2] = 0.125f;
  rv_record_fused_sync (rec, &fr);
  m = rv_record_fused_size (2, 3);
  v = 2;
  memcpy (rec + 4, &v, 2);
  u = (uint32_t) (m - 8);
  memcpy (rec + 12, &u, 4);
  fail_unless_equals_int (rv_record_upgrade (rec, m - 8, up, sizeof (b)), m);
  fail_unless (rv_record_verify (up, m) == RV_RECORD_OK);
  fail_unless (rv_record_fused_parse (up, m, &fr) == RV_RECORD_OK);
  fail_unless_equals_int (fr.nodes[1].rssi_dbm, -61);
  fail_unless (fr.fused_phase[2] == 0.125f);
}

GST_END_TEST;

static Suite *
record_suite (void)
{
  Suite *s = suite_create ("record");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_fused_node_table);
  tcase_add_test (tc, test_fused_upgrade_v1);
  tcase_add_test (tc, test_checksum_and_older_versions);
  return s;
}

GST_CHECK_MAIN (record);
