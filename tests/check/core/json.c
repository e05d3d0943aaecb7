/* libruview: JSON writer/reader and the JSON frame format round trip. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include "ruview/json.h"
#include "ruview/record_json.h"
#include "ruview/rng.h"

GST_START_TEST (test_writer_structure)
{
  RvJsonWriter w;
  rv_json_writer_init (&w);
  rv_json_begin_object (&w);
  rv_json_kv_string (&w, "a", "x\"y\n");
  rv_json_key (&w, "b");
  rv_json_begin_array (&w);
  rv_json_u64 (&w, 1);
  rv_json_f32 (&w, 0.1f);
  rv_json_f64 (&w, 0.1);
  rv_json_null (&w);
  rv_json_end_array (&w);
  rv_json_kv_bool (&w, "c", 1);
  rv_json_end_object (&w);
  fail_unless_equals_string (w.buf,
      "{\"a\":\"x\\\"y\\n\",\"b\":[1,0.1,0.1,null],\"c\":true}");
  rv_json_writer_reset (&w);
  rv_json_begin_array (&w);
  rv_json_end_array (&w);
  fail_unless_equals_string (w.buf, "[]");
  rv_json_writer_clear (&w);
}
GST_END_TEST;

GST_START_TEST (test_reader)
{
  RvJsonDoc *d = rv_json_doc_new ();
  const char *t =
      " {\"s\":\"a\\u00e9\\n\",\"n\":[1, -2.5e3, 18446744073709551615],"
      "\"o\":{},\"t\":true,\"z\":null} ";
  const RvJsonValue *v, *n;
  uint64_t u;
  double x;
  RvJsonError err;
  size_t off;

  v = rv_json_parse (d, t, strlen (t), &err, &off);
  fail_unless (v != NULL);
  fail_unless_equals_string (rv_json_get (v, "s")->text, "a\xc3\xa9\n");
  n = rv_json_get (v, "n");
  fail_unless_equals_int (n->n_children, 3);
  fail_unless (rv_json_as_f64 (n->child->next, &x) == 0 && x == -2500.0);
  fail_unless (rv_json_as_u64 (n->child->next->next, &u) == 0
      && u == UINT64_MAX);
  fail_unless (rv_json_as_u64 (n->child->next, &u) != 0);
  fail_unless_equals_int (rv_json_get (v, "t")->type, RV_JSON_TRUE);
  fail_unless_equals_int (rv_json_get (v, "z")->type, RV_JSON_NULL);

  fail_unless (rv_json_parse (d, "{\"a\":1,}", 8, &err, NULL) == NULL);
  fail_unless (rv_json_parse (d, "[1] x", 5, &err, NULL) == NULL);
  fail_unless_equals_int (err, RV_JSON_ERR_TRAILING);
  fail_unless (rv_json_parse (d, "01", 2, &err, NULL) == NULL);
  fail_unless (rv_json_parse (d, "\"abc", 4, &err, NULL) == NULL);
  /* a backslash that ends the text: the error lies inside the text (the
   * scan once stepped past its end; found by tests/fuzz json-frame) */
  fail_unless (rv_json_parse (d, "[\"a\\", 4, &err, &off) == NULL);
  fail_unless_equals_int (err, RV_JSON_ERR_SYNTAX);
  fail_unless (off <= 4);
  /* surrogates: a pair is one character, an unpaired one is refused (it
   * would decode to bytes that are not UTF-8) */
  v = rv_json_parse (d, "[\"\\ud83d\\ude00\"]", 16, &err, NULL);
  fail_unless (v != NULL);
  fail_unless_equals_string (v->child->text, "\xf0\x9f\x98\x80");
  fail_unless (rv_json_parse (d, "[\"\\ud800\"]", 10, &err, NULL) == NULL);
  fail_unless (rv_json_parse (d, "[\"\\udc00x\"]", 11, &err, NULL) == NULL);
  fail_unless (rv_json_parse (d, "[\"\\ud800\\u0041\"]", 16, &err,
          NULL) == NULL);
  rv_json_doc_free (d);
}
GST_END_TEST;

static void
roundtrip (RvLayout layout, unsigned d0, unsigned d1, int with_pts)
{
  size_t size = rv_record_csi_size (layout, d0, d1), i;
  uint8_t *a = g_malloc0 (size), *b = g_malloc0 (size);
  RvCsiFrame f, g;
  RvJsonWriter w;
  RvJsonDoc *doc = rv_json_doc_new ();
  const RvJsonValue *v;
  RvXorshift32 r;
  RvLayout l2;
  unsigned e0, e1;
  int hp, hd;

  rv_xorshift32_init (&r, 7);
  fail_unless (rv_record_csi_init (a, size, layout, d0, d1, &f) == 0);
  f.node_id = 3;
  f.sequence = 4000000000u;
  f.timestamp_us = 123456789012ull;
  f.freq_mhz = 2437;
  f.rssi_dbm = -61;
  f.noise_floor_dbm = -92;
  f.flags = RV_CSI_FLAG_CALIBRATED | RV_CSI_FLAG_HAS_CALIB_ID;
  f.calibration_id = 0x9C5E437336D2DE3Cull;
  f.ppdu_type = 1;
  f.hw_flags = 0x10;
  f.bandwidth_mhz = 20;
  if (with_pts) {
    f.pts_ns = 10000000;
    f.duration_ns = 10000000;
  }
  if (layout == RV_LAYOUT_COMPLEX) {
    for (i = 0; i < (size_t) d0 * d1 * 2; i++)
      f.data[i] = rv_normal_f64 (&r) * 1e3;
    for (i = 0; i < d1; i++)
      f.subcarrier_index[i] = rv_fft_order_index ((unsigned) i);
  } else {
    for (i = 0; i < d0; i++)
      f.channel_freq_mhz[i] = 2412 + 25 * (uint32_t) i;
    for (i = 0; i < (size_t) d0 * d1 * 2; i++)
      f.values[i] = rv_normal_f32 (&r);
  }
  rv_record_csi_sync (a, &f);

  rv_json_writer_init (&w);
  rv_record_csi_json_begin (&w, &f, 1);
  rv_json_end_object (&w);
  v = rv_json_parse (doc, w.buf, w.len, NULL, NULL);
  fail_unless (v != NULL, "%s", w.buf);
  fail_unless_equals_int (rv_record_csi_json_dims (v, &l2, &e0, &e1), 0);
  fail_unless (l2 == layout && e0 == d0 && e1 == d1);
  fail_unless (rv_record_csi_init (b, size, l2, e0, e1, &g) == 0);
  fail_unless_equals_int (rv_record_csi_from_json (v, &g, &hp, &hd), 0);
  fail_unless_equals_int (hp, with_pts);
  rv_record_csi_sync (b, &g);
  fail_unless (memcmp (a, b, size) == 0, "records differ after JSON");
  rv_json_writer_clear (&w);
  rv_json_doc_free (doc);
  g_free (a);
  g_free (b);
}

GST_START_TEST (test_frame_roundtrip)
{
  roundtrip (RV_LAYOUT_COMPLEX, 1, 64, 1);
  roundtrip (RV_LAYOUT_COMPLEX, 3, 30, 0);
  roundtrip (RV_LAYOUT_CANONICAL, 1, 56, 1);
  roundtrip (RV_LAYOUT_CANONICAL, 3, 56, 0);
}
GST_END_TEST;

GST_START_TEST (test_frame_rejects)
{
  RvJsonDoc *doc = rv_json_doc_new ();
  RvLayout l;
  unsigned d0, d1;
  const char *bad[] = {
    "{\"type\":\"vitals\"}",
    "{\"type\":\"csi_frame\",\"layout\":\"complex\",\"streams\":0,\"subcarriers\":4}",
    "{\"type\":\"csi_frame\",\"layout\":\"weird\"}",
    "{\"type\":\"csi_frame\",\"layout\":\"canonical\",\"channels\":[]}",
  };
  guint i;
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    const RvJsonValue *v = rv_json_parse (doc, bad[i], strlen (bad[i]), NULL,
        NULL);
    fail_unless (v != NULL);
    fail_unless (rv_record_csi_json_dims (v, &l, &d0, &d1) != 0, "%s",
        bad[i]);
  }
  rv_json_doc_free (doc);
}
GST_END_TEST;

static Suite *
json_suite (void)
{
  Suite *s = suite_create ("core-json");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_writer_structure);
  tcase_add_test (tc, test_reader);
  tcase_add_test (tc, test_frame_roundtrip);
  tcase_add_test (tc, test_frame_rejects);
  return s;
}

GST_CHECK_MAIN (json);
