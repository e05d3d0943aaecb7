/* libgstruview — what every element of every gst-ruview plugin shares: the
 * one-time initialisation (one translation domain) and the room geometry
 * settings (node positions and room box) as elements take them. */
#ifndef GST_RUVIEW_ELEMENT_H
#define GST_RUVIEW_ELEMENT_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"
#include "ruview/tomography.h"

G_BEGIN_DECLS

/* Binds the gettext domain of the user-facing messages, once per process;
 * called from each element's registration. */
GST_RUVIEW_API
void gst_rv_element_init (GstPlugin * plugin);

/* Parses an element's `node-positions` and `bounds` settings (the syntax of
 * ruview/room_geometry.h) into ids/pos (cap entries each; *n the count) and
 * box[6].  On bad text posts a RESOURCE/SETTINGS error on element naming the
 * setting and returns FALSE. */
GST_RUVIEW_API
gboolean gst_rv_element_parse_room (GstElement * element,
    const gchar * positions, const gchar * bounds, guint32 * ids,
    RvPosition3D * pos, gsize cap, gsize * n, gdouble box[6]);

G_END_DECLS
#endif
