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

G_BEGIN_DECLS

#define GST_TYPE_RV_CSI_SRC (gst_rv_csi_src_get_type ())
G_DECLARE_FINAL_TYPE (GstRvCsiSrc, gst_rv_csi_src, GST, RV_CSI_SRC, GstPushSrc);

/**
 * GstRvCsiSrcIqOrder:
 * @GST_RV_CSI_SRC_IQ_I_FIRST: byte 2k is the real part (RuView's convention)
 * @GST_RV_CSI_SRC_IQ_Q_FIRST: byte 2k is the imaginary part (ESP-IDF's
 *   documented (imag, real) order)
 *
 * Byte order inside each int8 pair of an ESP32 CSI payload.
 */
typedef enum
{
  GST_RV_CSI_SRC_IQ_I_FIRST = 0,
  GST_RV_CSI_SRC_IQ_Q_FIRST = 1
} GstRvCsiSrcIqOrder;

#define GST_TYPE_RV_CSI_SRC_IQ_ORDER (gst_rv_csi_src_iq_order_get_type ())
GType gst_rv_csi_src_iq_order_get_type (void);

G_END_DECLS
#endif
