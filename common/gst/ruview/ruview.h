/* gst-ruview — the application API: one header for everything installed.
 *
 *   #include <gst/ruview/ruview.h>
 *
 * compiled with `pkg-config --cflags --libs gstreamer-ruview-1.0`.  It
 * declares the metas the gst-ruview elements attach to the buffers of a
 * pipeline (read them from an appsink or a pad probe with
 * gst_buffer_get_rv_<name>_meta() and their accessors), the enums of the
 * elements' properties and the media types of their pads.  See
 * docs/api.md. */
#ifndef GST_RUVIEW_H
#define GST_RUVIEW_H

#include <gst/ruview/rvapi.h>
#include <gst/ruview/rvcaps.h>
#include <gst/ruview/rvenums.h>
#include <gst/ruview/rvdriftmeta.h>
#include <gst/ruview/rvqualitymeta.h>
#include <gst/ruview/rvcirmeta.h>
#include <gst/ruview/rvgatemeta.h>
#include <gst/ruview/rvoccupancymeta.h>
#include <gst/ruview/rvposemeta.h>
#include <gst/ruview/rvsensingmeta.h>
#include <gst/ruview/rvwitnessmeta.h>

#endif
