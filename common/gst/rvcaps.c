/* libgstruview — media types and caps (see rvcaps.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "gst/ruview/rvcaps.h"
#include "ruview/record.h"

GstCaps *
gst_rv_csi_caps_new (const gchar * layout, gboolean calibrated,
    gboolean phase_aligned)
{
  return gst_caps_new_simple (GST_RV_CSI_MEDIA_TYPE,
      "layout", G_TYPE_STRING, layout,
      "calibrated", G_TYPE_BOOLEAN, calibrated,
      "phase-aligned", G_TYPE_BOOLEAN, phase_aligned, NULL);
}

GstCaps *
gst_rv_fused_caps_new (gint fps_n, gint fps_d, gboolean calibrated)
{
  return gst_caps_new_simple (GST_RV_FUSED_MEDIA_TYPE,
      "framerate", GST_TYPE_FRACTION, fps_n, fps_d,
      "calibrated", G_TYPE_BOOLEAN, calibrated, NULL);
}

gboolean
gst_rv_csi_caps_parse (const GstCaps * caps, gint * layout,
    gboolean * calibrated, gboolean * phase_aligned)
{
  const GstStructure *s;
  const gchar *l;
  gboolean c = FALSE, a = FALSE;

  if (!caps || gst_caps_get_size (caps) < 1)
    return FALSE;
  s = gst_caps_get_structure (caps, 0);
  if (!gst_structure_has_name (s, GST_RV_CSI_MEDIA_TYPE))
    return FALSE;
  l = gst_structure_get_string (s, "layout");
  if (!l)
    return FALSE;
  if (strcmp (l, GST_RV_LAYOUT_COMPLEX) == 0) {
    if (layout)
      *layout = RV_LAYOUT_COMPLEX;
  } else if (strcmp (l, GST_RV_LAYOUT_CANONICAL) == 0) {
    if (layout)
      *layout = RV_LAYOUT_CANONICAL;
  } else {
    return FALSE;
  }
  if (!gst_structure_get_boolean (s, "calibrated", &c) ||
      !gst_structure_get_boolean (s, "phase-aligned", &a))
    return FALSE;
  if (calibrated)
    *calibrated = c;
  if (phase_aligned)
    *phase_aligned = a;
  return TRUE;
}

#define SOURCE_QUERY_NAME "ruview-source"

GstQuery *
gst_rv_query_new_source (void)
{
  return gst_query_new_custom (GST_QUERY_CUSTOM,
      gst_structure_new_empty (SOURCE_QUERY_NAME));
}

gboolean
gst_rv_query_is_source (GstQuery * query)
{
  const GstStructure *s;

  if (GST_QUERY_TYPE (query) != GST_QUERY_CUSTOM)
    return FALSE;
  s = gst_query_get_structure (query);
  return s && gst_structure_has_name (s, SOURCE_QUERY_NAME);
}

void
gst_rv_query_set_source (GstQuery * query, const gchar * source)
{
  GstStructure *s;

  g_return_if_fail (gst_rv_query_is_source (query));
  s = gst_query_writable_structure (query);
  gst_structure_set (s, "source", G_TYPE_STRING, source, NULL);
}

const gchar *
gst_rv_query_parse_source (GstQuery * query)
{
  g_return_val_if_fail (gst_rv_query_is_source (query), NULL);
  return gst_structure_get_string (gst_query_get_structure (query), "source");
}
