/* libgstruview — the order of the chain, for elements that can tell a
 * mis-ordered pipeline before any data flows.
 *
 *   csisrc ! rvcalibrate ! rvphasealign ! rvmultistaticfuse ! rvcirgate
 *     ! rvtomography ! rvposetrack ! rvwitness ! rvmetaconvert
 *
 * Every stage says in its caps what it did (layout, calibrated,
 * phase-aligned, fused), so an element that knows what it will produce can
 * ask downstream what it accepts when it starts, and fail the state change
 * with a message naming the missing or misplaced stage instead of a bare
 * not-negotiated from the streaming thread later. */
#ifndef GST_RUVIEW_CHAIN_H
#define GST_RUVIEW_CHAIN_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

/* The element order, for messages */
#define GST_RV_CHAIN_ORDER_TEXT "csisrc ! rvcalibrate ! rvphasealign ! " \
  "rvmultistaticfuse ! rvcirgate ! rvtomography ! rvposetrack ! rvwitness " \
  "! rvmetaconvert"

/* What to do so that a stream of `produced` caps reaches an element that
 * takes `accepted` (e.g. "insert rvphasealign before it: ..."); a new
 * string. */
GST_RUVIEW_API
gchar *gst_rv_chain_advice (const GstCaps * produced, const GstCaps * accepted);

/* Asks the peer of srcpad what it accepts; when that cannot take
 * `produced`, posts a CORE/NEGOTIATION error from element naming the next
 * element and the stage to insert or move, and returns FALSE.  TRUE when
 * srcpad has no peer yet or the caps fit.  Call it when the element starts
 * (READY→PAUSED): downstream elements are already PAUSED, and a failed
 * state change ends gst-launch at once. */
GST_RUVIEW_API
gboolean gst_rv_chain_check_downstream (GstElement * element, GstPad * srcpad,
    const GstCaps * produced);

G_END_DECLS
#endif
