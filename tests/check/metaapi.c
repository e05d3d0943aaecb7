/* The public meta API: only the public headers (opaque structs, accessors)
 * are included here, as an application would.  What the accessors return
 * for each cycle of a real chain equals what rvmetaconvert writes for the
 * same buffer. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <stdlib.h>
#include <string.h>

#include "gst/ruview/rvcirmeta.h"
#include "gst/ruview/rvgatemeta.h"
#include "gst/ruview/rvoccupancymeta.h"
#include "gst/ruview/rvposemeta.h"
#include "gst/ruview/rvqualitymeta.h"
#include "gst/ruview/rvwitnessmeta.h"
#include "ruview/json.h"

/* what the accessors said, per cycle (keyed by PTS) */
typedef struct
{
  GstClockTime pts;
  gchar witness[65];
  gchar klass[16];
  gboolean has_occupancy;
  guint64 occupied;
  guint persons;
  guint32 first_id;
  gdouble nose_x;
  gchar decision[16];
  guint tap;
  gfloat penalized;
} Seen;

static GArray *seen;
static GPtrArray *docs;

static void
on_meta_buffer (GstElement * sink, GstBuffer * buf, GstPad * pad, gpointer u)
{
  GstRvWitnessMeta *w = gst_buffer_get_rv_witness_meta (buf);
  GstRvOccupancyMeta *o = gst_buffer_get_rv_occupancy_meta (buf);
  GstRvPoseMeta *p = gst_buffer_get_rv_pose_meta (buf);
  GstRvGateMeta *g = gst_buffer_get_rv_gate_meta (buf);
  GstRvCirMeta *c = gst_buffer_get_rv_cir_meta (buf);
  GstRvQualityMeta *q = gst_buffer_get_rv_quality_meta (buf);
  Seen s;

  if (!w)
    return;
  memset (&s, 0, sizeof (s));
  s.pts = GST_BUFFER_PTS (buf);
  g_strlcpy (s.witness, gst_rv_witness_meta_get_witness (w), 65);
  g_strlcpy (s.klass, gst_rv_witness_meta_get_effective_class (w), 16);
  if (o) {
    gsize n = 0;
    s.has_occupancy = TRUE;
    s.occupied = gst_rv_occupancy_meta_get_occupied_count (o);
    fail_unless (gst_rv_occupancy_meta_get_densities (o, &n) != NULL);
    fail_unless_equals_uint64 (n, gst_rv_occupancy_meta_get_total_voxels (o));
  }
  fail_unless (p != NULL && g != NULL && c != NULL && q != NULL);
  s.persons = gst_rv_pose_meta_get_n_persons (p);
  if (s.persons > 0) {
    s.first_id = gst_rv_pose_meta_get_person_id (p, 0);
    fail_unless (gst_rv_pose_meta_get_person_keypoint (p, 0, 0, &s.nose_x,
            NULL, NULL));
    fail_if (gst_rv_pose_meta_get_person_keypoint (p, 0, 17, NULL, NULL,
            NULL));
  }
  g_strlcpy (s.decision, gst_rv_gate_meta_get_decision (g), 16);
  s.tap = gst_rv_cir_meta_get_dominant_tap_index (c);
  s.penalized = gst_rv_quality_meta_get_penalized_coherence (q);
  g_array_append_val (seen, s);
}

static void
on_json_buffer (GstElement * sink, GstBuffer * buf, GstPad * pad, gpointer u)
{
  GstMapInfo map;
  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  g_ptr_array_add (docs, g_strndup ((const gchar *) map.data, map.size));
  gst_buffer_unmap (buf, &map);
}

static const RvJsonValue *
at (const RvJsonValue * v, const gchar * a, const gchar * b)
{
  v = v ? rv_json_get (v, a) : NULL;
  return v && b ? rv_json_get (v, b) : v;
}

GST_START_TEST (test_accessors_agree_with_json)
{
  GstElement *p = gst_parse_launch ("csisrc num-buffers=1600 ! rvphasealign "
      "! rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! "
      "rvwitness ! tee name=t t. ! queue ! fakesink name=m "
      "signal-handoffs=true t. ! queue ! rvmetaconvert detail=summary ! "
      "fakesink name=j signal-handoffs=true", NULL);
  GstElement *m = gst_bin_get_by_name (GST_BIN (p), "m");
  GstElement *j = gst_bin_get_by_name (GST_BIN (p), "j");
  GstBus *bus = gst_element_get_bus (p);
  GstMessage *msg;
  RvJsonDoc *doc = rv_json_doc_new ();
  guint i, with_persons = 0, with_occupancy = 0;

  seen = g_array_new (FALSE, FALSE, sizeof (Seen));
  docs = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (m, "handoff", G_CALLBACK (on_meta_buffer), NULL);
  g_signal_connect (j, "handoff", G_CALLBACK (on_json_buffer), NULL);
  gst_element_set_state (p, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (p, GST_STATE_NULL);

  fail_unless_equals_int (seen->len, docs->len);
  fail_unless (seen->len > 70);
  for (i = 0; i < seen->len; i++) {
    const Seen *s = &g_array_index (seen, Seen, i);
    const gchar *text = g_ptr_array_index (docs, i);
    const RvJsonValue *v = rv_json_parse (doc, text, strlen (text), NULL,
        NULL), *x;
    guint64 u;

    fail_unless (v != NULL);
    fail_unless (rv_json_as_u64 (rv_json_get (v, "pts_ns"), &u) == 0
        && u == s->pts);
    fail_unless_equals_string (at (v, "witness", "witness")->text,
        s->witness);
    fail_unless_equals_string (at (v, "witness", "effective_class")->text,
        s->klass);
    fail_unless_equals_string (at (v, "gate", "decision")->text, s->decision);
    fail_unless (rv_json_as_u64 (at (v, "cir", "dominant_tap_idx"), &u) == 0
        && u == s->tap);
    {
      gfloat f;
      fail_unless (rv_json_as_f32 (at (v, "quality", "penalized_coherence"),
              &f) == 0 && f == s->penalized);
    }
    x = at (v, "occupancy", "occupied_count");
    fail_unless ((x != NULL) == s->has_occupancy);
    if (x) {
      fail_unless (rv_json_as_u64 (x, &u) == 0 && u == s->occupied);
      with_occupancy++;
    }
    fail_unless (rv_json_as_u64 (at (v, "pose", "n_persons"), &u) == 0
        && u == s->persons);
    if (s->persons > 0) {
      x = at (v, "pose", "persons");
      fail_unless (rv_json_as_u64 (rv_json_get (x->child, "id"), &u) == 0
          && u == s->first_id);
      with_persons++;
    }
  }
  fail_unless (with_occupancy > 30);
  fail_unless (with_persons > 10);
  fail_unless_equals_string (gst_rv_pose_keypoint_name (0), "nose");
  fail_unless (gst_rv_pose_keypoint_name (17) == NULL);

  rv_json_doc_free (doc);
  g_array_free (seen, TRUE);
  g_ptr_array_free (docs, TRUE);
  gst_object_unref (m);
  gst_object_unref (j);
  gst_object_unref (bus);
  gst_object_unref (p);
}

GST_END_TEST;

static Suite *
metaapi_suite (void)
{
  Suite *s = suite_create ("metaapi");
  TCase *tc = tcase_create ("general");
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_accessors_agree_with_json);
  return s;
}

GST_CHECK_MAIN (metaapi);
