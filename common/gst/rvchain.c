/* libgstruview — the order of the chain (see rvchain.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <glib/gi18n-lib.h>
#include "gst/ruview/rvchain.h"
#include "gst/ruview/rvcaps.h"

/* The first structure of caps named name, or NULL */
static const GstStructure *
structure_named (const GstCaps * caps, const gchar * name)
{
  guint i;

  for (i = 0; i < gst_caps_get_size (caps); i++) {
    const GstStructure *s = gst_caps_get_structure (caps, i);
    if (gst_structure_has_name (s, name))
      return s;
  }
  return NULL;
}

/* Whether field of the accepted structure s takes the produced one's (a
 * field either does not have fits) */
static gboolean
accepts (const GstStructure * s, const GstStructure * p, const gchar * field)
{
  const GValue *want = gst_structure_get_value (s, field);
  const GValue *have = gst_structure_get_value (p, field);
  return !want || !have || gst_value_intersect (NULL, want, have);
}

/* What produced CSI frames lack for the CSI stage s, as advice */
static gchar *
csi_advice (const GstStructure * p, const GstStructure * s)
{
  const gchar *layout = gst_structure_get_string (p, "layout");
  gboolean calibrated = FALSE, aligned = FALSE;

  gst_structure_get_boolean (p, "calibrated", &calibrated);
  gst_structure_get_boolean (p, "phase-aligned", &aligned);
  if (layout && !accepts (s, p, "layout")) {
    if (g_str_equal (layout, GST_RV_LAYOUT_COMPLEX))
      return g_strdup (_("insert rvphasealign before it: it turns the raw "
              "complex frames into the phase-aligned canonical frames the "
              "element takes"));
    return g_strdup (_("the frames are already phase-aligned (canonical): "
            "the stages that take raw complex frames (rvcalibrate, "
            "rvphasealign) go before rvphasealign"));
  }
  if (!accepts (s, p, "phase-aligned"))
    return g_strdup (aligned ? _("the frames are already phase-aligned: "
            "move this stage before rvphasealign") :
        _("insert rvphasealign before it"));
  if (!accepts (s, p, "calibrated"))
    return g_strdup (calibrated ? _("the frames are already calibrated: "
            "remove the second rvcalibrate (or replay a recording taken "
            "before rvcalibrate)") : _("insert rvcalibrate before it"));
  return NULL;
}

gchar *
gst_rv_chain_advice (const GstCaps * produced, const GstCaps * accepted)
{
  const GstStructure *p, *s;
  gchar *advice = NULL;

  g_return_val_if_fail (produced != NULL && accepted != NULL, NULL);
  if (gst_caps_is_empty (accepted))
    return g_strdup_printf (_("the elements after it take none of these "
            "frames: a stage is missing or out of order (the order is %s)"),
        GST_RV_CHAIN_ORDER_TEXT);
  if (gst_caps_is_empty (produced) || gst_caps_is_any (produced))
    return g_strdup (_("check the order of the chain"));
  p = gst_caps_get_structure (produced, 0);

  if (gst_structure_has_name (p, GST_RV_CSI_MEDIA_TYPE)) {
    s = structure_named (accepted, GST_RV_CSI_MEDIA_TYPE);
    if (s)
      advice = csi_advice (p, s);
    else if (structure_named (accepted, GST_RV_FUSED_MEDIA_TYPE)) {
      const gchar *layout = gst_structure_get_string (p, "layout");
      gboolean aligned = FALSE;
      gst_structure_get_boolean (p, "phase-aligned", &aligned);
      advice = g_strdup (layout && g_str_equal (layout, GST_RV_LAYOUT_COMPLEX)
          ? _("it takes fused cycles: insert rvphasealign ! "
              "rvmultistaticfuse before it")
          : _("it takes fused cycles: insert rvmultistaticfuse before it"));
    }
  } else if (gst_structure_has_name (p, GST_RV_FUSED_MEDIA_TYPE)) {
    if (structure_named (accepted, GST_RV_CSI_MEDIA_TYPE))
      advice = g_strdup (_("it takes the frames of single nodes, which come "
              "before rvmultistaticfuse: move it before rvmultistaticfuse"));
  }
  if (!advice) {
    gchar *want = gst_caps_to_string (accepted);
    advice = g_strdup_printf (_("it takes %s (the order is %s)"), want,
        GST_RV_CHAIN_ORDER_TEXT);
    g_free (want);
  }
  return advice;
}

gboolean
gst_rv_chain_check_downstream (GstElement * element, GstPad * srcpad,
    const GstCaps * produced)
{
  GstPad *peer = gst_pad_get_peer (srcpad);
  GstCaps *accepted;
  gchar *advice, *next, *ours;
  gboolean ok;

  if (!peer)
    return TRUE;
  accepted = gst_pad_query_caps (peer, NULL);
  ok = gst_caps_can_intersect (produced, accepted);
  if (!ok) {
    GstObject *parent = gst_pad_get_parent (peer);
    advice = gst_rv_chain_advice (produced, accepted);
    next = parent ? gst_object_get_name (parent) : gst_pad_get_name (peer);
    ours = gst_caps_to_string (produced);
    GST_ELEMENT_ERROR (element, CORE, NEGOTIATION,
        (_("The next element, %s, does not take what %s produces: %s."),
            next, GST_ELEMENT_NAME (element), advice),
        ("%s produces %s; downstream accepts %" GST_PTR_FORMAT,
            GST_ELEMENT_NAME (element), ours, accepted));
    g_free (ours);
    g_free (next);
    g_free (advice);
    gst_clear_object (&parent);
  }
  gst_caps_unref (accepted);
  gst_object_unref (peer);
  return ok;
}
