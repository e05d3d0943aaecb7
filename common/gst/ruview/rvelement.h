/* libgstruview — one-time initialisation shared by every element of every
 * gst-ruview plugin (they share one translation domain). */
#ifndef GST_RUVIEW_ELEMENT_H
#define GST_RUVIEW_ELEMENT_H

#include <gst/gst.h>
#include "gst/ruview/rvapi.h"

G_BEGIN_DECLS

/* Binds the gettext domain of the user-facing messages, once per process;
 * called from each element's registration. */
GST_RUVIEW_API
void gst_rv_element_init (GstPlugin * plugin);

G_END_DECLS
#endif
