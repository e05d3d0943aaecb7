/* libruview: the A/B comparison of two branches' results (ab_compare.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>
#include <string.h>

#include "ruview/ab_compare.h"

static RvAbBranch ba, bb;
static RvAbDiff diff;

static void
clear_both (void)
{
  rv_ab_branch_clear (&ba);
  rv_ab_branch_clear (&bb);
}

/* the JSON text a writer call produces */
#define WRITE(w, call) \
  G_STMT_START { rv_json_writer_reset (&(w)); call; \
    fail_if ((w).failed); } G_STMT_END

GST_START_TEST (test_field_table)
{
  guint f, g;

  for (f = 0; f < RV_AB_N_FIELDS; f++) {
    const char *p = rv_ab_field_path ((RvAbField) f);
    fail_unless (p != NULL && strchr (p, '.') != NULL, "field %u", f);
    fail_unless_equals_int (rv_ab_field_from_path (p), f);
    for (g = f + 1; g < RV_AB_N_FIELDS; g++)
      fail_if (strcmp (p, rv_ab_field_path ((RvAbField) g)) == 0, "%s", p);
    /* a NUMBER knows how to write itself */
    if (rv_ab_field_kind ((RvAbField) f) == RV_AB_NUMBER)
      fail_if (rv_ab_field_type ((RvAbField) f) == RV_AB_TYPE_OTHER, "%s", p);
  }
  fail_unless (rv_ab_field_path (RV_AB_N_FIELDS) == NULL);
  fail_unless_equals_int (rv_ab_field_from_path ("no.such"), RV_AB_N_FIELDS);
  fail_unless_equals_int (rv_ab_field_kind (RV_AB_GATE_DECISION),
      RV_AB_CATEGORY);
  fail_unless_equals_int (rv_ab_field_kind (RV_AB_WITNESS), RV_AB_IDENTITY);
  fail_unless_equals_int (rv_ab_field_kind (RV_AB_CIR_TAPS), RV_AB_VECTOR);
  fail_unless_equals_string (rv_ab_field_path (RV_AB_FUSED_COHERENCE),
      "fused.cross_node_coherence");
}
GST_END_TEST;

static const float taps_a[6] = { 1.0f, 0.0f, 0.0f, 2.0f, 0.5f, 0.5f };

static void
fill_everything (RvAbBranch * b, const float *taps, const guint8 * witness)
{
  static const float amp[3] = { 1.0f, 2.0f, 3.0f };
  static const double dens[2] = { 0.25, 0.0 };
  double kp[RV_AB_KEYPOINTS * 3];
  guint i;

  for (i = 0; i < G_N_ELEMENTS (kp); i++)
    kp[i] = (double) i;
  rv_ab_set_number (b, RV_AB_FUSED_FREQ_COHERENCE, 0.5f);
  rv_ab_set_number (b, RV_AB_FUSED_COHERENCE, 0.75f);
  rv_ab_set_f32s (b, RV_AB_FUSED_AMPLITUDE, amp, 3);
  rv_ab_set_label (b, RV_AB_GATE_DECISION, "accept");
  rv_ab_set_bool (b, RV_AB_CIR_RANGING_VALID, TRUE);
  rv_ab_set_number (b, RV_AB_CIR_DOMINANT_TAP, 7);
  rv_ab_set_f32s (b, RV_AB_CIR_TAPS, taps, 6);
  rv_ab_set_f64s (b, RV_AB_OCCUPANCY_DENSITIES, dens, 2);
  rv_ab_set_bytes (b, RV_AB_WITNESS, witness, 32);
  rv_ab_set_pose (b);
  rv_ab_add_person (b, 4, "active", 0.9, kp);
}

GST_START_TEST (test_identical_branches)
{
  guint8 w[32];
  RvAbStats *s = rv_ab_stats_new ();
  RvJsonWriter jw;
  guint f;

  memset (w, 0xab, sizeof (w));
  clear_both ();
  fill_everything (&ba, taps_a, w);
  fill_everything (&bb, taps_a, w);
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless (diff.equal);
  fail_unless_equals_int (diff.n_matched, 1);
  for (f = 0; f < RV_AB_N_FIELDS; f++)
    fail_if (rv_ab_field_differs (&diff, (RvAbField) f), "%s",
        rv_ab_field_path ((RvAbField) f));
  rv_ab_stats_add (s, &diff);
  rv_ab_stats_add (s, &diff);
  fail_unless_equals_uint64 (s->cycles, 2);
  fail_unless_equals_uint64 (s->equal_cycles, 2);
  fail_unless_equals_uint64 (s->f[RV_AB_CIR_TAPS].compared, 2);
  fail_unless_equals_uint64 (s->f[RV_AB_CIR_TAPS].equal, 2);
  fail_unless_equals_uint64 (s->f[RV_AB_POSE_POSITIONS].equal, 2);
  /* fields no branch carries are not counted */
  fail_unless_equals_uint64 (s->f[RV_AB_OCCUPANCY_COUNT].compared, 0);
  fail_unless_equals_uint64 (rv_ab_stats_cell (s, RV_AB_GATE_DECISION,
          "accept", "accept"), 2);
  fail_unless_equals_uint64 (rv_ab_stats_cell (s, RV_AB_POSE_LIFECYCLE,
          "active", "active"), 2);

  rv_json_writer_init (&jw);
  WRITE (jw, rv_ab_write_diff (&jw, &diff, &ba, &bb));
  fail_unless_equals_string (jw.buf, "{}");
  WRITE (jw, rv_ab_write_changed (&jw, s));
  fail_unless_equals_string (jw.buf, "[]");
  WRITE (jw, rv_ab_write_decisions (&jw, s));
  fail_unless_equals_string (jw.buf,
      "{\"gate.decision\":{\"accept/accept\":2},"
      "\"cir.ranging_valid\":{\"true/true\":2},"
      "\"pose.lifecycle\":{\"active/active\":2}}");
  WRITE (jw, rv_ab_write_fields (&jw, s));
  fail_unless (strstr (jw.buf, "\"cir.taps\":{\"compared\":2,\"equal\":2,"
          "\"only_a\":0,\"only_b\":0,\"incomparable\":0,\"max_abs_diff\":0.0,"
          "\"mean_abs_diff\":0.0,\"max_rel_diff\":0.0}") != NULL, "%s", jw.buf);
  fail_unless (strstr (jw.buf, "\"witness.witness\":{\"compared\":2,"
          "\"equal\":2,\"only_a\":0,\"only_b\":0,\"incomparable\":0}") != NULL,
      "%s", jw.buf);
  fail_if (strstr (jw.buf, "occupancy.occupied_count") != NULL);
  rv_json_writer_clear (&jw);
  rv_ab_stats_free (s);
}
GST_END_TEST;

GST_START_TEST (test_numbers)
{
  RvAbStats *s = rv_ab_stats_new ();
  RvJsonWriter jw;
  const RvAbFieldStats *fs = &s->f[RV_AB_FUSED_COHERENCE];

  rv_json_writer_init (&jw);
  clear_both ();
  rv_ab_set_number (&ba, RV_AB_FUSED_COHERENCE, 0.5f);
  rv_ab_set_number (&bb, RV_AB_FUSED_COHERENCE, 0.625f);
  rv_ab_set_number (&ba, RV_AB_GATE_STALE_COUNT, 3);
  rv_ab_set_number (&bb, RV_AB_GATE_STALE_COUNT, 3);
  rv_ab_compare (&ba, &bb, &diff);
  fail_if (diff.equal);
  fail_unless (rv_ab_field_differs (&diff, RV_AB_FUSED_COHERENCE));
  fail_if (rv_ab_field_differs (&diff, RV_AB_GATE_STALE_COUNT));
  fail_unless_equals_float (diff.f[RV_AB_FUSED_COHERENCE].abs_diff, 0.125);
  fail_unless_equals_float (diff.f[RV_AB_FUSED_COHERENCE].rel_diff, 0.2);
  WRITE (jw, rv_ab_write_diff (&jw, &diff, &ba, &bb));
  fail_unless_equals_string (jw.buf, "{\"fused.cross_node_coherence\":"
      "{\"a\":0.5,\"b\":0.625,\"abs_diff\":0.125}}");
  rv_ab_stats_add (s, &diff);

  /* a second cycle: |Δ| 0.25; mean over the comparable cycles */
  rv_ab_set_number (&bb, RV_AB_FUSED_COHERENCE, 0.75f);
  rv_ab_compare (&ba, &bb, &diff);
  rv_ab_stats_add (s, &diff);
  /* equal NaNs are equal; NaN against a number is incomparable */
  rv_ab_set_number (&ba, RV_AB_FUSED_COHERENCE, NAN);
  rv_ab_set_number (&bb, RV_AB_FUSED_COHERENCE, NAN);
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless (diff.equal);
  rv_ab_stats_add (s, &diff);
  rv_ab_set_number (&bb, RV_AB_FUSED_COHERENCE, 1.0);
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless (rv_ab_field_differs (&diff, RV_AB_FUSED_COHERENCE));
  fail_if (diff.f[RV_AB_FUSED_COHERENCE].comparable);
  WRITE (jw, rv_ab_write_diff (&jw, &diff, &ba, &bb));
  fail_unless_equals_string (jw.buf, "{\"fused.cross_node_coherence\":"
      "{\"a\":null,\"b\":1.0,\"abs_diff\":null}}");
  rv_ab_stats_add (s, &diff);

  fail_unless_equals_uint64 (fs->compared, 4);
  fail_unless_equals_uint64 (fs->equal, 1);
  fail_unless_equals_uint64 (fs->incomparable, 1);
  fail_unless_equals_float (fs->max_abs, 0.25);
  fail_unless_equals_float (fs->max_rel, 0.25 / 0.75);
  WRITE (jw, rv_ab_write_fields (&jw, s));
  /* mean = (0.125 + 0.25 + 0) / 3 comparable cycles */
  fail_unless (strstr (jw.buf, "\"fused.cross_node_coherence\":{\"compared\":4,"
          "\"equal\":1,\"only_a\":0,\"only_b\":0,\"incomparable\":1,"
          "\"max_abs_diff\":0.25,\"mean_abs_diff\":0.125,"
          "\"max_rel_diff\":0.3333333333333333}") != NULL, "%s", jw.buf);
  WRITE (jw, rv_ab_write_changed (&jw, s));
  fail_unless_equals_string (jw.buf, "[\"fused.cross_node_coherence\"]");
  rv_json_writer_clear (&jw);
  rv_ab_stats_free (s);
}
GST_END_TEST;

GST_START_TEST (test_vectors)
{
  /* tap 1 differs by (0, 0.03): modulus 0.03; |x_dom| = 2 */
  static const float taps_b[6] = { 1.0f, 0.0f, 0.0f, 2.03f, 0.5f, 0.5f };
  static const float short_taps[4] = { 1.0f, 0.0f, 0.0f, 2.0f };
  static const double da[3] = { 1.0, -4.0, 0.5 }, db[3] = { 1.5, -4.0, 0.5 };
  RvAbStats *s = rv_ab_stats_new ();
  RvJsonWriter jw;
  const RvAbFieldDiff *fd = &diff.f[RV_AB_CIR_TAPS];

  rv_json_writer_init (&jw);
  clear_both ();
  rv_ab_set_f32s (&ba, RV_AB_CIR_TAPS, taps_a, 6);
  rv_ab_set_f32s (&bb, RV_AB_CIR_TAPS, taps_b, 6);
  rv_ab_set_f64s (&ba, RV_AB_OCCUPANCY_DENSITIES, da, 3);
  rv_ab_set_f64s (&bb, RV_AB_OCCUPANCY_DENSITIES, db, 3);
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless (fd->comparable);
  fail_unless (fabs (fd->abs_diff - (double) (2.03f - 2.0f)) < 1e-12);
  fail_unless (fabs (fd->rel_diff - fd->abs_diff / (double) 2.03f) < 1e-12);
  fail_unless_equals_float (diff.f[RV_AB_OCCUPANCY_DENSITIES].abs_diff, 0.5);
  fail_unless_equals_float (diff.f[RV_AB_OCCUPANCY_DENSITIES].rel_diff, 0.125);
  WRITE (jw, rv_ab_write_diff (&jw, &diff, &ba, &bb));
  fail_unless (g_str_has_prefix (jw.buf, "{\"cir.taps\":{\"n_a\":3,\"n_b\":3,"
          "\"abs_diff\":0.0299999"), "%s", jw.buf);
  fail_unless (strstr (jw.buf, "\"occupancy.densities\":{\"n_a\":3,\"n_b\":3,"
          "\"abs_diff\":0.5,\"rel_diff\":0.125}") != NULL, "%s", jw.buf);
  rv_ab_stats_add (s, &diff);

  /* a different length cannot be compared */
  rv_ab_set_f32s (&bb, RV_AB_CIR_TAPS, short_taps, 4);
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless (rv_ab_field_differs (&diff, RV_AB_CIR_TAPS));
  fail_if (fd->comparable);
  WRITE (jw, rv_ab_write_diff (&jw, &diff, &ba, &bb));
  fail_unless (g_str_has_prefix (jw.buf, "{\"cir.taps\":{\"n_a\":3,\"n_b\":2}"),
      "%s", jw.buf);
  rv_ab_stats_add (s, &diff);
  /* a NaN element against a number is incomparable too */
  {
    float nan_taps[6];
    memcpy (nan_taps, taps_a, sizeof (nan_taps));
    nan_taps[4] = NAN;
    rv_ab_set_f32s (&bb, RV_AB_CIR_TAPS, nan_taps, 6);
    rv_ab_compare (&ba, &bb, &diff);
    fail_if (fd->comparable);
    fail_if (fd->equal);
  }
  fail_unless_equals_uint64 (s->f[RV_AB_CIR_TAPS].incomparable, 1);
  fail_unless_equals_uint64 (s->f[RV_AB_CIR_TAPS].compared, 2);
  rv_json_writer_clear (&jw);
  rv_ab_stats_free (s);
}
GST_END_TEST;

GST_START_TEST (test_presence_and_categories)
{
  RvAbStats *s = rv_ab_stats_new ();
  RvJsonWriter jw;
  guint8 wa[32], wb[32];
  guint i;

  memset (wa, 0x01, sizeof (wa));
  memset (wb, 0x01, sizeof (wb));
  wb[31] = 0xfe;
  rv_json_writer_init (&jw);
  clear_both ();
  rv_ab_set_label (&ba, RV_AB_GATE_DECISION, "accept");
  rv_ab_set_label (&bb, RV_AB_GATE_DECISION, "reject");
  rv_ab_set_number (&ba, RV_AB_CIR_RESIDUAL, 0.5f);
  rv_ab_set_bytes (&ba, RV_AB_WITNESS, wa, 32);
  rv_ab_set_bytes (&bb, RV_AB_WITNESS, wb, 32);
  rv_ab_set_label (&bb, RV_AB_WITNESS_CLASS, "Derived");
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless_equals_int (diff.f[RV_AB_CIR_RESIDUAL].presence, RV_AB_ONLY_A);
  fail_unless_equals_int (diff.f[RV_AB_WITNESS_CLASS].presence, RV_AB_ONLY_B);
  fail_unless (rv_ab_field_differs (&diff, RV_AB_WITNESS));
  WRITE (jw, rv_ab_write_diff (&jw, &diff, &ba, &bb));
  fail_unless_equals_string (jw.buf,
      "{\"gate.decision\":{\"a\":\"accept\",\"b\":\"reject\"},"
      "\"cir.residual\":{\"a\":0.5,\"b\":null},"
      "\"witness.witness\":{\"a\":\""
      "0101010101010101010101010101010101010101010101010101010101010101\","
      "\"b\":\""
      "01010101010101010101010101010101010101010101010101010101010101fe\"},"
      "\"witness.effective_class\":{\"a\":null,\"b\":\"Derived\"}}");
  rv_ab_stats_add (s, &diff);
  fail_unless_equals_uint64 (s->f[RV_AB_CIR_RESIDUAL].only_a, 1);
  fail_unless_equals_uint64 (s->f[RV_AB_WITNESS].compared, 1);
  fail_unless_equals_uint64 (s->f[RV_AB_WITNESS].equal, 0);
  fail_unless_equals_uint64 (rv_ab_stats_cell (s, RV_AB_WITNESS_CLASS, "none",
          "Derived"), 1);
  fail_unless (rv_ab_stats_changed (s, RV_AB_GATE_DECISION));
  fail_unless (rv_ab_stats_changed (s, RV_AB_CIR_RESIDUAL));
  fail_if (rv_ab_stats_changed (s, RV_AB_FUSED_COHERENCE));

  /* more pairs than the table holds go to "other" */
  for (i = 0; i < RV_AB_MAX_CELLS + 3; i++) {
    gchar *l = g_strdup_printf ("class-%u", i);
    clear_both ();
    rv_ab_set_label (&ba, RV_AB_WITNESS_CLASS, l);
    rv_ab_set_label (&bb, RV_AB_WITNESS_CLASS, l);
    rv_ab_compare (&ba, &bb, &diff);
    rv_ab_stats_add (s, &diff);
    g_free (l);
  }
  fail_unless_equals_int (s->f[RV_AB_WITNESS_CLASS].n_cells, RV_AB_MAX_CELLS);
  fail_unless_equals_uint64 (s->f[RV_AB_WITNESS_CLASS].other, 4);
  WRITE (jw, rv_ab_write_decisions (&jw, s));
  fail_unless (strstr (jw.buf, "\"none/Derived\":1,") != NULL, "%s", jw.buf);
  fail_unless (strstr (jw.buf, "\"other\":4}") != NULL, "%s", jw.buf);
  /* a label longer than a cell is cut, and still found */
  clear_both ();
  rv_ab_stats_reset (s);
  rv_ab_set_label (&ba, RV_AB_WITNESS_PRIVACY_MODE,
      "enterprise-anonymous-and-then-some-more");
  rv_ab_set_label (&bb, RV_AB_WITNESS_PRIVACY_MODE, "x");
  rv_ab_compare (&ba, &bb, &diff);
  rv_ab_stats_add (s, &diff);
  rv_ab_stats_add (s, &diff);
  fail_unless_equals_int (s->f[RV_AB_WITNESS_PRIVACY_MODE].n_cells, 1);
  fail_unless_equals_uint64 (rv_ab_stats_cell (s, RV_AB_WITNESS_PRIVACY_MODE,
          "enterprise-anonymous-and-then-some-more", "x"), 2);
  rv_json_writer_clear (&jw);
  rv_ab_stats_free (s);
}
GST_END_TEST;

static void
keypoints (double kp[RV_AB_KEYPOINTS * 3], double base)
{
  guint i;
  for (i = 0; i < RV_AB_KEYPOINTS * 3; i++)
    kp[i] = base + (double) i;
}

GST_START_TEST (test_persons_by_id)
{
  RvAbStats *s = rv_ab_stats_new ();
  RvJsonWriter jw;
  double k1[RV_AB_KEYPOINTS * 3], k2[RV_AB_KEYPOINTS * 3];

  rv_json_writer_init (&jw);
  keypoints (k1, 100.0);
  keypoints (k2, 200.0);
  clear_both ();
  /* the same two persons in another order, person 2 moved by 1.5 */
  rv_ab_set_pose (&ba);
  rv_ab_add_person (&ba, 1, "active", 0.5, k1);
  rv_ab_add_person (&ba, 2, "active", 0.5, k2);
  rv_ab_set_pose (&bb);
  k2[5] += 1.5;
  rv_ab_add_person (&bb, 2, "active", 0.5, k2);
  rv_ab_add_person (&bb, 1, "active", 0.5, k1);
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless_equals_int (diff.n_matched, 2);
  fail_if (rv_ab_field_differs (&diff, RV_AB_POSE_IDS));
  fail_if (rv_ab_field_differs (&diff, RV_AB_POSE_LIFECYCLE));
  fail_if (rv_ab_field_differs (&diff, RV_AB_POSE_CONFIDENCE));
  fail_unless (rv_ab_field_differs (&diff, RV_AB_POSE_POSITIONS));
  fail_unless_equals_float (diff.f[RV_AB_POSE_POSITIONS].abs_diff, 1.5);
  rv_ab_stats_add (s, &diff);

  /* person 1 gone from B, person 3 new in B, person 2 tentative in B */
  rv_ab_branch_clear (&bb);
  rv_ab_set_pose (&bb);
  rv_ab_add_person (&bb, 2, "tentative", 0.25, k2);
  rv_ab_add_person (&bb, 3, "tentative", 0.25, k1);
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless_equals_int (diff.n_matched, 1);
  fail_unless (rv_ab_field_differs (&diff, RV_AB_POSE_IDS));
  fail_unless (rv_ab_field_differs (&diff, RV_AB_POSE_LIFECYCLE));
  fail_unless_equals_float (diff.f[RV_AB_POSE_CONFIDENCE].abs_diff, 0.25);
  WRITE (jw, rv_ab_write_diff (&jw, &diff, &ba, &bb));
  fail_unless (strstr (jw.buf, "\"pose.ids\":{\"a\":[1,2],\"b\":[2,3]}") !=
      NULL, "%s", jw.buf);
  fail_unless (strstr (jw.buf, "\"pose.lifecycle\":[{\"id\":1,\"a\":\"active\","
          "\"b\":null},{\"id\":2,\"a\":\"active\",\"b\":\"tentative\"},"
          "{\"id\":3,\"a\":null,\"b\":\"tentative\"}]") != NULL, "%s", jw.buf);
  rv_ab_stats_add (s, &diff);
  fail_unless_equals_uint64 (rv_ab_stats_cell (s, RV_AB_POSE_LIFECYCLE,
          "active", "active"), 2);
  fail_unless_equals_uint64 (rv_ab_stats_cell (s, RV_AB_POSE_LIFECYCLE,
          "active", "none"), 1);
  fail_unless_equals_uint64 (rv_ab_stats_cell (s, RV_AB_POSE_LIFECYCLE,
          "none", "tentative"), 1);

  /* persons on both sides, none in common: positions incomparable */
  rv_ab_branch_clear (&bb);
  rv_ab_set_pose (&bb);
  rv_ab_add_person (&bb, 9, "active", 0.5, k1);
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless_equals_int (diff.n_matched, 0);
  fail_unless (rv_ab_field_differs (&diff, RV_AB_POSE_POSITIONS));
  fail_if (diff.f[RV_AB_POSE_POSITIONS].comparable);
  /* no person on either side: ids equal, no positions */
  rv_ab_branch_clear (&ba);
  rv_ab_branch_clear (&bb);
  rv_ab_set_pose (&ba);
  rv_ab_set_pose (&bb);
  rv_ab_compare (&ba, &bb, &diff);
  fail_unless (diff.equal);
  fail_unless_equals_int (diff.f[RV_AB_POSE_IDS].presence, RV_AB_BOTH);
  fail_unless_equals_int (diff.f[RV_AB_POSE_POSITIONS].presence,
      RV_AB_NEITHER);
  rv_json_writer_clear (&jw);
  rv_ab_stats_free (s);
}
GST_END_TEST;

GST_START_TEST (test_timing)
{
  RvAbTiming t = { 0, 0.0, 0.0 };
  RvJsonWriter jw;

  rv_json_writer_init (&jw);
  WRITE (jw, rv_ab_write_timing (&jw, &t));
  fail_unless_equals_string (jw.buf, "null");
  rv_ab_timing_add (&t, 100.0);
  rv_ab_timing_add (&t, 300.0);
  WRITE (jw, rv_ab_write_timing (&jw, &t));
  fail_unless_equals_string (jw.buf,
      "{\"cycles\":2,\"mean_us\":200.0,\"max_us\":300.0}");
  rv_json_writer_clear (&jw);
}
GST_END_TEST;

static Suite *
ab_compare_suite (void)
{
  Suite *s = suite_create ("ab_compare");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_field_table);
  tcase_add_test (tc, test_identical_branches);
  tcase_add_test (tc, test_numbers);
  tcase_add_test (tc, test_vectors);
  tcase_add_test (tc, test_presence_and_categories);
  tcase_add_test (tc, test_persons_by_id);
  tcase_add_test (tc, test_timing);
  return s;
}

GST_CHECK_MAIN (ab_compare);
