/* GStreamer RuView — csisrc: CSI source (UDP ADR-018, files, synthetic room)
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */
#ifndef __GST_CSI_SRC_H__
#define __GST_CSI_SRC_H__

#include <gst/gst.h>
#include <gst/base/gstpushsrc.h>
#include "gst/ruview/rvenums.h"

G_BEGIN_DECLS

#define GST_TYPE_RV_CSI_SRC (gst_rv_csi_src_get_type ())
G_DECLARE_FINAL_TYPE (GstRvCsiSrc, gst_rv_csi_src, GST, RV_CSI_SRC, GstPushSrc);


G_END_DECLS
#endif
